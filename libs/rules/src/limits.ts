import { formatPath, PathSegment } from './json-path';
import type { RuleProblem } from './rule-file.types';

/**
 * The limits every rule file is held to — on disk, from the CLI and on
 * `POST /v1/rule-sets/:ruleSet/versions` — so that a hostile file gets problems, never a crash.
 * The nesting limit is checked before anything recurses (scanner, Ajv, validator, compiler,
 * evaluator), so no file can overflow a stack.
 */
export const RULE_FILE_LIMITS = Object.freeze({
  /** Bytes of the file's text. */
  maxFileBytes: 5_000_000,
  /**
   * Levels of JSON nesting (objects and arrays): `{"a":[1]}` has 2. The same as the API's limit on
   * every request body (MAX_BODY_DEPTH of the platform), so a file is refused alike everywhere;
   * conditions can still nest 14 levels (`all` inside `all`) in a rule.
   */
  maxDepth: 32,
  /** Rules in one file. */
  maxRules: 1_000,
  /** Condition nodes (all/any/not, references and leaves) in rules and shared conditions together. */
  maxConditions: 10_000,
  /** Characters of any string, object keys included. */
  maxStringLength: 10_000,
  /** Characters of a number as written in the file. */
  maxNumberLength: 40,
});

/** The same nesting limit for the facts a caller passes (json, object and list facts). */
export const MAX_FACT_DEPTH = RULE_FILE_LIMITS.maxDepth;

interface Frame {
  value: unknown;
  segments: PathSegment[];
  depth: number;
}

/**
 * Walks a parsed JSON value without recursion and reports the first breach of each limit the
 * value itself can show (depth, string length, non-finite numbers), with its path. Stops at the
 * first nesting breach: nothing below it is looked at.
 */
export function jsonLimitProblems(root: unknown, maxDepth: number = RULE_FILE_LIMITS.maxDepth): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const stack: Frame[] = [{ value: root, segments: [], depth: 0 }];
  let strings = 0;
  while (stack.length > 0) {
    const { value, segments, depth } = stack.pop() as Frame;
    if (typeof value === 'string') {
      if (value.length > RULE_FILE_LIMITS.maxStringLength && strings++ < 10)
        problems.push({
          path: formatPath(segments),
          message: `string of ${value.length} characters is longer than the limit of ${RULE_FILE_LIMITS.maxStringLength}`,
        });
      continue;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value))
        problems.push({ path: formatPath(segments), message: 'number is out of range (not a finite number)' });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > maxDepth) {
      problems.push({
        path: formatPath(segments),
        message: `nesting deeper than ${maxDepth} levels (objects and arrays); nothing below this point was checked`,
      });
      return problems;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], segments: [...segments, i], depth: depth + 1 });
    } else {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        if (key.length > RULE_FILE_LIMITS.maxStringLength && strings++ < 10)
          problems.push({
            path: formatPath(segments),
            message: `a key of ${key.length} characters is longer than the limit of ${RULE_FILE_LIMITS.maxStringLength}`,
          });
        stack.push({ value: (value as Record<string, unknown>)[key], segments: [...segments, key], depth: depth + 1 });
      }
    }
  }
  return problems;
}

/** The depth of a JSON value (a scalar is 0), without recursion; stops counting past `cap`. */
export function jsonDepthExceeds(root: unknown, cap: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > cap) return true;
    for (const member of Array.isArray(value) ? value : Object.values(value)) stack.push([member, depth + 1]);
  }
  return false;
}

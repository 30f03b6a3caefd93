import { canonicalJson } from './canonical-json';
import { compileRuleSet, type CompiledRuleSet } from './compile-rule-set';
import { runEmbeddedTestsWith } from './embedded-tests';
import { RuleFileInvalidError } from './rule-errors';
import type { RuleProblem, RuleFile } from './rule-file.types';
import { validateRuleFile } from './validate-rule-file';

/** The facts of a publish or impact check that a caller needs back: problems, or what to store. */
export type FileCheck =
  | { ok: false; problems: RuleProblem[] }
  | { ok: true; ruleSet: string; version: string; contentHash: string; canonical: string };

/**
 * Everything publishing checks, in one pure function (run in the rule worker thread, see
 * rule-work.ts): schema, operators, facts, parameters, the rule set the route names, and — when
 * `runTests` — the embedded tests. Returns every problem at once, or the compiled version.
 */
export function checkRuleFile(
  file: unknown,
  options: { expectedRuleSet?: string; runTests: boolean; ruleSetMessage?: 'publish' | 'impact' },
): { problems: RuleProblem[] } | { compiled: CompiledRuleSet } {
  const problems: RuleProblem[] = validateRuleFile(file);
  const named = (file as { ruleSet?: unknown } | null)?.ruleSet;
  if (options.expectedRuleSet !== undefined && typeof named === 'string' && named !== options.expectedRuleSet) {
    if (options.ruleSetMessage === 'impact')
      problems.push({
        path: '$.ruleSet',
        message: `must be "${options.expectedRuleSet}" (the rule set in the path), not "${named}"`,
      });
    else if (problems.length === 0)
      problems.push({
        path: '$.ruleSet',
        message: `the file is for rule set ${named}, not ${options.expectedRuleSet}`,
      });
  }
  if (problems.length > 0) return { problems };
  const compiled = compileRuleSet(file as RuleFile);
  if (options.runTests) {
    const failed = runEmbeddedTestsWith(compiled).filter((t) => !t.passed);
    if (failed.length > 0)
      return {
        problems: failed.map((t) => ({
          path: `$.tests[?(@.name=='${t.name}')]`,
          message: `embedded test fails: ${t.mismatches.join('; ')}`,
        })),
      };
  }
  return { compiled };
}

/**
 * A draft for the simulator: validated (every problem at once) and compiled as a version of
 * `ruleSet`, in this thread. Neither its contract nor its embedded tests are checked — the
 * simulator shows what a draft would answer, even one the code cannot use yet; publishing and
 * impact refuse such a file (`VersionStore.checkCandidate`).
 * @throws RuleFileInvalidError (CBC.0100)
 */
export function compileDraft(ruleSet: string, file: unknown): CompiledRuleSet {
  const result = checkRuleFile(file, { expectedRuleSet: ruleSet, runTests: false, ruleSetMessage: 'impact' });
  if ('problems' in result) throw new RuleFileInvalidError(result.problems);
  return result.compiled;
}

export function toFileCheck(result: ReturnType<typeof checkRuleFile>): FileCheck {
  if ('problems' in result) return { ok: false, problems: result.problems };
  const { compiled } = result;
  return {
    ok: true,
    ruleSet: compiled.ruleSet,
    version: compiled.version,
    contentHash: compiled.contentHash,
    canonical: canonicalJson(compiled.file),
  };
}

/** The facts a version declares, of those recorded (a candidate may use fewer facts than the recorded version had). */
export function declaredFacts(compiled: CompiledRuleSet, facts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(compiled.file.facts)
      .filter((name) => Object.prototype.hasOwnProperty.call(facts, name))
      .map((name) => [name, facts[name]]),
  );
}

import { canonicalJson } from './canonical-json';
import { compileRuleSet, CompiledRuleSet, Evaluation } from './compile-rule-set';
import type { EmbeddedTest, ExpectedOutcome, JsonValue, RuleFile } from './rule-file.types';

export interface EmbeddedTestResult {
  name: string;
  passed: boolean;
  expected: ExpectedOutcome;
  actual: ExpectedOutcome & { message?: string };
  /** What differs, e.g. `reasons: expected ["CBC.5021"], got []`; empty when passed. */
  mismatches: string[];
  /** The evaluation, when it did not fail. */
  evaluation?: Evaluation;
}

/** The facts of an embedded test: the facts' examples, overridden by the test (null leaves a fact out). */
export function embeddedTestFacts(file: RuleFile, test: EmbeddedTest): Record<string, JsonValue> {
  const facts: Record<string, JsonValue> = {};
  for (const [name, declaration] of Object.entries(file.facts)) {
    if (declaration.example !== undefined) facts[name] = declaration.example;
  }
  for (const [name, value] of Object.entries(test.facts)) {
    if (value === null) delete facts[name];
    else facts[name] = value;
  }
  return facts;
}

/** Runs the embedded tests of a rule file against its own compiled rules. */
export function runEmbeddedTests(file: RuleFile): EmbeddedTestResult[] {
  return runEmbeddedTestsWith(compileRuleSet(file));
}

export function runEmbeddedTestsWith(compiled: CompiledRuleSet): EmbeddedTestResult[] {
  return compiled.file.tests.map((test) => runOne(compiled, test));
}

function runOne(compiled: CompiledRuleSet, test: EmbeddedTest): EmbeddedTestResult {
  const expected = test.expected;
  let actual: EmbeddedTestResult['actual'];
  let evaluation: Evaluation | undefined;
  try {
    evaluation = compiled.evaluate(embeddedTestFacts(compiled.file, test));
    actual = {
      effect: evaluation.outcome.effect,
      ...(evaluation.outcome.value !== undefined ? { value: evaluation.outcome.value } : {}),
      reasons: evaluation.reasons.map((reason) => reason.code),
      matchedRules: evaluation.matchedRules,
    };
  } catch (error) {
    const code =
      typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'exception';
    actual = { error: code, message: error instanceof Error ? error.message : String(error) };
  }
  const mismatches: string[] = [];
  const check = (field: keyof ExpectedOutcome, normalize: (v: unknown) => unknown = (v) => v): void => {
    if (expected[field] === undefined) return;
    const want = canonicalJson(normalize(expected[field]));
    const got = actual[field] === undefined ? 'undefined' : canonicalJson(normalize(actual[field]));
    if (want !== got) mismatches.push(`${field}: expected ${want}, got ${got}`);
  };
  const sorted = (v: unknown): unknown => (Array.isArray(v) ? [...(v as string[])].sort() : v);
  check('error');
  check('effect');
  check('value');
  check('reasons');
  check('matchedRules', sorted);
  if (expected.error === undefined && actual.error !== undefined)
    mismatches.push(`evaluation failed: ${actual.message ?? actual.error}`);
  return {
    name: test.name,
    passed: mismatches.length === 0,
    expected,
    actual,
    mismatches,
    ...(evaluation ? { evaluation } : {}),
  };
}

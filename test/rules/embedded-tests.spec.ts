import { canonicalJson, compileRuleSet, parseRuleFileText, runEmbeddedTestsWith } from '@pps/rules';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RULE_SETS, RULES_DIR } from './rules-dir';

/**
 * The runner of the embedded tests: every case of every shipped rule file is one jest test, named
 * after the file and the case, so a failure points at the case (and the case names the domain rule).
 */
const shipped = readdirSync(RULES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) =>
    readdirSync(path.join(RULES_DIR, dir.name))
      .filter((name) => name.endsWith('.json'))
      .map((name) => path.join(dir.name, name)),
  )
  .sort();

const parsed = shipped.map((relative) => ({
  relative,
  ...parseRuleFileText(readFileSync(path.join(RULES_DIR, relative), 'utf8'), relative),
}));

it('ships a 1.0.0 version of each of the six rule sets of DOMAIN.md', () => {
  for (const ruleSet of RULE_SETS) expect(shipped).toContain(path.join(ruleSet, '1.0.0.json'));
});

describe.each(parsed)('$relative', ({ file, problems }) => {
  it('is a valid rule file', () => {
    expect(problems).toEqual([]);
  });

  if (!file) return;
  const compiled = compileRuleSet(file);
  const results = runEmbeddedTestsWith(compiled);

  it.each(results.map((result) => [result.name, result] as const))('embedded test: %s', (_name, result) => {
    expect({ passed: result.passed, mismatches: result.mismatches }).toEqual({ passed: true, mismatches: [] });
  });

  it('has embedded tests where every rule matches at least once and fails to match at least once', () => {
    const matchedSomewhere = new Set<string>();
    const unmatchedSomewhere = new Set<string>();
    for (const result of results) {
      for (const rule of result.evaluation?.results ?? [])
        (rule.result ? matchedSomewhere : unmatchedSomewhere).add(rule.rule);
    }
    const names = file.rules.map((rule) => rule.name);
    expect(names.filter((name) => !matchedSomewhere.has(name))).toEqual([]);
    expect(names.filter((name) => !unmatchedSomewhere.has(name))).toEqual([]);
  });

  it('has embedded tests on the allow side, on the deny side when it has deny rules, and for every value a rule decides', () => {
    const effects = new Set(results.map((result) => result.evaluation?.outcome.effect));
    expect(effects.has('allow')).toBe(true);
    if (file.rules.some((rule) => rule.event.type === 'deny')) expect(effects.has('deny')).toBe(true);
    const seenValues = new Set(results.map((result) => canonicalJson(result.evaluation?.outcome.value ?? null)));
    const ruleValues = file.rules
      .filter((rule) => rule.event.type === 'value')
      .map((rule) => canonicalJson(rule.event.params?.value ?? null));
    expect(ruleValues.filter((value) => !seenValues.has(value))).toEqual([]);
  });

  // The six rule sets of DOMAIN.md each prove that a wrong fact type is an error, not a silent deny.
  if ((RULE_SETS as readonly string[]).includes(file.ruleSet)) {
    it('has an embedded test proving that a wrongly typed fact is a CBC.0100 error, not a silent deny', () => {
      expect(results.some((result) => result.expected.error === 'CBC.0100' && result.passed)).toBe(true);
    });
  }
});

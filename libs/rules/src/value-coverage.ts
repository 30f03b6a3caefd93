import { compileRuleSet } from './compile-rule-set';
import type { JsonValue, RuleFile } from './rule-file.types';

export interface CoverageReport {
  ok: boolean;
  /** How many fact combinations were enumerated. */
  combinations: number;
  /** Combinations that no value rule decides. */
  gaps: Array<Record<string, JsonValue>>;
  /** Combinations that more than one value rule decides, with those rules. */
  overlaps: Array<{ combination: Record<string, JsonValue>; rules: string[] }>;
  /** Why the check could not run completely (a fact that cannot be enumerated and has no example). */
  problems: string[];
}

/**
 * Proves that a value rule set is a function of its facts: enumerates every combination of the
 * values of its enum and boolean facts (optional ones also as absent) and checks that exactly one
 * value rule matches each. Other facts take their example value.
 */
export function checkValueCoverage(file: RuleFile): CoverageReport {
  const compiled = compileRuleSet(file);
  const valueRules = new Set(file.rules.filter((rule) => rule.event.type === 'value').map((rule) => rule.name));
  const problems: string[] = [];
  const axes: Array<{ name: string; values: JsonValue[] }> = [];
  for (const [name, declaration] of Object.entries(file.facts)) {
    let values: JsonValue[];
    if (declaration.type === 'enum') values = [...(declaration.values ?? [])];
    else if (declaration.type === 'boolean') values = [false, true];
    else if (declaration.example !== undefined) values = [declaration.example];
    else {
      problems.push(`fact "${name}" (${declaration.type}) cannot be enumerated and has no example`);
      continue;
    }
    if (declaration.required === false) values.push(null);
    axes.push({ name, values });
  }
  if (valueRules.size === 0) problems.push('the rule set has no value rules');
  const gaps: CoverageReport['gaps'] = [];
  const overlaps: CoverageReport['overlaps'] = [];
  let combinations = 0;
  if (problems.length === 0) {
    const walk = (index: number, combination: Record<string, JsonValue>): void => {
      if (index === axes.length) {
        combinations++;
        const facts = Object.fromEntries(Object.entries(combination).filter(([, v]) => v !== null));
        const matched = compiled.evaluate(facts).matchedRules.filter((rule) => valueRules.has(rule));
        if (matched.length === 0) gaps.push({ ...combination });
        else if (matched.length > 1) overlaps.push({ combination: { ...combination }, rules: matched });
        return;
      }
      for (const value of axes[index].values) walk(index + 1, { ...combination, [axes[index].name]: value });
    };
    walk(0, {});
  }
  return {
    ok: problems.length === 0 && gaps.length === 0 && overlaps.length === 0,
    combinations,
    gaps,
    overlaps,
    problems,
  };
}

/** The refund-destination matrix check: every combination maps to exactly one destination. */
export function checkRefundCoverage(file: RuleFile): CoverageReport {
  return checkValueCoverage(file);
}

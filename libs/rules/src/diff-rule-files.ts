import { canonicalJson } from './canonical-json';
import type { JsonValue, RuleFile } from './rule-file.types';

export interface ValueChange {
  name: string;
  from: unknown;
  to: unknown;
}

export interface RuleFileDiff {
  rulesAdded: string[];
  rulesRemoved: string[];
  /** Rules present in both whose definition (conditions, priority, event, description) differs. */
  rulesChanged: string[];
  parametersAdded: Array<{ name: string; value: unknown }>;
  parametersRemoved: Array<{ name: string; value: unknown }>;
  parametersChanged: ValueChange[];
  factsAdded: string[];
  factsRemoved: string[];
  factsChanged: string[];
  defaultChanged: boolean;
  testsAdded: string[];
  testsRemoved: string[];
}

/** What changed from rule file `a` to rule file `b`, by rule, parameter, fact and test name. */
export function diffRuleFiles(a: RuleFile, b: RuleFile): RuleFileDiff {
  const rulesA = new Map(a.rules.map((rule) => [rule.name, canonicalJson(rule)]));
  const rulesB = new Map(b.rules.map((rule) => [rule.name, canonicalJson(rule)]));
  const factsA = new Map(Object.entries(a.facts).map(([name, fact]) => [name, canonicalJson(fact)]));
  const factsB = new Map(Object.entries(b.facts).map(([name, fact]) => [name, canonicalJson(fact)]));
  const paramsA = a.parameters;
  const paramsB = b.parameters;
  const testsA = new Set(a.tests.map((test) => test.name));
  const testsB = new Set(b.tests.map((test) => test.name));
  const value = (v: { value: JsonValue }): JsonValue => v.value;
  return {
    rulesAdded: [...rulesB.keys()].filter((name) => !rulesA.has(name)),
    rulesRemoved: [...rulesA.keys()].filter((name) => !rulesB.has(name)),
    rulesChanged: [...rulesA.keys()].filter((name) => rulesB.has(name) && rulesB.get(name) !== rulesA.get(name)),
    parametersAdded: Object.keys(paramsB)
      .filter((name) => !Object.hasOwn(paramsA, name))
      .map((name) => ({ name, value: value(paramsB[name]) })),
    parametersRemoved: Object.keys(paramsA)
      .filter((name) => !Object.hasOwn(paramsB, name))
      .map((name) => ({ name, value: value(paramsA[name]) })),
    parametersChanged: Object.keys(paramsA)
      .filter((name) => Object.hasOwn(paramsB, name) && canonicalJson(paramsA[name]) !== canonicalJson(paramsB[name]))
      .map((name) => ({ name, from: value(paramsA[name]), to: value(paramsB[name]) })),
    factsAdded: [...factsB.keys()].filter((name) => !factsA.has(name)),
    factsRemoved: [...factsA.keys()].filter((name) => !factsB.has(name)),
    factsChanged: [...factsA.keys()].filter((name) => factsB.has(name) && factsB.get(name) !== factsA.get(name)),
    defaultChanged: canonicalJson(a.default) !== canonicalJson(b.default),
    testsAdded: [...testsB].filter((name) => !testsA.has(name)),
    testsRemoved: [...testsA].filter((name) => !testsB.has(name)),
  };
}

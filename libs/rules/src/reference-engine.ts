import { Engine, type RuleProperties, type RuleResult as EngineRuleResult } from 'json-rules-engine';
import type { CompiledRuleSet, ConditionResult, Outcome } from './compile-rule-set';
import type { Reason } from './rule-file.types';

/**
 * A bare json-rules-engine `Engine` over the same compiled rules and operators — the reference
 * our evaluator is measured and proven against (bench, differential test). Not for production
 * use: it is the slow path.
 */
export function createReferenceEngine(compiled: CompiledRuleSet): Engine {
  const engine = new Engine(structuredClone(compiled.engineRules) as unknown as RuleProperties[], {
    allowUndefinedFacts: false,
  });
  for (const [name, fn] of compiled.engineOperators) engine.addOperator(name, fn);
  return engine;
}

export interface ReferenceEvaluation {
  outcome: Outcome;
  reasons: Reason[];
  /** Sorted by name: the engine settles rules of one priority in no fixed order. */
  matchedRules: string[];
  /** Per rule name, its result and its leaf conditions in document order. */
  results: Record<string, { result: boolean; conditions: ConditionResult[] }>;
}

/** Runs the reference engine on the normalized facts and reads its result like ours. */
export async function evaluateWithReferenceEngine(
  compiled: CompiledRuleSet,
  engine: Engine,
  facts: Record<string, unknown>,
): Promise<ReferenceEvaluation> {
  const normalized = compiled.normalizeFacts(facts);
  const run = await engine.run({ ...normalized });
  const all = [...run.results, ...run.failureResults];
  const matchedRules = run.results.map((result) => String(result.name)).sort();
  const results: ReferenceEvaluation['results'] = {};
  for (const result of all) {
    results[String(result.name)] = { result: result.result === true, conditions: leaves(result) };
  }
  return { ...compiled.outcomeOf(matchedRules), matchedRules, results };
}

interface EngineConditionJson {
  all?: EngineConditionJson[];
  any?: EngineConditionJson[];
  not?: EngineConditionJson;
  fact?: string;
  operator?: string;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

function leaves(result: EngineRuleResult): ConditionResult[] {
  const out: ConditionResult[] = [];
  const walk = (condition: EngineConditionJson): void => {
    if (condition.all) condition.all.forEach(walk);
    else if (condition.any) condition.any.forEach(walk);
    else if (condition.not) walk(condition.not);
    else {
      out.push({
        fact: String(condition.fact),
        operator: String(condition.operator),
        factValue: condition.factResult,
        value: condition.valueResult,
        result: condition.result === true,
      });
    }
  };
  walk(result.conditions as unknown as EngineConditionJson);
  return out;
}

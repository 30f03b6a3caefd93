import { Engine, type RuleProperties, type RuleResult as EngineRuleResult } from 'json-rules-engine';
import type { CompiledRuleSet, ConditionNodeResult, ConditionResult, Outcome } from './compile-rule-set';
import type { Reason } from './rule-file.types';
import { defineMember, extrasOf } from './condition-extras';

/**
 * A bare json-rules-engine `Engine` over the same compiled rules, shared conditions and operators —
 * the reference our evaluator is measured and proven against (bench, differential test,
 * conformance suite). Its options are the file's: `allowUndefinedFacts` of a language-2 file; a
 * legacy file's optional facts default to null (engine facts, which the caller's facts override).
 * Not for production use: it is the slow path.
 */
export function createReferenceEngine(compiled: CompiledRuleSet): Engine {
  const engine = new Engine(structuredClone(compiled.engineRules) as unknown as RuleProperties[], {
    allowUndefinedFacts: compiled.allowUndefinedFacts,
  });
  for (const [name, conditions] of compiled.engineConditions)
    engine.setCondition(name, structuredClone(conditions) as never);
  for (const [name, fn] of compiled.engineOperators) engine.addOperator(name, fn);
  for (const [name, value] of compiled.engineDefaultFacts) engine.addFact(name, value);
  return engine;
}

export interface ReferenceEvaluation {
  outcome: Outcome;
  reasons: Reason[];
  /** Sorted by name: the engine settles rules of one priority in no fixed order. */
  matchedRules: string[];
  /** The events of the matched rules in the engine's order. */
  events: Array<{ type: string; params?: unknown }>;
  /** The matched rules in the engine's order, with their priorities (one priority settles in no fixed order). */
  fired: Array<{ name: string; priority: number }>;
  /** Per rule name, its result and its leaf conditions in document order. */
  results: Record<string, { result: boolean; conditions: ConditionResult[]; tree: ConditionNodeResult }>;
}

/**
 * Runs the reference engine on the facts exactly as the caller sent them (after the same fact
 * check ours makes, so that a refused fact is refused by both) and reads its result like ours.
 */
export async function evaluateWithReferenceEngine(
  compiled: CompiledRuleSet,
  engine: Engine,
  facts: Record<string, unknown>,
): Promise<ReferenceEvaluation> {
  compiled.normalizeFacts(facts);
  const run = await engine.run({ ...facts });
  const all = [...run.results, ...run.failureResults];
  const matchedRules = run.results.map((result) => String(result.name)).sort();
  const results: ReferenceEvaluation['results'] = {};
  for (const result of all) {
    const tree = treeOf(result.conditions as unknown as EngineConditionJson);
    results[String(result.name)] = { result: result.result === true, conditions: leaves(result), tree };
  }
  return {
    ...compiled.outcomeOf(matchedRules),
    matchedRules,
    events: run.events,
    fired: run.results.map((result) => ({ name: String(result.name), priority: Number(result.priority) })),
    results,
  };
}

interface EngineConditionJson {
  all?: EngineConditionJson[];
  any?: EngineConditionJson[];
  not?: EngineConditionJson;
  fact?: string;
  path?: string;
  operator?: string;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
  [key: string]: unknown;
}

function leafOf(condition: EngineConditionJson): ConditionResult {
  const out: ConditionResult = { fact: String(condition.fact), operator: String(condition.operator) };
  if (condition.path !== undefined) out.path = condition.path;
  for (const [key, value] of Object.entries(extrasOf(condition))) if (key !== 'priority') defineMember(out, key, value);
  if (condition.factResult !== undefined) out.factValue = condition.factResult;
  if (condition.valueResult !== undefined) out.value = condition.valueResult;
  if (condition.result !== undefined) out.result = condition.result;
  return out;
}

/** The engine's result tree (its Condition objects, references substituted) in our shape. */
/** json-rules-engine records no result on a rule's root all/any/not; whatever it recorded is read as is. */
function treeOf(condition: EngineConditionJson): ConditionNodeResult {
  for (const kind of ['any', 'all'] as const) {
    const children = condition[kind];
    if (Array.isArray(children)) {
      const node: ConditionNodeResult = {
        kind,
        extras: extrasOf(condition),
        children: children.map((child) => treeOf(child)),
      };
      if (condition.result !== undefined) node.result = condition.result;
      return node;
    }
  }
  if (condition.not !== undefined) {
    const node: ConditionNodeResult = { kind: 'not', extras: extrasOf(condition), children: [treeOf(condition.not)] };
    if (condition.result !== undefined) node.result = condition.result;
    return node;
  }
  const leaf = leafOf(condition);
  const node: ConditionNodeResult = { kind: 'leaf', extras: extrasOf(condition), leaf };
  if (leaf.result !== undefined) node.result = leaf.result;
  return node;
}

function leaves(result: EngineRuleResult): ConditionResult[] {
  const out: ConditionResult[] = [];
  const stack: EngineConditionJson[] = [result.conditions as unknown as EngineConditionJson];
  while (stack.length > 0) {
    const condition = stack.pop() as EngineConditionJson;
    if (condition.all) for (let i = condition.all.length - 1; i >= 0; i--) stack.push(condition.all[i]);
    else if (condition.any) for (let i = condition.any.length - 1; i >= 0; i--) stack.push(condition.any[i]);
    else if (condition.not) stack.push(condition.not);
    else out.push(leafOf(condition));
  }
  return out;
}

/** Sets an own member, whatever its name (`__proto__` included), as JSON.parse does. */

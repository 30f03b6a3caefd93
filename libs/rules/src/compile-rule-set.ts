import { sha256OfCanonicalJson } from './canonical-json';
import { compiledOperatorName, OPERATORS, OperatorFn } from './operators';
import { FactProblem, FactValidationError, RuleFileInvalidError } from './rule-errors';
import type {
  Condition,
  Effect,
  FactDeclaration,
  JsonValue,
  LeafCondition,
  ParamRef,
  Reason,
  RuleDefinition,
  RuleFile,
} from './rule-file.types';
import { describeType, matchesFactType, validateRuleFile } from './validate-rule-file';

export interface ConditionResult {
  fact: string;
  path?: string;
  /** The operator as compiled, with its period: `withinDays(15)`. */
  operator: string;
  factValue: unknown;
  /** The compared value: the literal, the parameter's value or the referenced fact's value. */
  value: unknown;
  result: boolean;
}

export interface RuleResult {
  rule: string;
  priority: number;
  result: boolean;
  /** The leaf conditions in document order (json-rules-engine evaluates every one of them). */
  conditions: ConditionResult[];
}

/** Always an effect; a value when the rule set decides one (refund destination, payout methods). */
export interface Outcome {
  effect: Effect;
  value?: JsonValue;
}

export interface Evaluation {
  ruleSet: string;
  version: string;
  contentHash: string;
  /** The facts as evaluated: every declared fact, optional ones left out as null. Store these for replay. */
  facts: Record<string, JsonValue>;
  outcome: Outcome;
  reasons: Reason[];
  /** Names of the rules whose conditions held, highest priority first. */
  matchedRules: string[];
  /** Every rule, highest priority first (file order within a priority). */
  results: RuleResult[];
}

/** A json-rules-engine rule as compiled: parameters substituted, parameterised operators named. */
export interface EngineRule {
  name: string;
  priority: number;
  conditions: Record<string, unknown>;
  event: { type: string; params: Record<string, unknown> };
}

export interface CompiledRuleSet {
  ruleSet: string;
  version: string;
  contentHash: string;
  file: RuleFile;
  /** Checks the facts (CBC.0100 FactValidationError) and evaluates. Synchronous, deterministic, no clock. */
  evaluate(facts: Record<string, unknown>): Evaluation;
  /** The facts as they will be evaluated; throws FactValidationError like `evaluate`. */
  normalizeFacts(facts: Record<string, unknown>): Record<string, JsonValue>;
  /** The outcome and reasons that a set of matched rules produces (used to compare with json-rules-engine). */
  outcomeOf(matchedRules: readonly string[]): { outcome: Outcome; reasons: Reason[] };
  /** The rules in json-rules-engine form, and the custom operators they need, for a reference engine. */
  engineRules: EngineRule[];
  engineOperators: ReadonlyMap<string, OperatorFn>;
}

type Facts = Record<string, JsonValue>;
type CompiledCondition = (facts: Facts, out: ConditionResult[]) => boolean;

interface CompiledRule {
  definition: RuleDefinition;
  test: CompiledCondition;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value as Record<string, unknown>)) deepFreeze(member);
  }
  return value;
}

function isParamRef(value: unknown): value is ParamRef {
  return typeof value === 'object' && value !== null && typeof (value as ParamRef).param === 'string';
}

function isFactRef(value: unknown): value is { fact: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { fact?: unknown }).fact === 'string'
  );
}

/**
 * Builds the evaluator of one rule-set version, once: validates the file (throws
 * RuleFileInvalidError with every problem), substitutes parameters, instantiates operators and
 * turns the conditions into closures. Evaluation then needs no engine run, no almanac, no fact
 * cloning and no path lookup — it is json-rules-engine's semantics (every leaf evaluated, `all`,
 * `any`, `not`, priorities) over flat facts, proven equal to a bare json-rules-engine by the
 * differential test.
 */
export function compileRuleSet(file: RuleFile): CompiledRuleSet {
  const problems = validateRuleFile(file);
  if (problems.length > 0) throw new RuleFileInvalidError(problems);
  const frozen = deepFreeze(structuredClone(file));
  const contentHash = sha256OfCanonicalJson(frozen);
  const engineOperators = new Map<string, OperatorFn>();

  const paramValue = (ref: ParamRef): JsonValue => frozen.parameters[ref.param].value;
  const period = (leaf: LeafCondition): number | undefined => {
    const raw = leaf.days ?? leaf.months;
    if (raw === undefined) return undefined;
    return isParamRef(raw) ? (paramValue(raw) as number) : raw;
  };

  const compileLeaf = (leaf: LeafCondition): { test: CompiledCondition; engine: Record<string, unknown> } => {
    const spec = OPERATORS.get(leaf.operator);
    if (!spec) throw new Error(`unknown operator ${leaf.operator}`); // unreachable: validated above
    const days = period(leaf);
    const operator = compiledOperatorName(spec.name, days);
    const fn = spec.build(days);
    if (!DEFAULT_ENGINE_OPERATORS.has(spec.name)) engineOperators.set(operator, fn);
    const fact = leaf.fact;
    const raw = leaf.value;
    let engineValue: unknown;
    let test: CompiledCondition;
    if (isFactRef(raw)) {
      const other = raw.fact;
      engineValue = { fact: other };
      test = (facts, out) => {
        const factValue = facts[fact];
        const value = facts[other];
        const result = fn(factValue, value);
        out.push({ fact, operator, factValue, value, result });
        return result;
      };
    } else {
      const value = deepFreeze(isParamRef(raw) ? paramValue(raw) : raw);
      engineValue = value;
      test = (facts, out) => {
        const factValue = facts[fact];
        const result = fn(factValue, value);
        out.push({ fact, operator, factValue, value, result });
        return result;
      };
    }
    return { test, engine: { fact, operator, value: engineValue } };
  };

  const compileCondition = (condition: Condition): { test: CompiledCondition; engine: Record<string, unknown> } => {
    if ('all' in condition) {
      const children = condition.all.map(compileCondition);
      const tests = children.map((c) => c.test);
      return {
        engine: { all: children.map((c) => c.engine) },
        test: (facts, out) => {
          let passes = true;
          for (const test of tests) if (!test(facts, out)) passes = false; // every leaf is evaluated, as in json-rules-engine
          return passes;
        },
      };
    }
    if ('any' in condition) {
      const children = condition.any.map(compileCondition);
      const tests = children.map((c) => c.test);
      return {
        engine: { any: children.map((c) => c.engine) },
        test: (facts, out) => {
          let passes = false;
          for (const test of tests) if (test(facts, out)) passes = true;
          return passes;
        },
      };
    }
    if ('not' in condition) {
      const child = compileCondition(condition.not);
      return { engine: { not: child.engine }, test: (facts, out) => !child.test(facts, out) };
    }
    return compileLeaf(condition);
  };

  // Highest priority first; file order within a priority (Array.prototype.sort is stable).
  const ordered = frozen.rules
    .map((definition, index) => ({ definition, index }))
    .sort((a, b) => b.definition.priority - a.definition.priority || a.index - b.index);
  const compiledRules: CompiledRule[] = [];
  const engineRules: EngineRule[] = [];
  for (const { definition } of ordered) {
    const compiled = compileCondition(definition.conditions);
    compiledRules.push({ definition, test: compiled.test });
    const root = 'fact' in definition.conditions ? { all: [compiled.engine] } : compiled.engine;
    engineRules.push({
      name: definition.name,
      priority: definition.priority,
      conditions: root,
      event: structuredClone({ type: definition.event.type, params: definition.event.params }),
    });
  }
  const rulesByName = new Map(compiledRules.map((rule) => [rule.definition.name, rule.definition]));
  const rank = new Map(compiledRules.map((rule, i) => [rule.definition.name, i]));

  const outcomeOf = (matchedRules: readonly string[]): { outcome: Outcome; reasons: Reason[] } => {
    const matched = [...matchedRules]
      .sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0))
      .map((name) => {
        const definition = rulesByName.get(name);
        if (!definition) throw new Error(`rule set ${frozen.ruleSet} has no rule ${name}`);
        return definition;
      });
    const denials = matched.filter((rule) => rule.event.type === 'deny');
    const valueRule = matched.find((rule) => rule.event.type === 'value');
    const effect: Effect = denials.length > 0 ? 'deny' : valueRule ? 'allow' : frozen.default.effect;
    const value = valueRule ? valueRule.event.params.value : frozen.default.value;
    let reasons: Reason[];
    if (denials.length > 0) reasons = denials.map((rule) => rule.event.params.reason as Reason);
    else if (valueRule) reasons = valueRule.event.params.reason ? [valueRule.event.params.reason] : [];
    else reasons = frozen.default.reasons ?? [];
    return { outcome: value === undefined ? { effect } : { effect, value }, reasons };
  };

  const normalizeFacts = factNormalizer(frozen.ruleSet, frozen.facts);

  return {
    ruleSet: frozen.ruleSet,
    version: frozen.version,
    contentHash,
    file: frozen,
    engineRules,
    engineOperators,
    normalizeFacts,
    outcomeOf,
    evaluate(input: Record<string, unknown>): Evaluation {
      const facts = normalizeFacts(input);
      const results: RuleResult[] = [];
      const matchedRules: string[] = [];
      for (const rule of compiledRules) {
        const conditions: ConditionResult[] = [];
        const result = rule.test(facts, conditions);
        results.push({ rule: rule.definition.name, priority: rule.definition.priority, result, conditions });
        if (result) matchedRules.push(rule.definition.name);
      }
      const { outcome, reasons } = outcomeOf(matchedRules);
      return {
        ruleSet: frozen.ruleSet,
        version: frozen.version,
        contentHash,
        facts,
        outcome,
        reasons,
        matchedRules,
        results,
      };
    },
  };
}

/** json-rules-engine's built-in operators: a reference engine uses its own implementation of these. */
const DEFAULT_ENGINE_OPERATORS: ReadonlySet<string> = new Set([
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
]);

function factNormalizer(
  ruleSet: string,
  declarations: Record<string, FactDeclaration>,
): (input: Record<string, unknown>) => Facts {
  const declared = Object.entries(declarations).map(([name, declaration]) => ({
    name,
    declaration,
    required: declaration.required !== false,
  }));
  return (input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new FactValidationError(ruleSet, [{ fact: '$', message: 'facts must be a JSON object' }]);
    }
    const facts: Facts = {};
    let problems: FactProblem[] | undefined;
    for (const { name, declaration, required } of declared) {
      const value = input[name];
      if (value === undefined || value === null) {
        if (required) (problems ??= []).push({ fact: name, message: `is required (${describeType(declaration)})` });
        facts[name] = null;
      } else if (matchesFactType(value, declaration)) {
        facts[name] = value as JsonValue;
      } else {
        const hint = declaration.type === 'decimal' && typeof value === 'number' ? ', not a JSON number' : '';
        (problems ??= []).push({
          fact: name,
          message: `must be ${describeType(declaration)}${hint}; got ${JSON.stringify(value) ?? typeof value}`,
        });
      }
    }
    for (const name of Object.keys(input)) {
      if (!Object.prototype.hasOwnProperty.call(declarations, name))
        (problems ??= []).push({ fact: name, message: `is not a declared fact of rule set ${ruleSet}` });
    }
    if (problems) throw new FactValidationError(ruleSet, problems);
    return facts;
  };
}

import { JSONPath } from 'jsonpath-plus';
import { calendarOf, resolveCalendarParameters, type ProgramCalendar } from './calendar';
import { sha256OfCanonicalJson } from './canonical-json';
import { typeCheck } from './fact-types';
import {
  buildOperator,
  compiledOperatorName,
  OperandError,
  OperatorFn,
  resolveOperator,
  ResolvedOperator,
} from './operators';
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
import { describeType, validateRuleFile } from './validate-rule-file';
import { defineMember, extrasOf } from './condition-extras';

export interface ConditionResult {
  fact: string;
  path?: string;
  /** The operator as compiled, with its period: `withinDays(15)`. */
  operator: string;
  /** Absent when the fact is undefined, or when the condition was not evaluated (priority short-circuit). */
  factValue?: unknown;
  /** The compared value: the literal, the parameter's value or the referenced fact's value. */
  value?: unknown;
  /** Absent when json-rules-engine's priority ordering settled the result without this condition. */
  result?: boolean;
  /** The condition's `name` and other properties, as written (json-rules-engine keeps them). */
  name?: unknown;
  [extra: string]: unknown;
}

/** One node of a rule's conditions as evaluated, json-rules-engine's result tree in document order. */
export interface ConditionNodeResult {
  kind: 'all' | 'any' | 'not' | 'leaf';
  /** The shared condition this node was substituted from. */
  condition?: string;
  result?: boolean;
  leaf?: ConditionResult;
  children?: ConditionNodeResult[];
  /** Properties other than the structural ones (name, priority and custom ones), as written. */
  extras: Record<string, unknown>;
}

export interface RuleResult {
  rule: string;
  priority: number;
  result: boolean;
  /** The leaf conditions in document order (shared conditions substituted). */
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
  /**
   * The facts as evaluated. Legacy files: every declared fact, optional ones left out as null.
   * Language 2: the facts as given. Store these for replay.
   */
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
  event: { type: string; params?: Record<string, unknown> };
}

export interface CompiledRuleSet {
  ruleSet: string;
  version: string;
  contentHash: string;
  file: RuleFile;
  /** 1: legacy (left-out optional facts are null); 2: json-rules-engine's undefined facts. */
  language: 1 | 2;
  allowUndefinedFacts: boolean;
  /** Checks the facts (CBC.0100 FactValidationError) and evaluates. Synchronous, deterministic, no clock. */
  evaluate(facts: Record<string, unknown>): Evaluation;
  /** As `evaluate`, with json-rules-engine's whole result tree of every rule (for conformance and `policy eval`). */
  explain(facts: Record<string, unknown>): Evaluation & { trees: ConditionNodeResult[] };
  /** The facts as they will be evaluated; throws FactValidationError like `evaluate`. */
  normalizeFacts(facts: Record<string, unknown>): Record<string, JsonValue>;
  /** The outcome and reasons that a set of matched rules produces (used to compare with json-rules-engine). */
  outcomeOf(matchedRules: readonly string[]): { outcome: Outcome; reasons: Reason[] };
  /** The rules in json-rules-engine form, the shared conditions, and the custom operators they need. */
  engineRules: EngineRule[];
  engineConditions: ReadonlyMap<string, Record<string, unknown>>;
  engineOperators: ReadonlyMap<string, OperatorFn>;
  /**
   * Constant facts a reference engine needs to mirror this file's semantics: a legacy file's
   * optional facts default to null (the caller's facts, given as runtime facts, override them).
   */
  engineDefaultFacts: ReadonlyMap<string, null>;
  /** The version's calendar: its `timeZone` parameter's zone, or UTC for files without one (calendar.ts). */
  calendar: ProgramCalendar;
}

/** The normalized facts: a null-prototype object, so `name in facts` never finds a prototype member. */
type Facts = Record<string, unknown>;

/** Slots of one evaluation: a leaf's ConditionResult or a boolean node's result, by node index. */
type Slots = unknown[];
type Test = (facts: Facts, slots: Slots) => boolean;

interface Node {
  index: number;
  kind: 'all' | 'any' | 'not' | 'leaf';
  /** The priority json-rules-engine groups siblings by. */
  priority: number;
  test: Test;
  children: Node[];
  /** The leaf as reported when it was not evaluated. */
  skeleton?: ConditionResult;
  fromShared?: string;
  extras: Record<string, unknown>;
  /** json-rules-engine records no result on a rule's root all/any/not. */
  recordsResult: boolean;
}

interface CompiledRule {
  definition: RuleDefinition;
  name: string;
  priority: number;
  root: Node;
  slotCount: number;
  leaves: Node[];
}

function deepFreeze<T>(value: T): T {
  // Bounded: a compiled file passed validation's nesting limit.
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value as Record<string, unknown>)) deepFreeze(member);
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function isParamRef(value: unknown): value is ParamRef {
  return isObject(value) && typeof value.param === 'string' && !own(value, 'fact');
}

function isFactRef(value: unknown): value is { fact: string; path?: string } {
  return isObject(value) && own(value, 'fact') && typeof value.fact === 'string';
}

/** json-rules-engine's priority of a boolean node or a leaf: parseInt, else 1 (facts given as data have priority 1). */
function conditionPriority(raw: unknown): number {
  const parsed = Number.parseInt(String(raw), 10);
  return parsed ? parsed : 1;
}

/** A reference is grouped by its own raw priority, before it is substituted. */
function referencePriority(raw: unknown): number {
  return typeof raw === 'number' && raw ? raw : raw ? Number(raw) || 1 : 1;
}

function groupByPriority(nodes: Node[]): Node[][] {
  const sets = new Map<number, Node[]>();
  for (const node of nodes) {
    const set = sets.get(node.priority);
    if (set) set.push(node);
    else sets.set(node.priority, [node]);
  }
  return [...sets.entries()].sort((a, b) => b[0] - a[0]).map(([, set]) => set);
}

/** json-rules-engine's prioritizeAndRun: priority sets in order, every condition of a set, short-circuit between sets. */
function runBoolean(kind: 'all' | 'any', children: Node[]): Test {
  if (children.length === 0) return () => true;
  if (children.length === 1) {
    const only = children[0].test;
    return only;
  }
  const sets = groupByPriority(children).map((set) => set.map((child) => child.test));
  if (sets.length === 1) {
    const tests = sets[0];
    return kind === 'all'
      ? (facts, slots) => {
          let passes = true;
          for (const test of tests) if (!test(facts, slots)) passes = false;
          return passes;
        }
      : (facts, slots) => {
          let passes = false;
          for (const test of tests) if (test(facts, slots)) passes = true;
          return passes;
        };
  }
  return kind === 'all'
    ? (facts, slots) => {
        for (const tests of sets) {
          let passes = true;
          for (const test of tests) if (!test(facts, slots)) passes = false;
          if (!passes) return false;
        }
        return true;
      }
    : (facts, slots) => {
        for (const tests of sets) {
          let passes = false;
          for (const test of tests) if (test(facts, slots)) passes = true;
          if (passes) return true;
        }
        return false;
      };
}

/**
 * Builds the evaluator of one rule-set version, once: validates the file (throws
 * RuleFileInvalidError with every problem), substitutes parameters and shared conditions,
 * instantiates operators and turns the conditions into closures. Evaluation then needs no engine
 * run, no almanac, no promises and no fact cloning — it is json-rules-engine's semantics (rule
 * priority sets, condition priority sets with their short-circuit, every condition of a set
 * evaluated, `all`/`any`/`not` including empty lists, paths, undefined facts), proven equal to a
 * bare json-rules-engine by the conformance suite and the differential test.
 */
export function compileRuleSet(file: RuleFile): CompiledRuleSet {
  const problems = validateRuleFile(file);
  if (problems.length > 0) throw new RuleFileInvalidError(problems);
  const frozen = deepFreeze(structuredClone(file));
  const contentHash = sha256OfCanonicalJson(frozen);
  const language: 1 | 2 = frozen.language === 2 ? 2 : 1;
  const allowUndefinedFacts = language === 2 && frozen.allowUndefinedFacts === true;
  const engineOperators = new Map<string, OperatorFn>();
  const shared = frozen.conditions ?? {};
  // Calendar hook: `date` parameters read as the instants their days begin in the file's zone.
  const calendar = calendarOf(frozen);
  const parameters = resolveCalendarParameters(frozen).parameters;

  const paramValue = (ref: ParamRef): JsonValue => parameters[ref.param].value;
  const period = (leaf: LeafCondition): number | undefined => {
    const raw = leaf.days ?? leaf.months;
    if (raw === undefined) return undefined;
    return isParamRef(raw) ? (paramValue(raw) as number) : raw;
  };

  const undefinedFact = (name: string): never => {
    throw new FactValidationError(frozen.ruleSet, [
      {
        fact: name,
        message:
          'is undefined: the rule set reads it and its file does not allow undefined facts (allowUndefinedFacts)',
      },
    ]);
  };
  /** json-rules-engine's almanac.factValue: the fact, then its path when the value is an object. */
  const reader = (name: string, path: string | undefined): ((facts: Facts) => unknown) => {
    const read = (facts: Facts): unknown => {
      const value = facts[name];
      if (value === undefined && !(name in facts)) {
        if (!allowUndefinedFacts) undefinedFact(name);
        return undefined;
      }
      return value;
    };
    if (path === undefined || path === '') return read;
    return (facts) => {
      const value = read(facts);
      if (value !== null && typeof value === 'object') return JSONPath<unknown>({ path, json: value, wrap: false });
      return value;
    };
  };

  let slotCount = 0;
  let leaves: Node[] = [];

  const compileLeaf = (leaf: LeafCondition, fromShared?: string): { node: Node; engine: Record<string, unknown> } => {
    const resolved = resolveOperator(leaf.operator) as ResolvedOperator; // validated above
    const days = period(leaf);
    const baseName = compiledOperatorName(resolved.spec.name, days);
    const operator = [...resolved.decorators, baseName].join(':');
    const fn = buildOperator(resolved, days, calendar);
    if (!DEFAULT_ENGINE_OPERATORS.has(resolved.spec.name))
      engineOperators.set(baseName, resolved.spec.build(days, calendar));
    const fact = leaf.fact;
    const path = leaf.path;
    const index = slotCount++;
    const extras = extrasOf(leaf);
    const shown: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(extras)) if (key !== 'priority') defineMember(shown, key, value);
    const hasExtras = Object.keys(shown).length > 0;
    const plain = path === undefined && !hasExtras;
    const base = (): ConditionResult => {
      const out: ConditionResult = { fact, operator };
      if (path !== undefined) out.path = path;
      if (hasExtras) for (const [key, value] of Object.entries(shown)) defineMember(out, key, value);
      return out;
    };
    const readFact = reader(fact, path);
    const raw = leaf.value;
    let readValue: (facts: Facts) => unknown;
    let engineValue: unknown;
    if (isFactRef(raw)) {
      readValue = reader(raw.fact, raw.path);
      engineValue = raw.path === undefined ? { fact: raw.fact } : { fact: raw.fact, path: raw.path };
    } else {
      const value = deepFreeze(isParamRef(raw) ? paramValue(raw) : raw);
      readValue = () => value;
      engineValue = value;
    }
    const failWith = (error: OperandError): never => {
      throw new FactValidationError(frozen.ruleSet, [{ fact, message: error.message }]);
    };
    const test: Test = (facts, slots) => {
      const value = readValue(facts);
      const factValue = readFact(facts);
      let result: boolean;
      try {
        result = fn(factValue, value);
      } catch (error) {
        if (error instanceof OperandError) failWith(error);
        throw error;
      }
      let out: ConditionResult;
      if (plain && factValue !== undefined && value !== undefined) {
        out = { fact, operator, factValue, value, result }; // one shape: the common case stays fast
      } else {
        out = base();
        if (factValue !== undefined) out.factValue = factValue;
        if (value !== undefined) out.value = value;
        out.result = result;
      }
      slots[index] = out;
      return result;
    };
    const node: Node = {
      index,
      kind: 'leaf',
      priority: conditionPriority(leaf.priority),
      test,
      children: [],
      skeleton: base(),
      ...(fromShared !== undefined ? { fromShared } : {}),
      extras,
      recordsResult: true,
    };
    leaves.push(node);
    const engine: Record<string, unknown> = { ...extras, fact, operator, value: engineValue };
    if (path !== undefined) engine.path = path;
    return { node, engine };
  };

  // Depth-bounded: validation held nesting (shared conditions substituted) to the limit.
  const compileCondition = (
    condition: Condition,
    isRoot: boolean,
    fromShared?: string,
  ): { node: Node; engine: Record<string, unknown> } => {
    const c = condition as unknown as Record<string, unknown>;
    if (own(c, 'condition')) {
      const name = c.condition as string;
      const target = shared[name] as unknown as Record<string, unknown>;
      // json-rules-engine projects the shared condition onto the reference: its properties win.
      const merged = { ...c, ...target } as Record<string, unknown>;
      delete merged.condition;
      const compiled = compileCondition(merged as unknown as Condition, false, name);
      compiled.node.priority = referencePriority(c.priority);
      compiled.node.recordsResult = true;
      return { node: compiled.node, engine: { ...c } };
    }
    const extras = extrasOf(c);
    for (const kind of ['any', 'all'] as const) {
      if (!own(c, kind)) continue;
      const index = slotCount++;
      const children = (c[kind] as Condition[]).map((child) => compileCondition(child, false));
      const run = runBoolean(
        kind,
        children.map((child) => child.node),
      );
      const node: Node = {
        index,
        kind,
        priority: conditionPriority(c.priority),
        test: isRoot
          ? run
          : (facts, slots) => {
              const result = run(facts, slots);
              slots[index] = result;
              return result;
            },
        children: children.map((child) => child.node),
        ...(fromShared !== undefined ? { fromShared } : {}),
        extras,
        recordsResult: !isRoot,
      };
      return { node, engine: { ...extras, [kind]: children.map((child) => child.engine) } };
    }
    if (own(c, 'not')) {
      const index = slotCount++;
      const child = compileCondition(c.not as Condition, false);
      const inner = child.node.test;
      const node: Node = {
        index,
        kind: 'not',
        priority: conditionPriority(c.priority),
        test: isRoot
          ? (facts, slots) => !inner(facts, slots)
          : (facts, slots) => {
              const result = !inner(facts, slots);
              slots[index] = result;
              return result;
            },
        children: [child.node],
        ...(fromShared !== undefined ? { fromShared } : {}),
        extras,
        recordsResult: !isRoot,
      };
      return { node, engine: { ...extras, not: child.engine } };
    }
    return compileLeaf(condition as LeafCondition, fromShared);
  };

  // json-rules-engine: priority `|| 1`, parseInt; higher first; file order within a priority.
  const rulePriority = (definition: RuleDefinition): number => Number.parseInt(String(definition.priority || 1), 10);
  const ordered = frozen.rules
    .map((definition, index) => ({ definition, index, priority: rulePriority(definition) }))
    .sort((a, b) => b.priority - a.priority || a.index - b.index);
  const compiledRules: CompiledRule[] = [];
  const engineRules: EngineRule[] = [];
  for (const { definition, priority } of ordered) {
    slotCount = 0;
    leaves = [];
    const compiled = compileCondition(definition.conditions, true);
    compiledRules.push({ definition, name: definition.name, priority, root: compiled.node, slotCount, leaves });
    const isLeafRoot = compiled.node.kind === 'leaf' && !own(definition.conditions, 'condition');
    engineRules.push({
      name: definition.name,
      priority,
      conditions: isLeafRoot ? { all: [compiled.engine] } : compiled.engine,
      event: structuredClone(definition.event),
    });
  }
  const engineConditions = new Map<string, Record<string, unknown>>();
  for (const name of Object.keys(shared)) {
    slotCount = 0;
    leaves = [];
    engineConditions.set(name, compileCondition(shared[name], false).engine);
  }
  const rulesByName = new Map(compiledRules.map((rule) => [rule.name, rule.definition]));
  const rank = new Map(compiledRules.map((rule, i) => [rule.name, i]));

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
    const value = valueRule ? valueRule.event.params?.value : frozen.default.value;
    let reasons: Reason[];
    if (denials.length > 0) reasons = denials.map((rule) => rule.event.params?.reason as Reason);
    else if (valueRule) reasons = valueRule.event.params?.reason ? [valueRule.event.params.reason] : [];
    else reasons = frozen.default.reasons ?? [];
    return { outcome: value === undefined ? { effect } : { effect, value }, reasons };
  };

  const normalizeFacts = factNormalizer(frozen.ruleSet, frozen.facts, language);
  const engineDefaultFacts = new Map<string, null>();
  if (language === 1)
    for (const [name, declaration] of Object.entries(frozen.facts))
      if (declaration.required === false) engineDefaultFacts.set(name, null);

  const run = (input: Record<string, unknown>, withTrees: boolean) => {
    const normalized = normalizeFacts(input);
    const facts: Facts = normalized;
    const results: RuleResult[] = [];
    const matchedRules: string[] = [];
    const trees: ConditionNodeResult[] = [];
    for (const rule of compiledRules) {
      const slots: Slots = new Array(rule.slotCount);
      const result = rule.root.test(facts, slots);
      const conditions = rule.leaves.map(
        (leaf) => (slots[leaf.index] as ConditionResult | undefined) ?? { ...(leaf.skeleton as ConditionResult) },
      );
      results.push({ rule: rule.name, priority: rule.priority, result, conditions });
      if (result) matchedRules.push(rule.name);
      if (withTrees) trees.push(treeOf(rule.root, slots));
    }
    const { outcome, reasons } = outcomeOf(matchedRules);
    const evaluation: Evaluation = {
      ruleSet: frozen.ruleSet,
      version: frozen.version,
      contentHash,
      facts: normalized,
      outcome,
      reasons,
      matchedRules,
      results,
    };
    return { evaluation, trees };
  };

  return {
    ruleSet: frozen.ruleSet,
    version: frozen.version,
    contentHash,
    file: frozen,
    language,
    allowUndefinedFacts,
    engineRules,
    engineConditions,
    engineOperators,
    engineDefaultFacts,
    calendar,
    normalizeFacts,
    outcomeOf,
    evaluate: (input) => run(input, false).evaluation,
    explain: (input) => {
      const { evaluation, trees } = run(input, true);
      return { ...evaluation, trees };
    },
  };
}

/** Depth-bounded like the conditions it mirrors. */
function treeOf(node: Node, slots: Slots): ConditionNodeResult {
  const tree: ConditionNodeResult = { kind: node.kind, extras: node.extras };
  if (node.fromShared !== undefined) tree.condition = node.fromShared;
  if (node.kind === 'leaf') {
    const leaf = (slots[node.index] as ConditionResult | undefined) ?? { ...(node.skeleton as ConditionResult) };
    tree.leaf = leaf;
    if (leaf.result !== undefined) tree.result = leaf.result;
  } else {
    if (node.recordsResult && slots[node.index] !== undefined) tree.result = slots[node.index] as boolean;
    tree.children = node.children.map((child) => treeOf(child, slots));
  }
  return tree;
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

/**
 * The facts' check: declared facts only, each of its type (object facts against their schema),
 * read as own properties only (a fact named `constructor` or `__proto__` is never found on a
 * prototype). Legacy: a left-out optional fact is null. Language 2: it stays undefined.
 */
function factNormalizer(
  ruleSet: string,
  declarations: Record<string, FactDeclaration>,
  language: 1 | 2,
): (input: Record<string, unknown>) => Record<string, JsonValue> {
  const declared = Object.entries(declarations).map(([name, declaration]) => ({
    name,
    declaration,
    check: typeCheck(declaration),
    required: declaration.required !== false,
  }));
  const isDeclared = new Set(Object.keys(declarations));
  return (input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new FactValidationError(ruleSet, [{ fact: '$', message: 'facts must be a JSON object' }]);
    }
    const facts = Object.create(null) as Record<string, JsonValue>;
    let problems: FactProblem[] | undefined;
    for (const { name, declaration, check, required } of declared) {
      const value = own(input, name) ? input[name] : undefined;
      if (value === undefined || (value === null && language === 1)) {
        if (required) (problems ??= []).push({ fact: name, message: `is required (${describeType(declaration)})` });
        if (language === 1) facts[name] = null;
      } else if (check(value)) {
        facts[name] = value as JsonValue;
      } else {
        const hint = declaration.type === 'decimal' && typeof value === 'number' ? ', not a JSON number' : '';
        let shown: string;
        try {
          shown = JSON.stringify(value) ?? typeof value;
        } catch {
          shown = typeof value;
        }
        (problems ??= []).push({
          fact: name,
          message: `must be ${describeType(declaration)}${hint}; got ${shown.length > 200 ? `${shown.slice(0, 197)}...` : shown}`,
        });
      }
    }
    for (const name of Object.keys(input)) {
      if (!isDeclared.has(name))
        (problems ??= []).push({ fact: name, message: `is not a declared fact of rule set ${ruleSet}` });
    }
    if (problems) throw new FactValidationError(ruleSet, problems);
    return facts;
  };
}

/** Sets an own member, whatever its name (`__proto__` included), as JSON.parse does. */

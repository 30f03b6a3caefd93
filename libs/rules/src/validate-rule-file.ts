import { asDeclaration, compileFactSchema, describeDeclaration, typeCheck } from './fact-types';
import { calendarProblems, DATE_PARAMETER_TYPE, resolveCalendarParameters } from './calendar';
import { isDecimalString, isInstantString } from './fact-values';
import { formatPath, PathSegment } from './json-path';
import { jsonLimitProblems, RULE_FILE_LIMITS } from './limits';
import { CompareKind, NUMERIC_OPERATORS, OPERATORS, OperatorSpec, resolveOperator } from './operators';
import { schemaProblems } from './rule-file.schema';
import type { FactDeclaration, FactType, JsonValue, ParameterDeclaration, RuleProblem } from './rule-file.types';

type Json = Record<string, unknown>;

/**
 * Every problem of a parsed rule file, all at once: first the limits (nesting, sizes, counts — a
 * file over a limit gets only those problems, nothing else looks at it), then schema violations,
 * then the checks a schema cannot express — unknown operators, facts used but not declared,
 * parameters referenced but missing, shared conditions missing or in a cycle, duplicate rule
 * names, money compared as JS numbers, values of the wrong type, constructs refused by design.
 * Each problem names the file (when given) and the JSON path. Never throws on any JSON value.
 */
export function validateRuleFile(json: unknown, file?: string): RuleProblem[] {
  let problems = limitProblems(json);
  // Calendar hook (calendar.ts): `date` parameters are checked there and read as the instants they name.
  if (problems.length === 0)
    problems = [
      ...schemaProblems(json),
      ...calendarProblems(json),
      ...semanticProblems(isObject(json) ? resolveCalendarParameters(json) : json),
    ];
  return file === undefined ? problems : problems.map((problem) => ({ file, ...problem }));
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(object: Json, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** Nesting, string and number limits (no recursion), then the numbers of rules and conditions. */
function limitProblems(json: unknown): RuleProblem[] {
  const problems = jsonLimitProblems(json);
  if (problems.length > 0 || !isObject(json)) return problems;
  if (Array.isArray(json.rules) && json.rules.length > RULE_FILE_LIMITS.maxRules)
    return [
      { path: '$.rules', message: `${json.rules.length} rules; a file holds at most ${RULE_FILE_LIMITS.maxRules}` },
    ];
  const roots: unknown[] = [];
  if (Array.isArray(json.rules)) for (const rule of json.rules) if (isObject(rule)) roots.push(rule.conditions);
  if (isObject(json.conditions)) for (const root of Object.values(json.conditions)) roots.push(root);
  let count = 0;
  const stack = roots;
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isObject(node)) continue;
    count++;
    // loops, not push(...list): a spread of a huge list overflows the stack
    if (Array.isArray(node.all)) for (const child of node.all as unknown[]) stack.push(child);
    if (Array.isArray(node.any)) for (const child of node.any as unknown[]) stack.push(child);
    if (node.not !== undefined) stack.push(node.not);
  }
  if (count > RULE_FILE_LIMITS.maxConditions)
    return [
      {
        path: '$',
        message: `${count} conditions; a file holds at most ${RULE_FILE_LIMITS.maxConditions} (rules and shared conditions together)`,
      },
    ];
  return [];
}

/** Whether a value is a valid value of a declared fact (or parameter) type. */
export function matchesFactType(
  value: unknown,
  declaration: Pick<FactDeclaration, 'type' | 'values' | 'items' | 'schema'>,
): boolean {
  try {
    return typeCheck(declaration)(value);
  } catch {
    return false; // an invalid schema is reported on its own
  }
}

function matchesType(value: unknown, type: string, values?: readonly string[]): boolean {
  return matchesFactType(value, { type: type as FactType, values: values as string[] | undefined });
}

export function describeType(declaration: Pick<FactDeclaration, 'type' | 'values' | 'items' | 'schema'>): string {
  return describeDeclaration(declaration);
}

const REFUSED_FACT_PARAMS =
  'fact "params" are arguments of json-rules-engine\'s dynamic facts (JavaScript functions); here every fact is data the caller supplies, so a fact takes no params';

interface Context {
  facts: ReadonlyMap<string, FactDeclaration>;
  parameters: ReadonlyMap<string, ParameterDeclaration>;
  shared: ReadonlySet<string>;
  add: Add;
}

function semanticProblems(json: unknown): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (segments: PathSegment[], message: string): void => {
    problems.push({ path: formatPath(segments), message });
  };
  if (!isObject(json)) {
    if (json !== undefined) add([], 'a rule file must be a JSON object');
    return problems;
  }
  if (own(json, 'allowUndefinedFacts') && json.language !== 2)
    add(
      ['allowUndefinedFacts'],
      'allowUndefinedFacts needs "language": 2 (a legacy file reads a left-out optional fact as null)',
    );

  const facts = new Map<string, FactDeclaration>();
  if (isObject(json.facts)) {
    for (const [name, raw] of Object.entries(json.facts)) {
      if (!isObject(raw) || typeof raw.type !== 'string') continue;
      const declaration = raw as unknown as FactDeclaration;
      facts.set(name, declaration);
      checkDeclaration(declaration, ['facts', name], add);
      if (
        declaration.example !== undefined &&
        declaration.example !== null &&
        !matchesFactType(declaration.example, declaration)
      ) {
        add(['facts', name, 'example'], `example must be ${describeType(declaration)}`);
      }
    }
  }

  const parameters = new Map<string, ParameterDeclaration>();
  if (isObject(json.parameters)) {
    for (const [name, raw] of Object.entries(json.parameters)) {
      if (!isObject(raw) || typeof raw.type !== 'string') continue;
      const declaration = raw as unknown as ParameterDeclaration;
      parameters.set(name, declaration);
      if (declaration.type !== DATE_PARAMETER_TYPE && !matchesType(declaration.value, declaration.type)) {
        add(['parameters', name, 'value'], `value must be ${describeType({ type: declaration.type })}`);
      }
    }
  }

  const shared = new Set(isObject(json.conditions) ? Object.keys(json.conditions) : []);
  const context: Context = { facts, parameters, shared, add };
  if (isObject(json.conditions)) {
    for (const [name, condition] of Object.entries(json.conditions)) {
      if (isLeaf(condition))
        add(
          ['conditions', name],
          "a shared condition is { all }, { any }, { not } or { condition }, not a leaf (as json-rules-engine's setCondition requires)",
        );
      checkCondition(condition, ['conditions', name], context);
    }
    if (sharedConditionProblems(json.conditions, add)) expansionProblems(json, add);
  }

  const ruleNames = new Map<string, number>();
  if (Array.isArray(json.rules)) {
    json.rules.forEach((rule: unknown, index) => {
      if (!isObject(rule)) return;
      if (typeof rule.name === 'string') {
        const first = ruleNames.get(rule.name);
        if (first !== undefined)
          add(['rules', index, 'name'], `duplicate rule name "${rule.name}" (first used at $.rules[${first}])`);
        else ruleNames.set(rule.name, index);
      }
      for (const callback of ['onSuccess', 'onFailure'])
        if (own(rule, callback))
          add(
            ['rules', index, callback],
            `"${callback}" is a JavaScript callback of json-rules-engine; a rule file is data, so the outcome comes from the rule's event`,
          );
      if (rule.conditions !== undefined) {
        const root = rule.conditions;
        // a legacy file may have a leaf at the root (it is evaluated as { all: [leaf] })
        if (json.language === 2 && isLeaf(root))
          add(
            ['rules', index, 'conditions'],
            "the root of a rule's conditions is { all }, { any }, { not } or { condition }, not a leaf (as json-rules-engine requires)",
          );
        checkCondition(root, ['rules', index, 'conditions'], context);
      }
    });
  }

  if (Array.isArray(json.tests)) {
    const testNames = new Map<string, number>();
    json.tests.forEach((test: unknown, index) => {
      if (!isObject(test)) return;
      if (typeof test.name === 'string') {
        const first = testNames.get(test.name);
        if (first !== undefined)
          add(['tests', index, 'name'], `duplicate test name "${test.name}" (first used at $.tests[${first}])`);
        else testNames.set(test.name, index);
      }
      if (isObject(test.facts)) {
        for (const name of Object.keys(test.facts)) {
          if (!facts.has(name)) add(['tests', index, 'facts', name], `fact "${name}" is not declared in $.facts`);
        }
      }
      if (isObject(test.expected) && Array.isArray(test.expected.matchedRules)) {
        test.expected.matchedRules.forEach((name: unknown, i) => {
          if (typeof name === 'string' && !ruleNames.has(name))
            add(['tests', index, 'expected', 'matchedRules', i], `no rule is named "${name}"`);
        });
      }
    });
  }
  return problems;
}

type Add = (segments: PathSegment[], message: string) => void;

function checkDeclaration(declaration: FactDeclaration, segments: PathSegment[], add: Add): void {
  const items = declaration.items === undefined ? undefined : asDeclaration(declaration.items);
  const enumItems = declaration.type === 'list' && items?.type === 'enum';
  if (declaration.type !== 'enum' && !enumItems && declaration.values !== undefined)
    add([...segments, 'values'], `values apply only to enum facts and lists of enum items`);
  if (enumItems && declaration.values === undefined && items?.values === undefined)
    add([...segments, 'values'], `a list of enum items needs values`);
  if (declaration.type !== 'list' && declaration.items !== undefined)
    add([...segments, 'items'], 'items apply only to list facts');
  if (declaration.schema !== undefined) {
    if (declaration.type !== 'object') add([...segments, 'schema'], 'schema applies only to object facts');
    else schemaCompileProblem(declaration.schema, [...segments, 'schema'], add);
  }
  if (items && typeof declaration.items === 'object') {
    if (items.type === 'enum' && items.values === undefined && declaration.values === undefined)
      add([...segments, 'items', 'values'], 'enum items need values');
    if (items.schema !== undefined) {
      if (items.type !== 'object') add([...segments, 'items', 'schema'], 'schema applies only to object items');
      else schemaCompileProblem(items.schema, [...segments, 'items', 'schema'], add);
    }
  }
}

function schemaCompileProblem(schema: object, segments: PathSegment[], add: Add): void {
  try {
    compileFactSchema(schema);
  } catch (error) {
    add(segments, `not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The most condition nodes the rules may expand to once shared conditions are substituted. */
export const MAX_EXPANDED_CONDITIONS = 100_000;
/** The most condition levels a rule may reach once shared conditions are substituted. */
export const MAX_EXPANDED_DEPTH = RULE_FILE_LIMITS.maxDepth;

/**
 * Shared conditions referring to shared conditions can multiply (each level doubling): the size
 * and depth of every rule as evaluated are computed bottom-up (no recursion) and held to limits.
 */
function expansionProblems(json: Json, add: Add): void {
  const conditions = json.conditions as Json;
  const measured = new Map<string, { size: number; depth: number }>();
  const measure = (root: unknown): { size: number; depth: number; missing?: string } => {
    let size = 0;
    let depth = 0;
    const stack: Array<[unknown, number]> = [[root, 1]];
    while (stack.length > 0) {
      const [node, level] = stack.pop() as [unknown, number];
      if (!isObject(node)) continue;
      if (typeof node.condition === 'string' && own(conditions, node.condition)) {
        const target = measured.get(node.condition);
        if (!target) return { size, depth, missing: node.condition };
        size += target.size;
        depth = Math.max(depth, level - 1 + target.depth);
        continue;
      }
      size++;
      depth = Math.max(depth, level);
      if (Array.isArray(node.all)) for (const child of node.all) stack.push([child, level + 1]);
      if (Array.isArray(node.any)) for (const child of node.any) stack.push([child, level + 1]);
      if (node.not !== undefined) stack.push([node.not, level + 1]);
    }
    return { size, depth };
  };
  // Acyclic (checked before): measure until every shared condition is known.
  const pending = new Set(Object.keys(conditions));
  while (pending.size > 0) {
    let progressed = false;
    for (const name of pending) {
      const result = measure(conditions[name]);
      if (result.missing !== undefined) continue;
      measured.set(name, { size: Math.min(result.size, Number.MAX_SAFE_INTEGER), depth: result.depth });
      pending.delete(name);
      progressed = true;
    }
    if (!progressed) return;
  }
  let total = 0;
  if (!Array.isArray(json.rules)) return;
  json.rules.forEach((rule: unknown, index) => {
    if (!isObject(rule)) return;
    const { size, depth } = measure(rule.conditions);
    total += size;
    if (depth > MAX_EXPANDED_DEPTH)
      add(
        ['rules', index, 'conditions'],
        `with shared conditions substituted, conditions nest ${depth} levels; at most ${MAX_EXPANDED_DEPTH}`,
      );
  });
  if (total > MAX_EXPANDED_CONDITIONS)
    add(
      ['rules'],
      `with shared conditions substituted, the rules hold ${total} conditions; at most ${MAX_EXPANDED_CONDITIONS}`,
    );
}

/** References to undeclared shared conditions and cycles among them (iterative, no recursion); true when acyclic. */
function sharedConditionProblems(conditions: Json, add: Add): boolean {
  let acyclic = true;
  const edges = new Map<string, string[]>();
  for (const [name, condition] of Object.entries(conditions)) edges.set(name, referencesIn(condition));
  const state = new Map<string, 'open' | 'done'>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const stack: Array<{ name: string; next: number }> = [{ name: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const targets = edges.get(top.name) ?? [];
      if (top.next >= targets.length) {
        state.set(top.name, 'done');
        stack.pop();
        continue;
      }
      const target = targets[top.next++];
      if (!edges.has(target)) continue; // reported where the reference is
      const seen = state.get(target);
      if (seen === 'open') {
        const cycle = [...stack.slice(stack.findIndex((f) => f.name === target)).map((f) => f.name), target];
        add(['conditions', target], `shared conditions refer to each other in a cycle: ${cycle.join(' → ')}`);
        acyclic = false;
      } else if (seen === undefined) {
        state.set(target, 'open');
        stack.push({ name: target, next: 0 });
      }
    }
  }
  return acyclic;
}

function referencesIn(root: unknown): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isObject(node)) continue;
    if (typeof node.condition === 'string') out.push(node.condition);
    // loops, not push(...list): a spread of a huge list overflows the stack
    if (Array.isArray(node.all)) for (const child of node.all as unknown[]) stack.push(child);
    if (Array.isArray(node.any)) for (const child of node.any as unknown[]) stack.push(child);
    if (node.not !== undefined) stack.push(node.not);
  }
  return out;
}

/** Depth-bounded: the file's nesting was checked against the limit before anything gets here. */
function checkCondition(condition: unknown, segments: PathSegment[], context: Context): void {
  const { add } = context;
  if (!isObject(condition)) return; // the schema reports it
  const kinds = ['all', 'any', 'not', 'condition', 'fact'].filter((key) => own(condition, key));
  if (kinds.length !== 1) {
    add(
      segments,
      `a condition is exactly one of { all: [...] }, { any: [...] }, { not: {...} }, { condition: name } or { fact, operator, value }; found ${kinds.length === 0 ? 'none' : kinds.join(', ')}`,
    );
    return;
  }
  const kind = kinds[0];
  if (kind === 'all' || kind === 'any') {
    const children = condition[kind];
    if (Array.isArray(children)) children.forEach((child, i) => checkCondition(child, [...segments, kind, i], context));
    return;
  }
  if (kind === 'not') {
    if (Array.isArray(condition.not)) add([...segments, 'not'], '"not" takes one condition, not a list');
    else checkCondition(condition.not, [...segments, 'not'], context);
    return;
  }
  if (kind === 'condition') {
    if (typeof condition.condition === 'string' && !context.shared.has(condition.condition))
      add(
        [...segments, 'condition'],
        `no shared condition is named "${condition.condition}" (declare it in $.conditions)`,
      );
    return;
  }
  checkLeaf(condition, segments, context);
}

function checkLeaf(leaf: Json, segments: PathSegment[], context: Context): void {
  const { facts, parameters, add } = context;
  for (const key of ['operator', 'value']) {
    if (!own(leaf, key)) add([...segments, key], `a leaf condition needs "${key}"`);
  }
  if (own(leaf, 'params')) add([...segments, 'params'], REFUSED_FACT_PARAMS);
  const factName = leaf.fact;
  let fact: FactDeclaration | undefined;
  if (typeof factName === 'string') {
    fact = facts.get(factName);
    if (!fact) add([...segments, 'fact'], `fact "${factName}" is not declared in $.facts`);
  }
  const hasPath = own(leaf, 'path');
  if (hasPath && fact && !['object', 'list', 'json'].includes(fact.type))
    add([...segments, 'path'], `a path reads into an object, list or json fact; "${String(factName)}" is ${fact.type}`);
  if (typeof leaf.operator !== 'string') return;
  const resolved = resolveOperator(leaf.operator);
  if (!resolved || 'unknownDecorator' in resolved) {
    const what =
      resolved && 'unknownDecorator' in resolved
        ? `unknown operator decorator "${resolved.unknownDecorator}" in "${leaf.operator}"; decorators: someFact, someValue, everyFact, everyValue, swap, not`
        : `unknown operator "${leaf.operator}"; known operators: ${[...OPERATORS.keys()].join(', ')} (json-rules-engine's custom operators are JavaScript functions, which a rule file, being data, cannot carry)`;
    add([...segments, 'operator'], what);
    return;
  }
  const spec = resolved.spec;
  // Untyped operands (a json fact, a value read by path, a decorated operator): json-rules-engine's
  // own checks apply at evaluation; only what the file itself shows wrong is refused here.
  const untyped = !fact || fact.type === 'json' || hasPath || resolved.decorators.length > 0;
  let valueSpec: OperatorSpec | undefined = spec;
  if (fact && !untyped && !spec.factTypes.includes(fact.type)) {
    if (NUMERIC_OPERATORS.has(spec.name) && fact.type === 'decimal') {
      const exact = `decimal${spec.name[0].toUpperCase()}${spec.name.slice(1)}`;
      add(
        [...segments, 'operator'],
        `money compared as a JS number: "${spec.name}" on decimal fact "${String(factName)}"; use "${exact}"`,
      );
      valueSpec = OPERATORS.get(exact); // the value is then checked as the exact operator would need it
    } else {
      add(
        [...segments, 'operator'],
        `operator "${spec.name}" does not apply to ${fact.type} fact "${String(factName)}" (it takes ${spec.factTypes.join(' | ')})`,
      );
      valueSpec = undefined;
    }
  }
  checkPeriod(leaf, segments, spec, parameters, add);
  if (!own(leaf, 'value')) return;
  const value = leaf.value as JsonValue;
  const outer = resolved.decorators[0];
  if ((outer === 'someValue' || outer === 'everyValue') && !isReference(value) && !Array.isArray(value)) {
    add([...segments, 'value'], `operator "${leaf.operator}" needs a list as its value`);
    return;
  }
  if (untyped) {
    checkUntypedValue(value, [...segments, 'value'], resolved.decorators.length > 0 ? undefined : spec, context);
    return;
  }
  if (valueSpec) checkValue(value, [...segments, 'value'], valueSpec, fact, context);
}

function isLeaf(condition: unknown): boolean {
  return (
    isObject(condition) && own(condition, 'fact') && !['all', 'any', 'not', 'condition'].some((k) => own(condition, k))
  );
}

function isReference(value: unknown): value is Json {
  return isObject(value) && (own(value, 'fact') || own(value, 'param'));
}

/** A reference's shape: `{ fact, path? }` or `{ param }`; refused keys get their reason. */
function checkReferenceShape(value: Json, segments: PathSegment[], add: Add): boolean {
  if (own(value, 'fact')) {
    if (own(value, 'params')) {
      add([...segments, 'params'], REFUSED_FACT_PARAMS);
      return false;
    }
    const extra = Object.keys(value).filter((key) => key !== 'fact' && key !== 'path');
    if (extra.length > 0) {
      add(
        segments,
        `a fact reference is { "fact": name, "path"?: jsonpath }; found keys ${Object.keys(value).join(', ')}`,
      );
      return false;
    }
    if (typeof value.fact !== 'string' || (own(value, 'path') && typeof value.path !== 'string')) {
      add(segments, 'a fact reference names its fact (and path) with strings');
      return false;
    }
    return true;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1 || typeof value.param !== 'string') {
    add(segments, `a parameter reference is exactly { "param": name }; found keys ${keys.join(', ')}`);
    return false;
  }
  return true;
}

function checkUntypedValue(
  value: JsonValue,
  segments: PathSegment[],
  spec: OperatorSpec | undefined,
  context: Context,
): void {
  const { facts, parameters, add } = context;
  if (isReference(value)) {
    if (!checkReferenceShape(value, segments, add)) return;
    if (typeof value.fact === 'string') {
      const referenced = facts.get(value.fact);
      if (!referenced) add([...segments, 'fact'], `fact "${value.fact}" is not declared in $.facts`);
      else if (
        spec?.compare === 'listOfFactValues' &&
        !own(value, 'path') &&
        !['list', 'json', 'string'].includes(referenced.type)
      )
        add(
          [...segments, 'fact'],
          `operator "${spec.name}" looks in a list, but fact "${value.fact}" is ${referenced.type}`,
        );
    } else if (typeof value.param === 'string' && !parameters.has(value.param))
      add([...segments, 'param'], `parameter "${value.param}" is referenced but not declared in $.parameters`);
    return;
  }
  if (spec?.compare === 'listOfFactValues' && !Array.isArray(value) && typeof value !== 'string')
    add(segments, `value must be a list for operator "${spec.name}"`);
}

function checkPeriod(
  leaf: Json,
  segments: PathSegment[],
  spec: OperatorSpec,
  parameters: ReadonlyMap<string, ParameterDeclaration>,
  add: Add,
): void {
  for (const key of ['days', 'months'] as const) {
    if (own(leaf, key) && spec.period !== key) add([...segments, key], `operator "${spec.name}" takes no "${key}"`);
  }
  if (!spec.period) return;
  const period = leaf[spec.period];
  if (period === undefined) {
    add(
      [...segments, spec.period],
      `operator "${spec.name}" needs "${spec.period}" (a whole number or { "param": name })`,
    );
  } else if (isObject(period) && typeof period.param === 'string') {
    const parameter = parameters.get(period.param);
    if (!parameter)
      add(
        [...segments, spec.period, 'param'],
        `parameter "${period.param}" is referenced but not declared in $.parameters`,
      );
    else if (parameter.type !== 'integer')
      add(
        [...segments, spec.period, 'param'],
        `parameter "${period.param}" must be an integer to serve as ${spec.period}`,
      );
  }
}

const KIND_TYPE: Partial<Record<CompareKind, FactType>> = {
  decimal: 'decimal',
  instant: 'instant',
  integer: 'integer',
};

function checkValue(
  value: JsonValue,
  segments: PathSegment[],
  spec: OperatorSpec,
  fact: FactDeclaration | undefined,
  context: Context,
): void {
  const { facts, parameters, add } = context;
  // The type the right-hand side must have, or undefined when any fact type would do.
  const expectedType: FactType | undefined =
    KIND_TYPE[spec.compare] ?? (spec.compare === 'sameAsFact' ? fact?.type : undefined);
  if (isReference(value)) {
    if (!checkReferenceShape(value, segments, add)) return;
    if (typeof value.fact === 'string') {
      const referenced = facts.get(value.fact);
      if (!referenced) add([...segments, 'fact'], `fact "${value.fact}" is not declared in $.facts`);
      else if (own(value, 'path') || referenced.type === 'json')
        return; // read at evaluation
      else if (spec.compare === 'listOfFactValues') {
        if (referenced.type !== 'list')
          add(
            [...segments, 'fact'],
            `operator "${spec.name}" looks in a list, but fact "${value.fact}" is ${referenced.type}`,
          );
      } else if (spec.compare === 'listItem') {
        const item = fact?.items === undefined ? undefined : asDeclaration(fact.items);
        if (item && referenced.type !== item.type && item.type !== 'json')
          add(
            [...segments, 'fact'],
            `operator "${spec.name}" looks for a ${item.type} item, but fact "${value.fact}" is ${referenced.type}`,
          );
      } else if (expectedType && referenced.type !== expectedType && expectedType !== 'json') {
        add(
          [...segments, 'fact'],
          `operator "${spec.name}" compares with ${expectedType}, but fact "${value.fact}" is ${referenced.type}`,
        );
      }
      return;
    }
    const param = value.param as string; // checkReferenceShape: a string
    const parameter = parameters.get(param);
    if (!parameter) {
      add([...segments, 'param'], `parameter "${param}" is referenced but not declared in $.parameters`);
      return;
    }
    checkLiteral(parameter.value, [...segments, 'param'], spec, fact, add, `parameter "${param}"`);
    return;
  }
  checkLiteral(value, segments, spec, fact, add, 'value');
}

function checkLiteral(
  value: JsonValue,
  segments: PathSegment[],
  spec: OperatorSpec,
  fact: FactDeclaration | undefined,
  add: Add,
  what: string,
): void {
  switch (spec.compare) {
    case 'decimal':
      if (typeof value === 'number')
        add(
          segments,
          `money compared as a JS number: ${what} ${JSON.stringify(value)} must be a decimal string such as "${value.toFixed(2)}"`,
        );
      else if (!isDecimalString(value)) add(segments, `${what} must be a decimal string such as "100.00"`);
      return;
    case 'instant':
      if (!isInstantString(value))
        add(segments, `${what} must be an ISO-8601 instant with a zone such as "2023-10-01T00:00:00Z"`);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) add(segments, `${what} must be a whole number`);
      return;
    case 'sameAsFact':
      if (fact && value !== null && !matchesFactType(value, fact))
        add(segments, `${what} must be ${describeType(fact)}`);
      return;
    case 'listOfFactValues':
      if (!Array.isArray(value)) add(segments, `${what} must be a list for operator "${spec.name}"`);
      else if (fact) {
        value.forEach((item, i) => {
          if (!matchesFactType(item, fact))
            add(
              what === 'value' ? [...segments, i] : segments,
              `${what} item ${JSON.stringify(item)} must be ${describeType(fact)}`,
            );
        });
      }
      return;
    case 'listItem':
      if (fact?.items !== undefined) {
        const item = asDeclaration(fact.items);
        const values = item.values ?? fact.values;
        if (!matchesFactType(value, { ...item, values }))
          add(segments, `${what} must be ${describeDeclaration(item, values)}`);
      }
      return;
  }
}

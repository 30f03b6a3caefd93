import { isDecimalString, isInstantString } from './fact-values';
import { formatPath, PathSegment } from './json-path';
import { CompareKind, NUMERIC_OPERATORS, OPERATORS, OperatorSpec } from './operators';
import { schemaProblems } from './rule-file.schema';
import type { FactDeclaration, FactType, JsonValue, ParameterDeclaration, RuleProblem } from './rule-file.types';

type Json = Record<string, unknown>;

/**
 * Every problem of a parsed rule file, all at once: schema violations, then the checks a schema
 * cannot express — unknown operators, facts used but not declared, parameters referenced but
 * missing, duplicate rule names, money compared as JS numbers, values of the wrong type. Each
 * problem names the file (when given) and the JSON path.
 */
export function validateRuleFile(json: unknown, file?: string): RuleProblem[] {
  const problems = [...schemaProblems(json), ...semanticProblems(json)];
  return file === undefined ? problems : problems.map((problem) => ({ file, ...problem }));
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value is a valid value of a declared fact (or parameter) type. */
export function matchesFactType(
  value: unknown,
  declaration: Pick<FactDeclaration, 'type' | 'values' | 'items'>,
): boolean {
  return matchesType(value, declaration.type, declaration.values, declaration.items);
}

function matchesType(value: unknown, type: string, values?: readonly string[], items?: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'decimal':
      return isDecimalString(value);
    case 'instant':
      return isInstantString(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'enum':
      return typeof value === 'string' && Array.isArray(values) && values.includes(value);
    case 'list':
      return Array.isArray(value) && (items === undefined || value.every((item) => matchesType(item, items, values)));
    default:
      return false;
  }
}

export function describeType(declaration: Pick<FactDeclaration, 'type' | 'values' | 'items'>): string {
  switch (declaration.type) {
    case 'decimal':
      return 'a decimal string such as "100.00"';
    case 'instant':
      return 'an ISO-8601 instant with a zone such as "2024-01-01T00:00:00Z"';
    case 'enum':
      return `one of ${JSON.stringify(declaration.values ?? [])}`;
    case 'list':
      return `a list of ${declaration.items ?? 'values'}${declaration.values ? ` from ${JSON.stringify(declaration.values)}` : ''}`;
    case 'integer':
      return 'a whole number';
    default:
      return `a ${declaration.type}`;
  }
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

  const facts = new Map<string, FactDeclaration>();
  if (isObject(json.facts)) {
    for (const [name, raw] of Object.entries(json.facts)) {
      if (!isObject(raw) || typeof raw.type !== 'string') continue;
      const declaration = raw as unknown as FactDeclaration;
      facts.set(name, declaration);
      if (
        declaration.example !== undefined &&
        declaration.example !== null &&
        !matchesFactType(declaration.example, declaration)
      ) {
        add(['facts', name, 'example'], `example must be ${describeType(declaration)}`);
      }
      if (
        declaration.type !== 'enum' &&
        !(declaration.type === 'list' && declaration.items === 'enum') &&
        declaration.values !== undefined
      ) {
        add(['facts', name, 'values'], `values apply only to enum facts and lists of enum items`);
      }
      if (declaration.type === 'list' && declaration.items === 'enum' && declaration.values === undefined) {
        add(['facts', name, 'values'], `a list of enum items needs values`);
      }
    }
  }

  const parameters = new Map<string, ParameterDeclaration>();
  if (isObject(json.parameters)) {
    for (const [name, raw] of Object.entries(json.parameters)) {
      if (!isObject(raw) || typeof raw.type !== 'string') continue;
      const declaration = raw as unknown as ParameterDeclaration;
      parameters.set(name, declaration);
      if (!matchesType(declaration.value, declaration.type)) {
        add(['parameters', name, 'value'], `value must be ${describeType({ type: declaration.type })}`);
      }
    }
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
      if (rule.conditions !== undefined)
        checkCondition(rule.conditions, ['rules', index, 'conditions'], facts, parameters, add);
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

function checkCondition(
  condition: unknown,
  segments: PathSegment[],
  facts: ReadonlyMap<string, FactDeclaration>,
  parameters: ReadonlyMap<string, ParameterDeclaration>,
  add: Add,
): void {
  if (!isObject(condition)) return; // the schema reports it
  const kinds = ['all', 'any', 'not', 'fact'].filter((key) => key in condition);
  if (kinds.length !== 1) {
    add(
      segments,
      `a condition is exactly one of { all: [...] }, { any: [...] }, { not: {...} } or { fact, operator, value }; found ${kinds.length === 0 ? 'none' : kinds.join(', ')}`,
    );
    return;
  }
  const kind = kinds[0];
  if (kind === 'all' || kind === 'any') {
    const children = condition[kind];
    if (Array.isArray(children))
      children.forEach((child, i) => checkCondition(child, [...segments, kind, i], facts, parameters, add));
    return;
  }
  if (kind === 'not') {
    checkCondition(condition.not, [...segments, 'not'], facts, parameters, add);
    return;
  }
  checkLeaf(condition, segments, facts, parameters, add);
}

function checkLeaf(
  leaf: Json,
  segments: PathSegment[],
  facts: ReadonlyMap<string, FactDeclaration>,
  parameters: ReadonlyMap<string, ParameterDeclaration>,
  add: Add,
): void {
  for (const key of ['operator', 'value']) {
    if (!(key in leaf)) add([...segments, key], `a leaf condition needs "${key}"`);
  }
  const factName = leaf.fact;
  let fact: FactDeclaration | undefined;
  if (typeof factName === 'string') {
    fact = facts.get(factName);
    if (!fact) add([...segments, 'fact'], `fact "${factName}" is not declared in $.facts`);
  }
  if (typeof leaf.operator !== 'string') return;
  const spec = OPERATORS.get(leaf.operator);
  if (!spec) {
    add(
      [...segments, 'operator'],
      `unknown operator "${leaf.operator}"; known operators: ${[...OPERATORS.keys()].join(', ')}`,
    );
    return;
  }
  let valueSpec: OperatorSpec | undefined = spec;
  if (fact && !spec.factTypes.includes(fact.type)) {
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
  if ('value' in leaf && valueSpec)
    checkValue(leaf.value as JsonValue, [...segments, 'value'], valueSpec, fact, facts, parameters, add);
}

function checkPeriod(
  leaf: Json,
  segments: PathSegment[],
  spec: OperatorSpec,
  parameters: ReadonlyMap<string, ParameterDeclaration>,
  add: Add,
): void {
  for (const key of ['days', 'months'] as const) {
    if (key in leaf && spec.period !== key) add([...segments, key], `operator "${spec.name}" takes no "${key}"`);
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
  facts: ReadonlyMap<string, FactDeclaration>,
  parameters: ReadonlyMap<string, ParameterDeclaration>,
  add: Add,
): void {
  // The type the right-hand side must have, or undefined when any fact type would do.
  const expectedType: FactType | undefined =
    KIND_TYPE[spec.compare] ?? (spec.compare === 'sameAsFact' ? fact?.type : undefined);
  if (isObject(value) && ('fact' in value || 'param' in value)) {
    const keys = Object.keys(value);
    if (keys.length !== 1) {
      add(segments, `a reference is exactly { "fact": name } or { "param": name }; found keys ${keys.join(', ')}`);
      return;
    }
    if (typeof value.fact === 'string') {
      const referenced = facts.get(value.fact);
      if (!referenced) add([...segments, 'fact'], `fact "${value.fact}" is not declared in $.facts`);
      else if (expectedType && referenced.type !== expectedType) {
        add(
          [...segments, 'fact'],
          `operator "${spec.name}" compares with ${expectedType}, but fact "${value.fact}" is ${referenced.type}`,
        );
      }
      return;
    }
    if (typeof value.param === 'string') {
      const parameter = parameters.get(value.param);
      if (!parameter) {
        add([...segments, 'param'], `parameter "${value.param}" is referenced but not declared in $.parameters`);
        return;
      }
      checkLiteral(parameter.value, [...segments, 'param'], spec, fact, add, `parameter "${value.param}"`);
      return;
    }
    add(segments, 'a reference names a fact or a parameter with a string');
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
      if (fact?.items && !matchesType(value, fact.items, fact.values))
        add(segments, `${what} must be ${describeType({ type: fact.items, values: fact.values })}`);
      return;
  }
}

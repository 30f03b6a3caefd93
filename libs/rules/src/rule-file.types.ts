/**
 * The shape of a rule file (`rules/<rule-set>/<semver>.json`). `rules/rule-file.schema.json` is the
 * editor-facing contract; these types mirror it for code. A published file is immutable: its
 * content hash (sha256 of the canonical JSON) is the version's identity in decision records.
 */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

export type FactType = 'string' | 'decimal' | 'instant' | 'boolean' | 'enum' | 'list' | 'integer';
export type ListItemType = 'string' | 'decimal' | 'instant' | 'enum' | 'integer' | 'boolean';
export type ParameterType = 'integer' | 'decimal' | 'instant' | 'string' | 'boolean' | 'list';
export type Effect = 'allow' | 'deny';

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface Reason {
  code: string;
  message: LocalizedText;
}

export interface FactDeclaration {
  type: FactType;
  /** Defaults to true. An optional fact that the caller leaves out is evaluated as `null`. */
  required?: boolean;
  /** The members of an `enum` fact, or of the items of a `list` fact whose `items` is `enum`. */
  values?: string[];
  /** The item type of a `list` fact. */
  items?: ListItemType;
  description?: string;
  /** A valid value; embedded tests start from the examples of all facts and override some. */
  example?: JsonValue;
}

export interface ParameterDeclaration {
  type: ParameterType;
  value: JsonValue;
  description?: string;
}

/** `{ "fact": "now" }` compares with another fact; `{ "param": "x" }` with a parameter (substituted when compiled). */
export interface FactRef {
  fact: string;
}
export interface ParamRef {
  param: string;
}

export interface LeafCondition {
  fact: string;
  operator: string;
  value: JsonValue;
  /** The period of `withinDays`: a whole number of days, or `{ "param": "name" }`. */
  days?: number | ParamRef;
  /** The period of `withinMonths`: a whole number of calendar months (UTC), or `{ "param": "name" }`. */
  months?: number | ParamRef;
}
export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}
export type Condition = AllCondition | AnyCondition | NotCondition | LeafCondition;

/**
 * `deny`: the rule denies with its reason. `value`: the rule decides the outcome value (the refund
 * destination, the payout methods); the highest-priority matched value rule wins.
 */
export interface RuleEvent {
  type: 'deny' | 'value';
  params: { reason?: Reason; value?: JsonValue };
}

export interface RuleDefinition {
  name: string;
  priority: number;
  description?: string;
  conditions: Condition;
  event: RuleEvent;
}

/** The outcome when no deny rule and no value rule matched. */
export interface DefaultOutcome {
  effect: Effect;
  value?: JsonValue;
  reasons?: Reason[];
}

export interface ExpectedOutcome {
  effect?: Effect;
  value?: JsonValue;
  /** The reason codes, in order (the first is the primary one). */
  reasons?: string[];
  /** The names of the matched rules, in any order. */
  matchedRules?: string[];
  /** The error code evaluation must fail with (a bad fact is CBC.0100). */
  error?: string;
}

export interface EmbeddedTest {
  name: string;
  description?: string;
  facts: Record<string, JsonValue>;
  expected: ExpectedOutcome;
}

export interface RuleFile {
  $schema?: string;
  ruleSet: string;
  version: string;
  description: string;
  parameters: Record<string, ParameterDeclaration>;
  facts: Record<string, FactDeclaration>;
  rules: RuleDefinition[];
  default: DefaultOutcome;
  tests: EmbeddedTest[];
}

export interface RuleProblem {
  file?: string;
  /** A JSON path into the file, `$` for the whole file (e.g. `$.rules[2].conditions.all[0].operator`). */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

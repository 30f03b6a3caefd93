/**
 * The shape of a rule file (`rules/<rule-set>/<semver>.json`). `rules/rule-file.schema.json` is the
 * editor-facing contract; these types mirror it for code. A published file is immutable: its
 * content hash (sha256 of the canonical JSON) is the version's identity in decision records.
 */
type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

export type FactType =
  'string' | 'decimal' | 'instant' | 'boolean' | 'enum' | 'list' | 'integer' | 'number' | 'object' | 'json';
/** The fact types the service's own code supplies (what contracts speak of): the legacy ones. */
export type SuppliedFactType = 'string' | 'decimal' | 'instant' | 'boolean' | 'enum' | 'list' | 'integer';
export type SuppliedListItemType = 'string' | 'decimal' | 'instant' | 'enum' | 'integer' | 'boolean';
/** The item type of a list fact: a type name, or a whole declaration (a list of objects with a schema, say). */
type ListItemType = Exclude<FactType, 'list'> | 'list';
export type ItemDeclaration = ListItemType | Pick<FactDeclaration, 'type' | 'values' | 'items' | 'schema'>;
/** `date`: a calendar date (`YYYY-MM-DD`), the start of that day in the file's `timeZone` (calendar.ts). */
export type ParameterType = 'integer' | 'decimal' | 'instant' | 'date' | 'string' | 'boolean' | 'list';
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
  /**
   * Defaults to true. An optional fact that the caller leaves out is evaluated as `null` in a
   * legacy file (no `language`), and is *undefined* (json-rules-engine's behaviour, see
   * `allowUndefinedFacts`) in a `"language": 2` file.
   */
  required?: boolean;
  /** The members of an `enum` fact, or of the items of a `list` fact whose `items` is `enum`. */
  values?: string[];
  /** The item type of a `list` fact. */
  items?: ItemDeclaration;
  /** The JSON Schema (draft-07) an `object` fact is checked against. */
  schema?: Record<string, JsonValue>;
  description?: string;
  /** A valid value; embedded tests start from the examples of all facts and override some. */
  example?: JsonValue;
}

export interface ParameterDeclaration {
  type: ParameterType;
  value: JsonValue;
  description?: string;
}

/** `{ "param": "x" }` compares with a parameter (substituted when compiled). */
export interface ParamRef {
  param: string;
}

export interface LeafCondition {
  fact: string;
  /** json-rules-engine's JSONPath (jsonpath-plus) into an object or list fact. */
  path?: string;
  operator: string;
  /** A literal, `{ "fact", "path"? }` or `{ "param" }`. */
  value: JsonValue;
  priority?: number;
  name?: JsonValue;
  /** The period of `withinDays`: a whole number of days, or `{ "param": "name" }`. */
  days?: number | ParamRef;
  /** The period of `withinMonths`: whole calendar months (in the file's `timeZone`, UTC without one), or `{ "param": "name" }`. */
  months?: number | ParamRef;
}
/** Kept and shown in results, as json-rules-engine does; `priority` orders siblings (higher first). */
interface ConditionExtras {
  priority?: number;
  name?: JsonValue;
  [extra: string]: unknown;
}
interface AllCondition extends ConditionExtras {
  all: Condition[];
}
interface AnyCondition extends ConditionExtras {
  any: Condition[];
}
interface NotCondition extends ConditionExtras {
  not: Condition;
}
/** `{ "condition": "name" }`: one of the file's shared `conditions`. */
interface ConditionReference extends ConditionExtras {
  condition: string;
}
export type Condition = AllCondition | AnyCondition | NotCondition | ConditionReference | LeafCondition;

/**
 * `deny`: the rule denies with its reason. `value`: the rule decides the outcome value (the refund
 * destination, the payout methods); the highest-priority matched value rule wins.
 */
export interface RuleEvent {
  /** `deny` and `value` decide the outcome; any other type is an informational event (json-rules-engine's). */
  type: string;
  params?: { reason?: Reason; value?: JsonValue; [key: string]: JsonValue | Reason | undefined };
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
  /**
   * The language level. Absent (legacy, every version published before level 2 existed): an
   * optional fact left out is `null`. `2`: json-rules-engine's undefined facts, chosen by
   * `allowUndefinedFacts`. A published version keeps its level, so replays answer as before.
   */
  language?: 2;
  /** json-rules-engine's engine option (level 2 only); default false, as json-rules-engine's. */
  allowUndefinedFacts?: boolean;
  /** Shared named conditions, referenced as `{ "condition": "name" }` (json-rules-engine's `setCondition`). */
  conditions?: Record<string, Condition>;
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

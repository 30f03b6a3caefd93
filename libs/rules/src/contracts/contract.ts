/**
 * The contract between a rule set and the code that evaluates it, written once in code: the facts
 * the code supplies, the outcome (effect and, for value rule sets, the value) the code understands,
 * the parameters the code reads, and the namespace of the reason codes. The TypeScript types of the
 * facts, the outcome and the parameters and the JSON Schemas that are checked at run time, served at
 * `GET /v1/rule-sets/:ruleSet/contract` and generated for editors all derive from the same object.
 */
import type {
  ParameterType,
  SuppliedFactType as FactType,
  SuppliedListItemType as ListItemType,
} from '../rule-file.types';

// ---- JSON Schema fragments ------------------------------------------------------------------------

export type JsonSchema = { [key: string]: unknown };

const DECIMAL_SCHEMA: JsonSchema = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description: 'a decimal string' };
const INSTANT_SCHEMA: JsonSchema = {
  type: 'string',
  format: 'date-time',
  description: 'an ISO-8601 instant with a zone',
};

// ---- facts ----------------------------------------------------------------------------------------

/** One fact the code supplies. `T` is the TypeScript type of its value. */
export interface FactSpec<T = unknown, Optional extends boolean = boolean> {
  readonly type: FactType;
  readonly values?: readonly string[];
  readonly items?: ListItemType;
  /** An optional fact may be supplied as null (not known for this operation). */
  readonly optional: Optional;
  readonly description?: string;
  /** Phantom: the value's type. */
  readonly __value?: T;
}

interface FactBuilder<T> extends FactSpec<T, false> {
  optional: false;
  /** The same fact, supplied as null when it does not apply. */
  orNull(): FactSpec<T, true>;
  describe(text: string): FactBuilder<T>;
}

function factBuilder<T>(spec: Omit<FactSpec<T, false>, 'optional'>): FactBuilder<T> {
  const base: FactSpec<T, false> = { ...spec, optional: false };
  return {
    ...base,
    orNull: (): FactSpec<T, true> => ({ ...base, optional: true }),
    describe: (description: string) => factBuilder<T>({ ...spec, description }),
  };
}

/** The fact types of the rule language, each with its TypeScript value type. */
export const fact = {
  decimal: () => factBuilder<string>({ type: 'decimal' }),
  instant: () => factBuilder<string>({ type: 'instant' }),
  boolean: () => factBuilder<boolean>({ type: 'boolean' }),
  integer: () => factBuilder<number>({ type: 'integer' }),
  string: () => factBuilder<string>({ type: 'string' }),
  enum: <const V extends readonly string[]>(values: V) => factBuilder<V[number]>({ type: 'enum', values }),
  listOf: <const V extends readonly string[]>(values: V) =>
    factBuilder<Array<V[number]>>({ type: 'list', items: 'enum', values }),
};

export type FactSpecs = Record<string, FactSpec>;

type ValueOfFact<S> = S extends FactSpec<infer T, infer O> ? (O extends true ? T | null : T) : never;

type RequiredKeys<F> = { [K in keyof F]: F[K] extends FactSpec<unknown, true> ? never : K }[keyof F];
type OptionalKeys<F> = Exclude<keyof F, RequiredKeys<F>>;

/** The facts object a use case builds for a contract: every always-known fact; the others null or left out. */
export type FactsOf<C extends { facts: FactSpecs }> = {
  [K in RequiredKeys<C['facts']>]: ValueOfFact<C['facts'][K]>;
} & { [K in OptionalKeys<C['facts']>]?: ValueOfFact<C['facts'][K]> };

// ---- outcome values ---------------------------------------------------------------------------------

/** The schema of an outcome value (closed: enums, no additional properties). `T` is its TypeScript type. */
export interface ValueSpec<T = unknown> {
  readonly schema: JsonSchema;
  readonly __value?: T;
}

type ValueOf<S> = S extends ValueSpec<infer T> ? T : never;

export const value = {
  enum: <const V extends readonly string[]>(values: V): ValueSpec<V[number]> => ({
    schema: { type: 'string', enum: [...values] },
  }),
  boolean: (): ValueSpec<boolean> => ({ schema: { type: 'boolean' } }),
  decimal: (): ValueSpec<string> => ({ schema: DECIMAL_SCHEMA }),
  /** A list of distinct items. */
  setOf: <T>(item: ValueSpec<T>): ValueSpec<T[]> => ({
    schema: { type: 'array', items: item.schema, uniqueItems: true },
  }),
  /** An object with exactly these properties. */
  object: <P extends Record<string, ValueSpec>>(properties: P): ValueSpec<{ [K in keyof P]: ValueOf<P[K]> }> => ({
    schema: {
      type: 'object',
      properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v.schema])),
      required: Object.keys(properties),
      additionalProperties: false,
    },
  }),
  /** An object whose keys are some of the enum's members. */
  recordOf: <const K extends readonly string[], T>(
    keys: K,
    item: ValueSpec<T>,
  ): ValueSpec<Partial<Record<K[number], T>>> => ({
    schema: {
      type: 'object',
      propertyNames: { enum: [...keys] },
      additionalProperties: item.schema,
    },
  }),
};

// ---- parameters -------------------------------------------------------------------------------------

export interface ParameterSpec<T = unknown> {
  readonly type: ParameterType;
  readonly description?: string;
  readonly __value?: T;
}

export const parameter = {
  integer: (description?: string): ParameterSpec<number> => ({ type: 'integer', description }),
  decimal: (description?: string): ParameterSpec<string> => ({ type: 'decimal', description }),
  instant: (description?: string): ParameterSpec<string> => ({ type: 'instant', description }),
  string: (description?: string): ParameterSpec<string> => ({ type: 'string', description }),
  boolean: (description?: string): ParameterSpec<boolean> => ({ type: 'boolean', description }),
};

export type ParameterSpecs = Record<string, ParameterSpec>;
export type ParametersOf<C extends { parameters: ParameterSpecs }> = {
  [K in keyof C['parameters']]: C['parameters'][K] extends ParameterSpec<infer T> ? T : never;
};

// ---- the contract -----------------------------------------------------------------------------------

export interface RuleSetContract<
  F extends FactSpecs = FactSpecs,
  V extends ValueSpec | undefined = ValueSpec | undefined,
  P extends ParameterSpecs = ParameterSpecs,
> {
  readonly ruleSet: string;
  readonly description: string;
  readonly facts: F;
  /** The outcome's value, for a rule set that decides one (an allow always carries it); none for a gate. */
  readonly value: V;
  readonly parameters: P;
  /** The reason codes the rule set may give: a regular expression over the whole code. */
  readonly reasonCodes: { readonly pattern: string; readonly description: string };
}

export function defineContract<
  const F extends FactSpecs,
  V extends ValueSpec | undefined = undefined,
  const P extends ParameterSpecs = Record<never, never>,
>(contract: {
  ruleSet: string;
  description: string;
  facts: F;
  value?: V;
  parameters?: P;
  reasonCodes: { pattern: string; description: string };
}): RuleSetContract<F, V, P> {
  return {
    ruleSet: contract.ruleSet,
    description: contract.description,
    facts: contract.facts,
    value: contract.value as V,
    parameters: (contract.parameters ?? {}) as P,
    reasonCodes: contract.reasonCodes,
  };
}

export type AnyContract = RuleSetContract<FactSpecs, ValueSpec | undefined, ParameterSpecs>;

/** What the code reads of an evaluation: the effect, and for a value rule set the value on an allow. */
export type OutcomeOf<C extends AnyContract> =
  C['value'] extends ValueSpec<infer T>
    ? { effect: 'allow'; value: T } | { effect: 'deny'; value: T | undefined }
    : { effect: 'allow' } | { effect: 'deny' };

// ---- JSON Schemas -----------------------------------------------------------------------------------

export function factSchema(spec: FactSpec): JsonSchema {
  const base = ((): JsonSchema => {
    switch (spec.type) {
      case 'decimal':
        return { ...DECIMAL_SCHEMA };
      case 'instant':
        return { ...INSTANT_SCHEMA };
      case 'boolean':
        return { type: 'boolean' };
      case 'integer':
        return { type: 'integer' };
      case 'string':
        return { type: 'string' };
      case 'enum':
        return { type: 'string', enum: [...(spec.values ?? [])] };
      case 'list':
        return { type: 'array', items: spec.items === 'enum' ? { enum: [...(spec.values ?? [])] } : {} };
    }
  })();
  const typed: JsonSchema = { ...base, 'x-pps-type': spec.type };
  if (spec.description) typed.description = spec.description;
  return spec.optional ? { anyOf: [typed, { type: 'null' }] } : typed;
}

/** The facts as one JSON Schema object: what the code supplies (every property present, optional ones may be null). */
export function factsSchema(contract: AnyContract): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(contract.facts).map(([name, spec]) => [name, factSchema(spec)])),
    required: Object.keys(contract.facts),
    additionalProperties: false,
  };
}

const PARAMETER_SCHEMAS: Record<ParameterType, JsonSchema> = {
  integer: { type: 'integer' },
  decimal: DECIMAL_SCHEMA,
  instant: INSTANT_SCHEMA,
  date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  string: { type: 'string' },
  boolean: { type: 'boolean' },
  list: { type: 'array' },
};

export function parametersSchema(contract: AnyContract): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(contract.parameters).map(([name, spec]) => [
        name,
        {
          ...PARAMETER_SCHEMAS[spec.type],
          'x-pps-type': spec.type,
          ...(spec.description ? { description: spec.description } : {}),
        },
      ]),
    ),
    required: Object.keys(contract.parameters),
  };
}

export function outcomeSchema(contract: AnyContract): JsonSchema {
  const effect = { type: 'string', enum: ['allow', 'deny'] };
  if (!contract.value) {
    return { type: 'object', properties: { effect }, required: ['effect'], additionalProperties: false };
  }
  return {
    type: 'object',
    properties: { effect, value: contract.value.schema },
    required: ['effect'],
    additionalProperties: false,
    if: { properties: { effect: { const: 'allow' } } },
    then: { required: ['effect', 'value'] },
  };
}

/** The whole contract as one JSON Schema document (`GET /v1/rule-sets/:ruleSet/contract`). */
export function contractJsonSchema(contract: AnyContract): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `urn:pps:rule-set-contract:${contract.ruleSet}`,
    title: `${contract.ruleSet} contract`,
    description: contract.description,
    ruleSet: contract.ruleSet,
    type: 'object',
    properties: {
      facts: factsSchema(contract),
      outcome: outcomeSchema(contract),
      parameters: parametersSchema(contract),
      reasonCode: {
        type: 'string',
        pattern: contract.reasonCodes.pattern,
        description: contract.reasonCodes.description,
      },
    },
  };
}

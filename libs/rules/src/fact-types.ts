import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isDecimalString, isInstantString } from './fact-values';
import { jsonDepthExceeds, MAX_FACT_DEPTH } from './limits';
import type { FactDeclaration, ItemDeclaration } from './rule-file.types';

type Declaration = Pick<FactDeclaration, 'type' | 'values' | 'items' | 'schema'>;

/** A compiled check of one declared type: the reason a value does not fit, or undefined when it does. */
export type TypeCheck = (value: unknown) => boolean;

const schemaAjv = new Ajv({ allErrors: false, strict: false });
addFormats(schemaAjv);
const compiledSchemas = new WeakMap<object, ValidateFunction>();

/** Compiles an object fact's JSON Schema; throws Ajv's error for an invalid schema. */
export function compileFactSchema(schema: object): ValidateFunction {
  let validate = compiledSchemas.get(schema);
  if (!validate) {
    validate = schemaAjv.compile(schema);
    compiledSchemas.set(schema, validate);
  }
  return validate;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value is JSON data (what a caller can send), no deeper than the nesting limit. */
function isJsonData(value: unknown): boolean {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint')
    return false;
  if (typeof value === 'number' && !Number.isFinite(value)) return false;
  return !jsonDepthExceeds(value, MAX_FACT_DEPTH);
}

export function asDeclaration(item: ItemDeclaration): Declaration {
  return typeof item === 'string' ? { type: item } : item;
}

/**
 * The check of a declared type. Built once per declaration (compile time), so that evaluation pays
 * no schema compilation. Nesting of `items` is bounded by the file's nesting limit.
 */
export function typeCheck(declaration: Declaration, values = declaration.values): TypeCheck {
  switch (declaration.type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'decimal':
      return isDecimalString;
    case 'instant':
      return isInstantString;
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'integer':
      return (v) => typeof v === 'number' && Number.isSafeInteger(v);
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'enum':
      return (v) => typeof v === 'string' && Array.isArray(values) && values.includes(v);
    case 'object': {
      const validate = declaration.schema ? compileFactSchema(declaration.schema) : undefined;
      return (v) => isPlainObject(v) && isJsonData(v) && (validate === undefined || validate(v) === true);
    }
    case 'json':
      return isJsonData;
    case 'list': {
      if (declaration.items === undefined) return (v) => Array.isArray(v) && isJsonData(v);
      const item = asDeclaration(declaration.items);
      // a list of enum items names its values on the list (legacy form) or on the item
      const check = typeCheck(item, item.values ?? declaration.values);
      return (v) => Array.isArray(v) && v.every((member) => check(member)) && isJsonData(v);
    }
    default:
      return () => false;
  }
}

export function describeDeclaration(declaration: Declaration, values = declaration.values): string {
  switch (declaration.type) {
    case 'decimal':
      return 'a decimal string such as "100.00"';
    case 'instant':
      return 'an ISO-8601 instant with a zone such as "2024-01-01T00:00:00Z"';
    case 'enum':
      return `one of ${JSON.stringify(values ?? [])}`;
    case 'list': {
      if (declaration.items === undefined) return 'a list';
      const item = asDeclaration(declaration.items);
      if (typeof declaration.items === 'string')
        return `a list of ${declaration.items}${declaration.values ? ` from ${JSON.stringify(declaration.values)}` : ''}`;
      return `a list of ${describeDeclaration(item, item.values ?? declaration.values)}`;
    }
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a JSON number';
    case 'object':
      return declaration.schema ? 'a JSON object matching its schema' : 'a JSON object';
    case 'json':
      return `JSON data (at most ${MAX_FACT_DEPTH} levels deep)`;
    default:
      return `a ${declaration.type}`;
  }
}

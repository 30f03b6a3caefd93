import Ajv, { type ValidateFunction } from 'ajv';
import { formatPath, pointerToPath, type PathSegment } from '../json-path';
import type { RuleProblem } from '../rule-file.types';
import type { AnyContract, JsonSchema } from './contract';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new WeakMap<JsonSchema, ValidateFunction>();

function validatorOf(schema: JsonSchema): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/** Every way a value breaks a schema, with the JSON path under `base` ("$.rules[3].event.params.value.destination"). */
export function schemaViolations(schema: JsonSchema, candidate: unknown, base: string, ruleSet: string): RuleProblem[] {
  const validate = validatorOf(schema);
  if (validate(candidate)) return [];
  return (validate.errors ?? []).map((error) => {
    const inner = pointerToPath(error.instancePath).slice(1);
    const params = error.params as Record<string, unknown>;
    let path = `${base}${inner}`;
    let message = error.message ?? `violates ${error.keyword}`;
    if (error.keyword === 'enum') message = `${message}: ${JSON.stringify(params.allowedValues)}`;
    if (error.keyword === 'required') path = `${path}.${String(params.missingProperty)}`;
    if (error.keyword === 'additionalProperties') {
      path = `${path}.${String(params.additionalProperty)}`;
      message = 'is not a property the code understands';
    }
    if (error.keyword === 'propertyNames') message = `has a key the code does not understand (${message})`;
    if (candidate === undefined) message = 'is missing';
    return { path, message: `${message} (the contract of ${ruleSet})` };
  });
}

/**
 * Every way a parsed rule file breaks the contract of its rule set, all at once, each with its JSON
 * path: facts the code does not supply or supplies with another type (a version may use fewer),
 * event values and the default that the code would not understand, parameters the code reads that
 * are missing or of another type, reason codes outside the namespace. Defensive: a file that also
 * has schema problems is checked as far as its shape allows.
 */
export function contractProblems(file: unknown, contract: AnyContract): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (segments: PathSegment[], message: string): void => {
    problems.push({ path: formatPath(segments), message });
  };
  if (!isObject(file)) return problems;
  const set = contract.ruleSet;

  // Facts: never one the code does not supply, never another type; fewer is fine.
  if (isObject(file.facts)) {
    for (const [name, raw] of Object.entries(file.facts)) {
      if (!isObject(raw)) continue;
      const spec = Object.prototype.hasOwnProperty.call(contract.facts, name) ? contract.facts[name] : undefined;
      if (!spec) {
        add(
          ['facts', name],
          `fact "${name}" is not supplied by the code for ${set} (it supplies ${Object.keys(contract.facts).join(', ')})`,
        );
        continue;
      }
      if (raw.type !== spec.type) {
        add(
          ['facts', name, 'type'],
          `fact "${name}" is ${String(raw.type)} here, but the code supplies it as ${spec.type}`,
        );
        continue;
      }
      if (spec.type === 'list' && raw.items !== spec.items) {
        add(['facts', name, 'items'], `fact "${name}" has items ${String(raw.items)}; the code supplies ${spec.items}`);
      }
      if (spec.values) {
        const declared = Array.isArray(raw.values) ? raw.values : [];
        const missing = spec.values.filter((v) => !declared.includes(v));
        if (missing.length > 0)
          add(
            ['facts', name, 'values'],
            `fact "${name}" lacks ${JSON.stringify(missing)}, which the code supplies (it supplies ${JSON.stringify(spec.values)})`,
          );
      }
      if (spec.optional && raw.required !== false) {
        add(
          ['facts', name, 'required'],
          `fact "${name}" is null when it does not apply to the operation; declare "required": false`,
        );
      }
    }
  }

  // Outcome: every value an event or the default can produce must be one the code understands.
  const valueSchema = contract.value?.schema;
  const reasonPattern = new RegExp(contract.reasonCodes.pattern);
  const checkReason = (reason: unknown, segments: PathSegment[]): void => {
    if (isObject(reason) && typeof reason.code === 'string' && !reasonPattern.test(reason.code))
      add(
        [...segments, 'code'],
        `reason code "${reason.code}" is outside ${set}'s namespace (${contract.reasonCodes.description}: ${contract.reasonCodes.pattern})`,
      );
  };
  if (Array.isArray(file.rules)) {
    file.rules.forEach((rule: unknown, index) => {
      if (!isObject(rule) || !isObject(rule.event)) return;
      const event = rule.event;
      const params = isObject(event.params) ? event.params : {};
      checkReason(params.reason, ['rules', index, 'event', 'params', 'reason']);
      if (event.type === 'value') {
        if (!valueSchema) {
          add(['rules', index, 'event', 'type'], `${set} decides no value: the code reads only allow or deny`);
          return;
        }
        problems.push(
          ...schemaViolations(valueSchema, params.value, formatPath(['rules', index, 'event', 'params', 'value']), set),
        );
      }
    });
  }
  if (isObject(file.default)) {
    const outcome = file.default;
    if (Array.isArray(outcome.reasons))
      outcome.reasons.forEach((reason: unknown, i) => checkReason(reason, ['default', 'reasons', i]));
    if (!valueSchema) {
      if (outcome.value !== undefined)
        add(['default', 'value'], `${set} decides no value: the code reads only allow or deny`);
    } else if (outcome.value !== undefined || outcome.effect === 'allow') {
      problems.push(...schemaViolations(valueSchema, outcome.value, '$.default.value', set));
    }
  }

  // Parameters the code reads: present, with their type.
  const parameters = isObject(file.parameters) ? file.parameters : {};
  for (const [name, spec] of Object.entries(contract.parameters)) {
    const declared = parameters[name];
    if (!isObject(declared)) {
      add(['parameters', name], `parameter "${name}" (${spec.type}) is read by the code for ${set}; it is missing`);
    } else if (declared.type !== spec.type) {
      add(
        ['parameters', name, 'type'],
        `parameter "${name}" is ${String(declared.type)} here, but the code reads it as ${spec.type}`,
      );
    }
  }
  return problems;
}

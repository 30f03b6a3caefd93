import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import ruleFileSchemaJson from '../../../rules/rule-file.schema.json';
import { pointerToPath } from './json-path';
import type { RuleProblem } from './rule-file.types';

/** The JSON Schema of rule files (`rules/rule-file.schema.json`), the same one editors use. */
export const RULE_FILE_SCHEMA: object = ruleFileSchemaJson;

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    compiled = ajv.compile(RULE_FILE_SCHEMA);
  }
  return compiled;
}

/** Every schema violation of a parsed rule file, as path-qualified problems. */
export function schemaProblems(json: unknown): RuleProblem[] {
  const validate = schemaValidator();
  if (validate(json)) return [];
  const problems: RuleProblem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    // "must match then schema" only repeats the error found inside the `then` branch.
    if (error.keyword === 'if') continue;
    const problem = toProblem(error);
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function toProblem(error: ErrorObject): RuleProblem {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperty':
    case 'additionalProperties':
      return {
        path: appendKey(path, String(params.additionalProperty)),
        message: 'unknown property (not in the rule-file schema)',
      };
    case 'required':
      return { path: appendKey(path, String(params.missingProperty)), message: 'required property is missing' };
    case 'enum':
      return {
        path,
        message: `${error.message ?? 'must be one of the allowed values'}: ${JSON.stringify(params.allowedValues)}`,
      };
    case 'pattern':
      return { path, message: `must match the pattern ${String(params.pattern)}` };
    default:
      return { path, message: error.message ?? `violates schema keyword ${error.keyword}` };
  }
}

function appendKey(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

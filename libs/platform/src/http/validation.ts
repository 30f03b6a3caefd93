import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { BadInputError } from '../errors/platform.errors';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens class-validator's tree into `[{ field: 'a.b[0].c', problems: [...] }]`. */
function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field =
      /^\d+$/.test(e.property) && prefix ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out.push({ field, problems: Object.values(e.constraints) });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** No request of this API nests deeper than a few levels; far deeper input is an attack on the stack. */
export const MAX_BODY_DEPTH = 32;

/** Whether `value` nests deeper than `limit` (iterative: it must not overflow the stack itself). */
function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

const OPAQUE_KEY = Symbol('pps:opaque-json');

/**
 * A body member that, when it is a JSON object, is handed on as is (a rule file inside an impact
 * request) and not walked by class-transformer, which would copy a large document property by
 * property on the event loop. Any other value is left to the property's own validators.
 */
export function OpaqueJsonObject(): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    const ctor = target.constructor as unknown as Record<symbol, string[] | undefined>;
    ctor[OPAQUE_KEY] = [...(ctor[OPAQUE_KEY] ?? []), String(property)];
  };
}

class DepthLimitedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && deeperThan(value, MAX_BODY_DEPTH)) {
      throw new BadInputError(`Invalid request: the body nests deeper than ${MAX_BODY_DEPTH} levels`, [
        { field: '', problems: [`nests deeper than ${MAX_BODY_DEPTH} levels`] },
      ]);
    }
    const opaque = (metadata.metatype as unknown as Record<symbol, string[] | undefined> | undefined)?.[OPAQUE_KEY];
    if (metadata.type === 'body' && opaque && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const body = { ...(value as Record<string, unknown>) };
      const kept: Record<string, unknown> = {};
      for (const name of opaque) {
        if (body[name] === undefined) continue;
        const member = body[name];
        // Anything but a JSON object stays for the class's own validators to accept or refuse.
        if (member === null || typeof member !== 'object' || Array.isArray(member)) continue;
        kept[name] = member;
        body[name] = {};
      }
      const instance = (await super.transform(body, metadata)) as Record<string, unknown>;
      return Object.assign(instance, kept);
    }
    return super.transform(value, metadata);
  }
}

/**
 * The global pipe: bodies nested absurdly deep are refused before anything recurses into them,
 * unknown fields are refused (not silently dropped), payloads are turned into DTO instances, and
 * every problem becomes CBC.0100 with each field's problems in `details`.
 */
export function createValidationPipe(): ValidationPipe {
  return new DepthLimitedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      const summary = details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ');
      return new BadInputError(`Invalid request: ${summary}`, details);
    },
  });
}

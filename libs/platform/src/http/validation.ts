import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { BadInputError } from '../errors/domain.error';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens class-validator's tree into `[{ field: 'a.b[0].c', problems: [...] }]`. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property) && prefix ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out.push({ field, problems: Object.values(e.constraints) });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * The global pipe: unknown fields are refused (not silently dropped), payloads are turned into
 * DTO instances, and every problem becomes CBC.0100 with each field's problems in `details`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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

import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A positive decimal string with at most 2 decimal places and at most 16 integer digits. */
const MONEY_PATTERN = /^(0|[1-9]\d{0,15})(\.\d{1,2})?$/;

function isPositiveMoney(value: unknown): value is string {
  return typeof value === 'string' && MONEY_PATTERN.test(value) && /[1-9]/.test(value);
}

/**
 * Money at the edge: a decimal string such as "100.00". A JSON number is refused, because it has
 * already been through a binary float by the time we see it.
 */
export function IsMoney(options?: ValidationOptions & { allowZero?: boolean }): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isMoney',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) =>
          options?.allowZero ? typeof value === 'string' && MONEY_PATTERN.test(value) : isPositiveMoney(value),
        defaultMessage: (args) =>
          typeof args?.value === 'number'
            ? `${args.property} must be a decimal string such as "100.00", not a JSON number`
            : `${args?.property} must be a ${options?.allowZero ? 'non-negative' : 'positive'} decimal string with at most 2 decimal places (e.g. "100.00")`,
      },
    });
}

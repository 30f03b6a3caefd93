import { ValidateBy, type ValidationOptions } from 'class-validator';
import isLuhnNumber from 'validator/lib/isLuhnNumber';

/**
 * A bank account number as this service accepts it (issue 14), for accounts held in mainland China:
 * - digits only once spaces used for grouping are taken out (`6222 0200 0000 0015`);
 * - 8 to 30 digits (corporate accounts, 对公账户, vary by bank within that range and carry no
 *   public check digit);
 * - a card-style number — 16 to 19 digits starting with `62`, the UnionPay range — must pass the
 *   Luhn check digit (ISO/IEC 7812), as every UnionPay card number does.
 * IBANs and other foreign formats are not accepted (the program pays out in CNY to Chinese banks).
 */
export function normalizeBankAccountNumber(value: string): string {
  return value.replace(/ /g, '');
}

function bankAccountProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string of digits';
  const digits = normalizeBankAccountNumber(value);
  if (!/^\d+$/.test(digits)) return 'must be digits only (spaces between groups allowed)';
  if (digits.length < 8 || digits.length > 30) return 'must have 8 to 30 digits';
  if (/^62\d{14,17}$/.test(digits) && !isLuhnNumber(digits))
    return 'fails the check digit (Luhn) of a UnionPay card number';
  return undefined;
}

/** The last 4 digits only: `************0015`. */
export function maskBankAccountNumber(value: string): string {
  const digits = normalizeBankAccountNumber(value);
  return digits.length <= 4 ? '*'.repeat(digits.length) : `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

export function IsBankAccountNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBankAccountNumber',
      validator: {
        validate: (value) => bankAccountProblem(value) === undefined,
        defaultMessage: (args) =>
          `${args?.property} ${bankAccountProblem(args?.value) ?? 'is not a bank account number'}`,
      },
    },
    options,
  );
}

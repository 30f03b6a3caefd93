import Decimal from 'decimal.js';

/** The program's currency: every account, order and payout is in it unless it says otherwise. */
export const DEFAULT_CURRENCY = 'CNY';

/** Money is stored as NUMERIC(20,2): two decimals, absolute value below 10^18. */
export const MONEY_SCALE = 2;

/** An amount as the edges write it: a decimal string with exactly two decimals ("12.30"). */
export function formatAmount(amount: Decimal.Value): string {
  return new Decimal(amount).toFixed(MONEY_SCALE);
}

/**
 * An amount of money in one currency, over decimal.js (never a JS number). Arithmetic across two
 * currencies throws; formatting (two decimals) lives here and nowhere else.
 */
export class Money {
  private constructor(
    readonly amount: Decimal,
    readonly currency: string,
  ) {}

  static of(amount: Decimal.Value, currency: string = DEFAULT_CURRENCY): Money {
    return new Money(new Decimal(amount), currency);
  }

  static zero(currency: string = DEFAULT_CURRENCY): Money {
    return new Money(new Decimal(0), currency);
  }

  plus(other: Money): Money {
    return new Money(this.amount.plus(this.same(other).amount), this.currency);
  }

  minus(other: Money): Money {
    return new Money(this.amount.minus(this.same(other).amount), this.currency);
  }

  negated(): Money {
    return new Money(this.amount.negated(), this.currency);
  }

  isZero(): boolean {
    return this.amount.isZero();
  }

  isNegative(): boolean {
    return this.amount.isNegative() && !this.amount.isZero();
  }

  lessThan(other: Money): boolean {
    return this.amount.lessThan(this.same(other).amount);
  }

  greaterThan(other: Money): boolean {
    return this.amount.greaterThan(this.same(other).amount);
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.amount.equals(other.amount);
  }

  /** Two decimals, as every response and every stored NUMERIC(20,2) writes it. */
  toString(): string {
    return formatAmount(this.amount);
  }

  toJSON(): string {
    return this.toString();
  }

  private same(other: Money): Money {
    if (other.currency !== this.currency)
      throw new Error(`money in ${this.currency} and ${other.currency} cannot be combined`);
    return other;
  }
}

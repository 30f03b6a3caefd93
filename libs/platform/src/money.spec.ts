import Decimal from 'decimal.js';
import fc from 'fast-check';
import { DEFAULT_CURRENCY, formatAmount, Money } from './money';

const cents = fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }).map((c) => new Decimal(c.toString()).div(100));

describe('Money', () => {
  it('writes two decimals, always, exactly', () => {
    expect(Money.of('12.3').toString()).toBe('12.30');
    expect(Money.of('0').toString()).toBe('0.00');
    expect(JSON.stringify({ amount: Money.of('-5') })).toBe('{"amount":"-5.00"}');
    expect(formatAmount('99999999999999999.99')).toBe('99999999999999999.99');
    expect(Money.zero().currency).toBe(DEFAULT_CURRENCY);
  });

  it('refuses to combine two currencies', () => {
    expect(() => Money.of('1', 'CNY').plus(Money.of('1', 'USD'))).toThrow(/CNY and USD/);
    expect(() => Money.of('1', 'CNY').lessThan(Money.of('2', 'USD'))).toThrow();
    expect(Money.of('1', 'CNY').equals(Money.of('1', 'USD'))).toBe(false);
  });

  it('property: plus and minus are exact inverses and formatting round-trips (no float anywhere)', () => {
    fc.assert(
      fc.property(cents, cents, (a, b) => {
        const x = Money.of(a);
        const y = Money.of(b);
        expect(x.plus(y).minus(y).equals(x)).toBe(true);
        expect(x.plus(y).amount.equals(a.plus(b))).toBe(true);
        expect(new Decimal(x.toString()).equals(a)).toBe(true);
        expect(x.negated().plus(x).isZero()).toBe(true);
        expect(x.lessThan(y)).toBe(a.lessThan(b));
      }),
    );
  });
});

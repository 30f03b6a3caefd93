import { addMonthsMs } from './fact-values';
import { OPERATORS } from './operators';

const op = (name: string, period?: number) => {
  const spec = OPERATORS.get(name);
  if (!spec) throw new Error(`no operator ${name}`);
  return spec.build(period);
};

describe('decimal operators', () => {
  it('compare decimal strings exactly, beyond the precision of JS numbers', () => {
    expect(op('decimalGreaterThan')('9007199254740993.01', '9007199254740993.00')).toBe(true);
    expect(op('decimalEqual')('0.30', '0.3')).toBe(true);
    expect(op('decimalLessThanInclusive')('100.00', '100')).toBe(true);
    expect(op('decimalLessThan')('100.00', '100')).toBe(false);
  });

  it('are false, not an exception, when either side is not a decimal string', () => {
    expect(op('decimalGreaterThan')(100, '1')).toBe(false);
    expect(op('decimalGreaterThan')('1', null)).toBe(false);
    expect(op('decimalGreaterThanInclusive')('abc', '1')).toBe(false);
  });

  it('count the decimal places as written: 2 decimals pass, 3 do not, a trailing zero counts', () => {
    const moreThan = op('decimalPlacesGreaterThan');
    expect(moreThan('1.23', 2)).toBe(false);
    expect(moreThan('1.234', 2)).toBe(true);
    expect(moreThan('1.230', 2)).toBe(true);
    expect(moreThan('7', 2)).toBe(false);
  });
});

describe('instant operators', () => {
  it('compare instants in different zones as the same moments', () => {
    expect(op('before')('2023-10-01T07:59:59+08:00', '2023-10-01T00:00:00Z')).toBe(true);
    expect(op('onOrAfter')('2023-10-01T08:00:00+08:00', '2023-10-01T00:00:00Z')).toBe(true);
  });

  it('treat onOrAfter as inclusive and before as strict at the exact instant', () => {
    expect(op('onOrAfter')('2023-10-01T00:00:00Z', '2023-10-01T00:00:00Z')).toBe(true);
    expect(op('before')('2023-10-01T00:00:00Z', '2023-10-01T00:00:00Z')).toBe(false);
  });

  it('end a period of 15 days at exactly 15 × 24 hours after its start', () => {
    const within15 = op('withinDays', 15);
    expect(within15('2024-01-15T23:59:59.999Z', '2024-01-01T00:00:00Z')).toBe(true);
    expect(within15('2024-01-16T00:00:00Z', '2024-01-01T00:00:00Z')).toBe(false);
  });

  it('end a period of 12 months on the same day of month a year later, clamped to the month end', () => {
    const within12 = op('withinMonths', 12);
    expect(within12('2025-02-28T09:59:59Z', '2024-02-29T10:00:00Z')).toBe(true);
    expect(within12('2025-02-28T10:00:00Z', '2024-02-29T10:00:00Z')).toBe(false);
    expect(new Date(addMonthsMs(Date.parse('2024-01-31T00:00:00Z'), 1)).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(new Date(addMonthsMs(Date.parse('2024-11-30T12:00:00Z'), 3)).toISOString()).toBe('2025-02-28T12:00:00.000Z');
  });

  it('are false for instants without a zone, which would depend on the machine', () => {
    expect(op('before')('2023-10-01T00:00:00', '2024-01-01T00:00:00Z')).toBe(false);
    expect(op('withinDays', 7)(null, '2024-01-01T00:00:00Z')).toBe(false);
  });
});

describe('json-rules-engine operators', () => {
  it('keep the engine semantics: numeric operators reject non-numbers, list operators need lists', () => {
    expect(op('greaterThanInclusive')(1, 1)).toBe(true);
    expect(op('greaterThan')('x', 0)).toBe(false);
    expect(op('contains')(['a'], 'a')).toBe(true);
    expect(op('contains')('a', 'a')).toBe(false);
    expect(op('notIn')(null, ['a'])).toBe(true);
  });
});

import fc from 'fast-check';
import { isInstantString } from './fact-values';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The reference: a written date-time exists when the calendar gives back exactly what was written. */
function exists(y: number, mo: number, d: number, h: number, mi: number): boolean {
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi));
  date.setUTCFullYear(y);
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi
  );
}

describe('isInstantString', () => {
  it('accepts exactly the date-times that exist (leap years, month lengths, hours, minutes)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.constantFrom('Z', '+08:00', '-05:30'),
        (y, mo, d, h, mi, zone) => {
          const written = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:00${zone}`;
          expect(isInstantString(written)).toBe(exists(y, mo, d, h, mi));
        },
      ),
      { numRuns: 5000, seed: 20261202 },
    );
  });

  it.each([
    ['2024-02-29T00:00:00+08:00', true],
    ['2023-02-29T00:00:00+08:00', false],
    ['1900-02-29T00:00:00Z', false],
    ['2000-02-29T00:00:00Z', true],
    ['2026-04-31T12:00:00Z', false],
    ['2026-12-31T23:59:59.999Z', true],
    ['2026-12-31T24:00:00Z', false],
    ['2026-12-31T23:60:00Z', false],
    ['2026-12-31T23:59:00', false],
    ['20261231T235900Z', false],
  ])('%s → %s', (written, expected) => {
    expect(isInstantString(written)).toBe(expected);
  });
});

import fc from 'fast-check';
import {
  calendarOf,
  calendarProblems,
  resolveCalendarParameters,
  UTC_LEGACY_CALENDAR,
  zonedCalendar,
} from './calendar';
import { addMonthsMs } from './fact-values';

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Apia', 'UTC'];

describe('the program calendar (calendar.ts)', () => {
  it('adds calendar months in the zone exactly as Temporal does, fast path or not (DST zones, a skipped day)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1960, 0, 1), max: Date.UTC(2110, 0, 1) }),
        fc.integer({ min: -30, max: 30 }),
        (zone, instant, months) => {
          const calendar = zonedCalendar(zone);
          expect(calendar.addMonths(instant, months)).toBe(calendar.temporalAddMonths(instant, months));
        },
      ),
      { numRuns: 3000, seed: 17 },
    );
  });

  it('Beijing months clamp on the Beijing date, not the UTC one', () => {
    const shanghai = zonedCalendar('Asia/Shanghai');
    const exit = Date.parse('2024-02-29T00:00:00+08:00'); // 2024-02-28T16:00Z in UTC
    expect(new Date(shanghai.addMonths(exit, 12)).toISOString()).toBe('2025-02-27T16:00:00.000Z'); // 2025-02-28T00:00+08:00
    expect(new Date(addMonthsMs(exit, 12)).toISOString()).toBe('2025-02-28T16:00:00.000Z'); // the UTC calendar
    const now = Date.parse('2024-05-31T00:00:00+08:00');
    expect(new Date(shanghai.addMonths(now, -3)).toISOString()).toBe('2024-02-28T16:00:00.000Z');
  });

  it('a date means the start of that day in the zone, also where DST skips midnight', () => {
    expect(zonedCalendar('Asia/Shanghai').startOfDay('2023-10-01')).toBe('2023-10-01T00:00:00+08:00');
    // Santiago skipped 2022-09-11T00:00 → the day began at 01:00 -03:00.
    expect(zonedCalendar('America/Santiago').startOfDay('2022-09-11')).toBe('2022-09-11T01:00:00-03:00');
  });

  it('files without timeZone keep the UTC calendar; a timeZone parameter selects the zone', () => {
    expect(calendarOf({ parameters: {} })).toBe(UTC_LEGACY_CALENDAR);
    expect(calendarOf({ parameters: { timeZone: { type: 'string', value: 'Asia/Shanghai' } } }).timeZone).toBe(
      'Asia/Shanghai',
    );
  });

  it('reports a bad zone, an offset instead of a zone, a bad date and a date without a zone', () => {
    const paths = (parameters: unknown) => calendarProblems({ parameters }).map((p) => p.path);
    expect(paths({ timeZone: { type: 'string', value: 'Mars/Olympus' } })).toEqual(['$.parameters.timeZone.value']);
    expect(paths({ timeZone: { type: 'string', value: '+08:00' } })).toEqual(['$.parameters.timeZone.value']);
    expect(paths({ timeZone: { type: 'integer', value: 8 } })).toEqual(['$.parameters.timeZone.type']);
    expect(
      paths({ timeZone: { type: 'string', value: 'Asia/Shanghai' }, from: { type: 'date', value: '2023-02-30' } }),
    ).toEqual(['$.parameters.from.value']);
    expect(paths({ from: { type: 'date', value: '2023-10-01' } })).toEqual(['$.parameters.from.type']);
    expect(
      resolveCalendarParameters({
        parameters: {
          timeZone: { type: 'string', value: 'Asia/Shanghai' },
          from: { type: 'date', value: '2023-10-01' },
        },
      }).parameters.from,
    ).toEqual({ type: 'instant', value: '2023-10-01T00:00:00+08:00' });
  });
});

import fc from 'fast-check';
import {
  calendarOf,
  calendarProblems,
  resolveCalendarParameters,
  UTC_LEGACY_CALENDAR,
  zonedCalendar,
} from './calendar';
import { compileRuleSet } from './compile-rule-set';
import { addMonthsMs } from './fact-values';
import type { RuleFile } from './rule-file.types';
import { validateRuleFile } from './validate-rule-file';

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
          expect(calendar.addMonths(instant, months)).toBe(calendar.temporalAdd(instant, { months }));
          expect(calendar.addDays(instant, months * 7)).toBe(calendar.temporalAdd(instant, { days: months * 7 }));
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

  it('calendar days keep the wall-clock time across a DST change; exact days do not', () => {
    const newYork = zonedCalendar('America/New_York');
    const before = Date.parse('2024-03-09T12:00:00-05:00'); // the day before DST starts
    expect(new Date(newYork.addDays(before, 1)).toISOString()).toBe('2024-03-10T16:00:00.000Z'); // 12:00 -04:00, 23 h later
    expect(new Date(zonedCalendar('Asia/Shanghai').addDays(before, 1)).toISOString()).toBe('2024-03-10T17:00:00.000Z');
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

  /** A rule set with one deny rule over an instant fact, compiled with and without a zone. */
  function ruleSet(timeZone: string | null, condition: Record<string, unknown>, parameters = {}): RuleFile {
    return {
      ruleSet: 'calendar-fixture',
      version: '1.0.0',
      description: 'calendar fixture',
      parameters: { ...(timeZone ? { timeZone: { type: 'string', value: timeZone } } : {}), ...parameters },
      facts: {
        at: { type: 'instant', example: '2024-01-01T00:00:00Z' },
        now: { type: 'instant', example: '2024-01-01T00:00:00Z' },
      },
      rules: [
        {
          name: 'outside',
          priority: 1,
          conditions: { all: [condition] },
          event: { type: 'deny', params: { reason: { code: 'PPS.9001', message: { zh: '外', en: 'outside' } } } },
        },
      ],
      default: { effect: 'allow' },
      tests: [{ name: 'example', facts: {}, expected: { effect: 'allow' } }],
    } as unknown as RuleFile;
  }
  const effect = (file: RuleFile, facts: Record<string, string>) => compileRuleSet(file).evaluate(facts).outcome.effect;

  it('compiles through the hook: a date parameter is the Beijing start of day; UTC files keep UTC', () => {
    const file = ruleSet(
      'Asia/Shanghai',
      { fact: 'at', operator: 'onOrAfter', value: { param: 'from' } },
      { from: { type: 'date', value: '2023-10-01' } },
    );
    expect(validateRuleFile(file)).toEqual([]);
    expect(effect(file, { at: '2023-09-30T16:00:00Z', now: '2024-01-01T00:00:00Z' })).toBe('deny');
    expect(effect(file, { at: '2023-09-30T15:59:59.999Z', now: '2024-01-01T00:00:00Z' })).toBe('allow');
    const evaluation = compileRuleSet(file).evaluate({ at: '2023-09-30T16:00:00Z', now: '2024-01-01T00:00:00Z' });
    expect(evaluation.results[0].conditions[0].value).toBe('2023-10-01T00:00:00+08:00');
    // A date parameter without a zone is refused, with the path.
    const noZone = ruleSet(
      null,
      { fact: 'at', operator: 'onOrAfter', value: { param: 'from' } },
      {
        from: { type: 'date', value: '2023-10-01' },
      },
    );
    expect(validateRuleFile(noZone).map((p) => p.path)).toContain('$.parameters.from.type');
  });

  it('withinMonths counts Beijing months with a zone and UTC months without; withinCalendarDays counts zone dates', () => {
    const months = { not: { fact: 'now', operator: 'withinMonths', value: { fact: 'at' }, months: 12 } };
    const left = { at: '2024-02-29T00:00:00+08:00' };
    expect(effect(ruleSet('Asia/Shanghai', months), { ...left, now: '2025-02-27T23:59:59+08:00' })).toBe('allow');
    expect(effect(ruleSet('Asia/Shanghai', months), { ...left, now: '2025-02-28T00:00:00+08:00' })).toBe('deny');
    expect(effect(ruleSet(null, months), { ...left, now: '2025-02-28T00:00:00+08:00' })).toBe('allow');
    const days = { not: { fact: 'now', operator: 'withinCalendarDays', value: { fact: 'at' }, days: 1 } };
    const exact = { not: { fact: 'now', operator: 'withinDays', value: { fact: 'at' }, days: 1 } };
    const eve = { at: '2024-03-09T12:00:00-05:00', now: '2024-03-10T12:30:00-04:00' }; // 23.5 h later, next date
    expect(effect(ruleSet('America/New_York', days), eve)).toBe('deny');
    expect(effect(ruleSet('America/New_York', exact), eve)).toBe('allow');
  });
});

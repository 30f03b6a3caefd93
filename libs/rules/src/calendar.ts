import { Temporal } from '@js-temporal/polyfill';
import { addDaysMs, addMonthsMs } from './fact-values';
import type { ParameterDeclaration, RuleFile, RuleProblem } from './rule-file.types';

/**
 * The program's calendar (DOMAIN.md "The program's calendar"): the partner program is run from
 * China, its dates are Beijing dates. A rule file that declares the parameter `timeZone` (an IANA
 * name; the program's default is `Asia/Shanghai`) reads its calendar in that zone:
 *
 * - a parameter of type `date` (`"2023-10-01"`) means the first instant of that day in the zone
 *   (`2023-10-01T00:00:00+08:00`), resolved once when the version is compiled;
 * - `withinMonths` ("per 3 months", "1 year after") adds calendar months to the wall-clock time
 *   in the zone (a day the month lacks clamps to its last day; a wall-clock time that a DST gap
 *   skips or an overlap repeats resolves as Temporal's `compatible` disambiguation);
 * - `withinDays` stays an exact duration of N × 24 h; `withinCalendarDays` is the rule that says
 *   calendar days: N dates later at the same wall-clock time in the zone.
 *
 * A file without `timeZone` — every version published before the calendar existed — keeps the
 * UTC calendar it was published with, so that its decisions replay as they were made.
 *
 * Zoned arithmetic is Temporal's (`@js-temporal/polyfill`). It costs ~20 µs a call, so each zone's
 * offset transitions (1970–2100) are read from Temporal once, and an addition whose start and end
 * lie more than two days from any transition — every one in Asia/Shanghai since 1991 — is done on
 * the wall clock at that span's fixed offset (plain arithmetic, no Temporal objects), which is exactly what Temporal answers
 * there (a property test compares both, in zones with DST and a skipped day). Anything nearer a
 * transition, or outside the table, goes to Temporal itself.
 */
const TIME_ZONE_PARAMETER = 'timeZone';
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
/** The parameter type whose value is a calendar date (`YYYY-MM-DD`) in the file's zone. */
export const DATE_PARAMETER_TYPE = 'date';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const OFFSET_HH_MM = /^[+-]\d{2}:\d{2}$/;

export interface ProgramCalendar {
  /** The IANA zone, or `null` for the UTC calendar of files that declare no `timeZone`. */
  readonly timeZone: string | null;
  /** `instant + months` calendar months in the zone (negative goes back), as epoch ms. */
  addMonths(instantMs: number, months: number): number;
  /** `instant + days` calendar days in the zone: the same wall-clock time N dates later (23 or 25 h across DST). */
  addDays(instantMs: number, days: number): number;
  /** The first instant of a date (`YYYY-MM-DD`) in the zone, as an ISO-8601 instant with its offset. */
  startOfDay(date: string): string;
}

const RANGE_START = Date.UTC(1970, 0, 1);
const RANGE_END = Date.UTC(2100, 0, 1);
/** Offset changes are at most 24 h (Pacific/Apia 2011): two days away from one, the offset is settled. */
const MARGIN_MS = 2 * 86_400_000;

/** A zone's calendar: Temporal for the truth, a precomputed table of fixed-offset spans for speed. */
class ZonedCalendar implements ProgramCalendar {
  /** Span i covers [starts[i], starts[i + 1]) (the last one up to RANGE_END) at offsets[i] ms. */
  private readonly starts: number[] = [];
  private readonly offsets: number[] = [];

  constructor(readonly timeZone: string) {
    let at = Temporal.Instant.fromEpochMilliseconds(RANGE_START).toZonedDateTimeISO(timeZone);
    this.starts.push(RANGE_START);
    this.offsets.push(at.offsetNanoseconds / 1e6);
    for (;;) {
      const next = at.getTimeZoneTransition('next');
      if (!next || next.epochMilliseconds >= RANGE_END) break;
      this.starts.push(next.epochMilliseconds);
      this.offsets.push(next.offsetNanoseconds / 1e6);
      at = next;
    }
  }

  addMonths(instantMs: number, months: number): number {
    return this.shift(instantMs, (wall) => addMonthsMs(wall, months), { months });
  }

  addDays(instantMs: number, days: number): number {
    return this.shift(instantMs, (wall) => addDaysMs(wall, days), { days });
  }

  /** The reference: Temporal's ZonedDateTime arithmetic (constrain, compatible). */
  temporalAdd(instantMs: number, duration: { months?: number; days?: number }): number {
    return Temporal.Instant.fromEpochMilliseconds(instantMs).toZonedDateTimeISO(this.timeZone).add(duration)
      .epochMilliseconds;
  }

  /** Wall-clock arithmetic at the span's fixed offset when it is exact, else Temporal. */
  private shift(
    instantMs: number,
    onWallClock: (wallMs: number) => number,
    duration: { months?: number; days?: number },
  ): number {
    const from = this.span(instantMs);
    if (from >= 0) {
      const offset = this.offsets[from];
      const candidate = onWallClock(instantMs + offset) - offset;
      const to = this.span(candidate);
      // With the same offset for two days on either side of the result, that wall-clock time names
      // exactly this one instant (offset changes are at most a day), as Temporal would answer.
      if (
        to >= 0 &&
        this.offsets[to] === offset &&
        candidate - this.starts[to] >= MARGIN_MS &&
        this.spanEnd(to) - candidate > MARGIN_MS
      ) {
        return candidate;
      }
    }
    return this.temporalAdd(instantMs, duration);
  }

  startOfDay(date: string): string {
    const start = Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: this.timeZone });
    if (!OFFSET_HH_MM.test(start.offset)) return start.toInstant().toString();
    return `${start.toPlainDateTime().toString({ smallestUnit: 'second' })}${start.offset}`;
  }

  private span(instantMs: number): number {
    if (!(instantMs >= RANGE_START && instantMs < RANGE_END)) return -1;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= instantMs) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private spanEnd(index: number): number {
    return index + 1 < this.starts.length ? this.starts[index + 1] : RANGE_END;
  }
}

/** The calendar of the files published before `timeZone` existed: months added in UTC. */
export const UTC_LEGACY_CALENDAR: ProgramCalendar = Object.freeze({
  timeZone: null,
  addMonths: addMonthsMs,
  addDays: addDaysMs,
  startOfDay: (date: string) => `${date}T00:00:00Z`,
});

const calendars = new Map<string, ZonedCalendar>();

/** The calendar of a zone (built once per zone per process). @throws RangeError for an unknown zone */
export function zonedCalendar(
  timeZone: string,
): ProgramCalendar & { temporalAdd(ms: number, duration: { months?: number; days?: number }): number } {
  let calendar = calendars.get(timeZone);
  if (!calendar) {
    calendar = new ZonedCalendar(timeZone);
    calendars.set(timeZone, calendar);
  }
  return calendar;
}

function declaredTimeZone(parameters: Record<string, ParameterDeclaration> | undefined): unknown {
  const declaration = parameters?.[TIME_ZONE_PARAMETER];
  return declaration === undefined ? undefined : declaration.value;
}

/** The calendar a (valid) rule file evaluates with. */
export function calendarOf(file: Pick<RuleFile, 'parameters'>): ProgramCalendar {
  const zone = declaredTimeZone(file.parameters);
  return typeof zone === 'string' ? zonedCalendar(zone) : UTC_LEGACY_CALENDAR;
}

/** Whether a string is an IANA zone name that Temporal knows (an offset such as "+08:00" is not a name). */
function isTimeZoneName(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Za-z]/.test(value)) return false;
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(value);
    return true;
  } catch {
    return false;
  }
}

function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_ONLY.test(value)) return false;
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' }).toString() === value;
  } catch {
    return false;
  }
}

/** The calendar's own checks of a parsed file: `timeZone` names a zone, `date` parameters are dates of a zoned file. */
export function calendarProblems(json: unknown): RuleProblem[] {
  const parameters = (json as { parameters?: unknown } | null)?.parameters;
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) return [];
  const problems: RuleProblem[] = [];
  const declared = parameters as Record<string, Partial<ParameterDeclaration> | null>;
  const zone = declared[TIME_ZONE_PARAMETER];
  if (zone !== undefined && zone !== null) {
    if (zone.type !== 'string')
      problems.push({
        path: `$.parameters.${TIME_ZONE_PARAMETER}.type`,
        message: 'timeZone must be a string parameter',
      });
    else if (!isTimeZoneName(zone.value))
      problems.push({
        path: `$.parameters.${TIME_ZONE_PARAMETER}.value`,
        message: `timeZone must be an IANA time zone name such as "${DEFAULT_TIME_ZONE}"; got ${JSON.stringify(zone.value)}`,
      });
  }
  for (const [name, declaration] of Object.entries(declared)) {
    if (declaration?.type !== DATE_PARAMETER_TYPE) continue;
    if (!isCalendarDate(declaration.value))
      problems.push({
        path: `$.parameters.${name}.value`,
        message: `value must be a calendar date such as "2023-10-01"`,
      });
    if (zone === undefined || zone === null)
      problems.push({
        path: `$.parameters.${name}.type`,
        message: `a date parameter needs the parameter "${TIME_ZONE_PARAMETER}" (the zone its days begin in)`,
      });
  }
  return problems;
}

/**
 * The file as the engine reads it: each `date` parameter becomes the `instant` at which that day
 * begins in the file's zone (`"2023-10-01"` → `"2023-10-01T00:00:00+08:00"`), so that `before` /
 * `onOrAfter` compare instants exactly and the decision's condition results show the instant.
 * Files without date parameters come back as they are. Expects a file whose calendar problems are none.
 */
export function resolveCalendarParameters<T extends { parameters?: unknown }>(json: T): T {
  const parameters = json.parameters as Record<string, ParameterDeclaration> | undefined;
  if (!parameters || typeof parameters !== 'object') return json;
  const dates = Object.entries(parameters).filter(([, d]) => d?.type === (DATE_PARAMETER_TYPE as string));
  if (dates.length === 0) return json;
  const zone = declaredTimeZone(parameters);
  if (!isTimeZoneName(zone)) return json;
  const calendar = zonedCalendar(zone);
  const resolved: Record<string, ParameterDeclaration> = { ...parameters };
  for (const [name, declaration] of dates) {
    if (!isCalendarDate(declaration.value)) continue;
    resolved[name] = {
      ...declaration,
      type: 'instant',
      value: calendar.startOfDay(declaration.value),
    };
  }
  return { ...json, parameters: resolved };
}

/** Syntax of the fact and parameter values that rule files and callers exchange. */
const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_PATTERN.test(value);
}

/** An ISO-8601 instant with an explicit zone (`Z` or `±hh:mm`), so that it names one moment everywhere. */
export function isInstantString(value: unknown): value is string {
  return (
    typeof value === 'string' && INSTANT_PATTERN.test(value) && calendarHolds(value) && !Number.isNaN(Date.parse(value))
  );
}

/** The written date and time exist (`2026-02-30` or `T24:00` do not; `Date.parse` would roll them over). */
function calendarHolds(value: string): boolean {
  // On the hot path of every fact check: digits read in place, no allocation.
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (month < 1 || month > 12 || day < 1 || digits(value, 11, 2) > 23 || digits(value, 14, 2) > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written at `value[at, at + length)` (the pattern has checked that these are digits). */
function digits(value: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) n = n * 10 + (value.charCodeAt(i) - 48);
  return n;
}

export function instantMs(value: string): number {
  return Date.parse(value);
}

/** The number of digits written after the decimal point ("1.230" has 3). */
export function writtenDecimalPlaces(value: string): number {
  const point = value.indexOf('.');
  return point < 0 ? 0 : value.length - point - 1;
}

const DAY_MS = 86_400_000;

export function addDaysMs(instant: number, days: number): number {
  return instant + days * DAY_MS;
}

/**
 * Adds calendar months in UTC; a day of month that the target month lacks is clamped to its last
 * day (2024-01-31 + 1 month = 2024-02-29), the time of day is kept.
 */
export function addMonthsMs(instant: number, months: number): number {
  const date = new Date(instant);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return Date.UTC(
    targetYear,
    targetMonth,
    day,
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
}

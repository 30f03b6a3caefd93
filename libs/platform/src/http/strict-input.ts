import { ValidateBy, type ValidationOptions } from 'class-validator';
import { BadInputError } from '../errors/platform.errors';
import type { FieldProblem } from './validation';

/**
 * The one mechanism for strict input (issue 14): every request's query, path parameters and body
 * pass `checkStrictInput` before any handler, and every date field is declared `@IsInstant()`.
 *
 * - An instant is RFC 3339 `date-time` with an explicit offset: `2026-01-15T08:00:00Z`,
 *   `2026-01-15T16:00:00.123+08:00`. Nothing else parses (no basic format `20240101T000000Z`, no
 *   week dates `2024-W01-1`, no ordinal dates, no missing seconds), and the calendar must hold
 *   (`2026-02-30` is refused, where `Date.parse` would roll it over to March).
 * - No string, and no object key, holds a NUL character or a lone UTF-16 surrogate (neither
 *   survives PostgreSQL's text or UTF-8).
 * - No object key is a name of `Object.prototype` (`toString`, `hasOwnProperty`, `constructor`,
 *   `__proto__` …) or `prototype`: such names slip through class-validator's whitelist (it looks
 *   properties up on a plain object), and no field of this API is named so.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch of a strict RFC 3339 instant, or undefined when it is not one. */
function parseInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate(); // a leap year: Feb has 29
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && !leap ? 28 : daysInMonth)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (m[9] !== undefined && (Number(m[10]) > 23 || Number(m[11]) > 59)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function isInstant(value: unknown): value is string {
  return parseInstant(value) !== undefined;
}

const INSTANT_MESSAGE = 'must be an RFC 3339 instant with an offset, such as 2026-01-15T08:00:00Z';

/** class-validator: the field is a strict RFC 3339 instant with an offset (see `parseInstant`). */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: { validate: (value) => isInstant(value), defaultMessage: () => `$property ${INSTANT_MESSAGE}` },
    },
    options,
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(s)) return 'must not contain a lone UTF-16 surrogate';
  return undefined;
}

/** Every problem of the strict-input rules in `value` (iterative: deep input cannot overflow it). */
function strictInputProblems(value: unknown, root: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // Paths are built only for a problem: each entry knows its parent entry and its key.
  const nodes: Array<{ parent: number; key: string | number }> = [];
  const pathOf = (index: number, last?: string | number): string => {
    const parts: Array<string | number> = last === undefined ? [] : [last];
    for (let i = index; i >= 0; i = nodes[i].parent) parts.unshift(nodes[i].key);
    let out = root;
    for (const part of parts) out = typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part;
    return out;
  };
  // Strings are checked where they are found; only containers go on the stack.
  if (typeof value === 'string') {
    const p = stringProblem(value);
    return p ? [{ field: root, problems: [p] }] : [];
  }
  const stack: Array<[unknown, number]> = [[value, -1]];
  while (stack.length > 0 && problems.length < 20) {
    const [v, at] = stack.pop()!;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (typeof item === 'string') {
          const p = stringProblem(item);
          if (p) problems.push({ field: pathOf(at, i), problems: [p] });
        } else if (item !== null && typeof item === 'object') {
          nodes.push({ parent: at, key: i });
          stack.push([item, nodes.length - 1]);
        }
      }
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        const p = stringProblem(key);
        if (p) {
          const shown = [...key].map((c) => (c === '\u0000' || /[\uD800-\uDFFF]/.test(c) ? '\uFFFD' : c)).join('');
          problems.push({ field: pathOf(at, shown), problems: [`name ${p}`] });
          continue;
        }
        if (FORBIDDEN_KEYS.has(key)) {
          problems.push({ field: pathOf(at, key), problems: ['is not a field of this request'] });
          continue;
        }
        const child = (v as Record<string, unknown>)[key];
        if (typeof child === 'string') {
          const q = stringProblem(child);
          if (q) problems.push({ field: pathOf(at, key), problems: [q] });
        } else if (child !== null && typeof child === 'object') {
          nodes.push({ parent: at, key });
          stack.push([child, nodes.length - 1]);
        }
      }
    }
  }
  return problems;
}

/** Throws 400 CBC.0100 naming every offending field when the request's parts break the strict-input rules. */
export function checkStrictInput(parts: { query?: unknown; params?: unknown; body?: unknown }): void {
  const problems = [
    ...strictInputProblems(parts.params, ''),
    ...strictInputProblems(parts.query, ''),
    ...strictInputProblems(parts.body, ''),
  ];
  if (problems.length > 0) {
    const summary = problems.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ');
    throw new BadInputError(`Invalid request: ${summary}`, problems);
  }
}

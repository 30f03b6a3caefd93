import Decimal from 'decimal.js';
import {
  addDaysMs,
  addMonthsMs,
  instantMs,
  isDecimalString,
  isInstantString,
  writtenDecimalPlaces,
} from './fact-values';
import type { ProgramCalendar } from './calendar';
import type { FactType } from './rule-file.types';

/**
 * Thrown by an operator where json-rules-engine's would throw a TypeError (`in` over a value
 * without `indexOf`, `someValue` over a non-list): a fact error (CBC.0100) for the evaluator, never
 * an exception of ours. Validation refuses every case it can see in the file itself.
 */
export class OperandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperandError';
  }
}

/**
 * The operators a rule may use. The same functions run in our evaluator and are registered on a
 * bare json-rules-engine `Engine` (bench and differential test), so both agree by construction
 * of the operator and by test of the evaluation around it.
 *
 * Every function mirrors json-rules-engine's `Operator.evaluate`: a fact value that fails the
 * operator's validator makes the condition false, never an exception.
 */
export type OperatorFn = (factValue: unknown, compareValue: unknown) => boolean;

/** What the right-hand side of a condition must be, checked when a file is validated. */
export type CompareKind =
  | 'sameAsFact' // a value of the fact's own type (equal, notEqual)
  | 'listOfFactValues' // an array of values of the fact's type (in, notIn)
  | 'listItem' // one item of a list fact (contains, doesNotContain)
  | 'integer' // a JSON integer (lessThan… on integer facts; decimalPlacesGreaterThan)
  | 'decimal' // a decimal string ("100.00"), never a JSON number
  | 'instant'; // an ISO-8601 instant

export interface OperatorSpec {
  name: string;
  /** The fact types this operator accepts on its left-hand side. */
  factTypes: readonly FactType[];
  compare: CompareKind;
  /** The period argument the condition must carry (`days` or `months`). */
  period?: 'days' | 'months';
  /** Builds the operator function, given the period when the operator takes one, and the version's calendar. */
  build(period?: number, calendar?: ProgramCalendar): OperatorFn;
  description: string;
}

const ANY_TYPE: readonly FactType[] = [
  'string',
  'decimal',
  'instant',
  'boolean',
  'enum',
  'list',
  'integer',
  'number',
  'object',
  'json',
];
const SCALAR_TYPES: readonly FactType[] = [
  'string',
  'decimal',
  'instant',
  'boolean',
  'enum',
  'integer',
  'number',
  'json',
];
const NUMERIC_TYPES: readonly FactType[] = ['integer', 'number', 'json'];

function indexIn(list: unknown, item: unknown, operator: string): number {
  if (list === null || list === undefined || typeof (list as { indexOf?: unknown }).indexOf !== 'function')
    throw new OperandError(`operator "${operator}" needs a list to look in; got ${describeValue(list)}`);
  return (list as unknown[]).indexOf(item);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value);
  return text === undefined ? typeof value : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * json-rules-engine's `a < b` (after its numberValidator). Two numbers are compared exactly with
 * decimal.js — for two finite doubles that is the same answer as `<`, so json-rules-engine agrees;
 * anything else keeps JavaScript's comparison, as json-rules-engine does for untyped facts.
 */
function numericComparison(test: (cmp: number) => boolean, js: (a: never, b: never) => boolean): OperatorFn {
  return (a, b) => {
    if (!isNumberLike(a)) return false;
    if (typeof a === 'number' && typeof b === 'number') {
      if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return test(a < b ? -1 : a > b ? 1 : 0);
      return test(new Decimal(a).comparedTo(b));
    }
    return js(a as never, b as never);
  };
}

function isNumberLike(value: unknown): boolean {
  // json-rules-engine's own numberValidator, kept verbatim so that the semantics match.
  return Number.parseFloat(value as string).toString() !== 'NaN';
}

function decimalComparison(test: (cmp: number) => boolean): OperatorFn {
  return (a, b) => isDecimalString(a) && isDecimalString(b) && test(new Decimal(a).comparedTo(b));
}

function instantComparison(test: (a: number, b: number) => boolean): OperatorFn {
  return (a, b) => isInstantString(a) && isInstantString(b) && test(instantMs(a), instantMs(b));
}

const SPECS: OperatorSpec[] = [
  {
    name: 'equal',
    factTypes: ANY_TYPE,
    compare: 'sameAsFact',
    build: () => (a, b) => a === b,
    description: 'fact === value',
  },
  {
    name: 'notEqual',
    factTypes: ANY_TYPE,
    compare: 'sameAsFact',
    build: () => (a, b) => a !== b,
    description: 'fact !== value',
  },
  {
    name: 'in',
    factTypes: SCALAR_TYPES,
    compare: 'listOfFactValues',
    build: () => (a, b) => indexIn(b, a, 'in') > -1,
    description: 'fact is one of the listed values',
  },
  {
    name: 'notIn',
    factTypes: SCALAR_TYPES,
    compare: 'listOfFactValues',
    build: () => (a, b) => indexIn(b, a, 'notIn') === -1,
    description: 'fact is none of the listed values',
  },
  {
    name: 'contains',
    factTypes: ['list', 'json'],
    compare: 'listItem',
    build: () => (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
    description: 'the list fact contains the value',
  },
  {
    name: 'doesNotContain',
    factTypes: ['list', 'json'],
    compare: 'listItem',
    build: () => (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
    description: 'the list fact does not contain the value',
  },
  // Numbers (counts, and number facts compared exactly); never money, which is a decimal string.
  {
    name: 'lessThan',
    factTypes: NUMERIC_TYPES,
    compare: 'sameAsFact',
    build: () =>
      numericComparison(
        (c) => c < 0,
        (a, b) => a < b,
      ),
    description: 'fact < value',
  },
  {
    name: 'lessThanInclusive',
    factTypes: NUMERIC_TYPES,
    compare: 'sameAsFact',
    build: () =>
      numericComparison(
        (c) => c <= 0,
        (a, b) => a <= b,
      ),
    description: 'fact <= value',
  },
  {
    name: 'greaterThan',
    factTypes: NUMERIC_TYPES,
    compare: 'sameAsFact',
    build: () =>
      numericComparison(
        (c) => c > 0,
        (a, b) => a > b,
      ),
    description: 'fact > value',
  },
  {
    name: 'greaterThanInclusive',
    factTypes: NUMERIC_TYPES,
    compare: 'sameAsFact',
    build: () =>
      numericComparison(
        (c) => c >= 0,
        (a, b) => a >= b,
      ),
    description: 'fact >= value',
  },
  // Exact decimal comparisons (decimal.js) of decimal strings: money.
  {
    name: 'decimalEqual',
    factTypes: ['decimal'],
    compare: 'decimal',
    build: () => decimalComparison((c) => c === 0),
    description: 'fact = value, exactly',
  },
  {
    name: 'decimalNotEqual',
    factTypes: ['decimal'],
    compare: 'decimal',
    build: () => decimalComparison((c) => c !== 0),
    description: 'fact ≠ value, exactly',
  },
  {
    name: 'decimalLessThan',
    factTypes: ['decimal'],
    compare: 'decimal',
    build: () => decimalComparison((c) => c < 0),
    description: 'fact < value, exactly',
  },
  {
    name: 'decimalLessThanInclusive',
    factTypes: ['decimal'],
    compare: 'decimal',
    build: () => decimalComparison((c) => c <= 0),
    description: 'fact ≤ value, exactly',
  },
  {
    name: 'decimalGreaterThan',
    factTypes: ['decimal'],
    compare: 'decimal',
    build: () => decimalComparison((c) => c > 0),
    description: 'fact > value, exactly',
  },
  {
    name: 'decimalGreaterThanInclusive',
    factTypes: ['decimal'],
    compare: 'decimal',
    build: () => decimalComparison((c) => c >= 0),
    description: 'fact ≥ value, exactly',
  },
  {
    name: 'decimalPlacesGreaterThan',
    factTypes: ['decimal'],
    compare: 'integer',
    build: () => (a, b) => isDecimalString(a) && typeof b === 'number' && writtenDecimalPlaces(a) > b,
    description: 'the fact has more digits after the decimal point than the value ("1.230" has 3)',
  },
  // Instants: ISO-8601 strings with a zone; never a clock — "now" is a fact the caller passes.
  {
    name: 'before',
    factTypes: ['instant'],
    compare: 'instant',
    build: () => instantComparison((a, b) => a < b),
    description: 'fact is strictly before value',
  },
  {
    name: 'onOrAfter',
    factTypes: ['instant'],
    compare: 'instant',
    build: () => instantComparison((a, b) => a >= b),
    description: 'fact is at or after value',
  },
  {
    name: 'withinDays',
    factTypes: ['instant'],
    compare: 'instant',
    period: 'days',
    build: (days = 0) => instantComparison((a, b) => a < addDaysMs(b, days)),
    description:
      'fact < value + days × 24 h: the period of N days starting at value has not ended at fact (at exactly value + N days it has)',
  },
  {
    name: 'withinCalendarDays',
    factTypes: ['instant'],
    compare: 'instant',
    period: 'days',
    build: (days = 0, calendar) => {
      const add = calendar ? (ms: number) => calendar.addDays(ms, days) : (ms: number) => addDaysMs(ms, days);
      return instantComparison((a, b) => a < add(b));
    },
    description:
      "fact < value + N calendar days in the file's timeZone (the same wall-clock time N dates later; UTC without a zone): the period has not ended at fact",
  },
  {
    name: 'withinMonths',
    factTypes: ['instant'],
    compare: 'instant',
    period: 'months',
    build: (months = 0, calendar) => {
      const add = calendar ? (ms: number) => calendar.addMonths(ms, months) : (ms: number) => addMonthsMs(ms, months);
      return instantComparison((a, b) => a < add(b));
    },
    description:
      "fact < value + N calendar months (in the file's timeZone; UTC without one; day of month clamped): the period has not ended at fact",
  },
];

export const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map(SPECS.map((spec) => [spec.name, spec]));

/** The operators of json-rules-engine that a rule file may not use, with what to use instead. */
export const NUMERIC_OPERATORS: ReadonlySet<string> = new Set([
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
]);

/** The name a parameterised operator is registered under once compiled, e.g. `withinDays(15)`. */
export function compiledOperatorName(name: string, period?: number): string {
  return period === undefined ? name : `${name}(${period})`;
}

/**
 * json-rules-engine's operator decorators, with its exact semantics: `name:operator` wraps the
 * operator; they compose (`not:someFact:equal`). `someFact`/`everyFact` hold only for a list fact
 * (their validator is Array.isArray), `someValue`/`everyValue` need a list value (validation
 * checks a literal; a referenced value that is not a list is a fact error at evaluation).
 */
const DECORATORS: ReadonlyMap<string, (next: OperatorFn, name: string) => OperatorFn> = new Map<
  string,
  (next: OperatorFn, name: string) => OperatorFn
>([
  ['someFact', (next) => (a, b) => Array.isArray(a) && a.some((item) => next(item, b))],
  ['everyFact', (next) => (a, b) => Array.isArray(a) && a.every((item) => next(item, b))],
  ['someValue', (next, name) => (a, b) => valueList(b, name).some((item) => next(a, item))],
  ['everyValue', (next, name) => (a, b) => valueList(b, name).every((item) => next(a, item))],
  ['swap', (next) => (a, b) => next(b, a)],
  ['not', (next) => (a, b) => !next(a, b)],
]);

function valueList(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value))
    throw new OperandError(`operator "${name}" needs a list as its value; got ${describeValue(value)}`);
  return value;
}

export interface ResolvedOperator {
  /** The operator as written, e.g. `not:someFact:equal`. */
  name: string;
  /** Outermost first. */
  decorators: string[];
  spec: OperatorSpec;
}

/** Splits `someFact:not:equal` as json-rules-engine's OperatorMap.get does; undefined when unknown. */
export function resolveOperator(name: string): ResolvedOperator | { unknownDecorator: string } | undefined {
  const parts = name.split(':');
  const base = parts.pop() as string;
  const spec = OPERATORS.get(base);
  for (const decorator of parts) if (!DECORATORS.has(decorator)) return { unknownDecorator: decorator };
  if (!spec) return undefined;
  return { name, decorators: parts, spec };
}

/** The function of a (possibly decorated) operator, the period given when the base operator takes one. */
export function buildOperator(resolved: ResolvedOperator, period?: number, calendar?: ProgramCalendar): OperatorFn {
  let fn = resolved.spec.build(period, calendar);
  for (let i = resolved.decorators.length - 1; i >= 0; i--) {
    const decorate = DECORATORS.get(resolved.decorators[i]) as (next: OperatorFn, name: string) => OperatorFn;
    fn = decorate(fn, resolved.decorators.slice(i).concat(resolved.spec.name).join(':'));
  }
  return fn;
}

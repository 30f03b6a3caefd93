import Decimal from 'decimal.js';
import {
  addDaysMs,
  addMonthsMs,
  instantMs,
  isDecimalString,
  isInstantString,
  writtenDecimalPlaces,
} from './fact-values';
import type { FactType } from './rule-file.types';

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
  /** Builds the operator function, given the period when the operator takes one. */
  build(period?: number): OperatorFn;
  description: string;
}

const ANY_TYPE: readonly FactType[] = ['string', 'decimal', 'instant', 'boolean', 'enum', 'list', 'integer'];
const SCALAR_TYPES: readonly FactType[] = ['string', 'decimal', 'instant', 'boolean', 'enum', 'integer'];

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
    build: () => (a, b) => (b as unknown[]).indexOf(a) > -1,
    description: 'fact is one of the listed values',
  },
  {
    name: 'notIn',
    factTypes: SCALAR_TYPES,
    compare: 'listOfFactValues',
    build: () => (a, b) => (b as unknown[]).indexOf(a) === -1,
    description: 'fact is none of the listed values',
  },
  {
    name: 'contains',
    factTypes: ['list'],
    compare: 'listItem',
    build: () => (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
    description: 'the list fact contains the value',
  },
  {
    name: 'doesNotContain',
    factTypes: ['list'],
    compare: 'listItem',
    build: () => (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
    description: 'the list fact does not contain the value',
  },
  // JS-number comparisons: only for counts (integer facts), never for money.
  {
    name: 'lessThan',
    factTypes: ['integer'],
    compare: 'integer',
    build: () => (a, b) => isNumberLike(a) && (a as number) < (b as number),
    description: 'count < value',
  },
  {
    name: 'lessThanInclusive',
    factTypes: ['integer'],
    compare: 'integer',
    build: () => (a, b) => isNumberLike(a) && (a as number) <= (b as number),
    description: 'count <= value',
  },
  {
    name: 'greaterThan',
    factTypes: ['integer'],
    compare: 'integer',
    build: () => (a, b) => isNumberLike(a) && (a as number) > (b as number),
    description: 'count > value',
  },
  {
    name: 'greaterThanInclusive',
    factTypes: ['integer'],
    compare: 'integer',
    build: () => (a, b) => isNumberLike(a) && (a as number) >= (b as number),
    description: 'count >= value',
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
    name: 'withinMonths',
    factTypes: ['instant'],
    compare: 'instant',
    period: 'months',
    build: (months = 0) => instantComparison((a, b) => a < addMonthsMs(b, months)),
    description: 'fact < value + N calendar months (UTC, day of month clamped): the period has not ended at fact',
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

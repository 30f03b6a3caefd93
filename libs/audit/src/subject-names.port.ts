import type { Sql } from '@pps/platform';

/**
 * Who a decision is about, by name: the decision log stores partner and customer ids, their names
 * live in the partners library. A port: the audit library defines it, the partners library
 * implements it, the service wires it.
 */
export interface SubjectNames {
  /** Ids of the partners whose name or real name contains `text` (case-insensitive; `%`, `_` and `\` match themselves). */
  partnerIdsNamed(db: Sql, text: string): Promise<string[]>;
  /** Ids of the customers whose name contains `text` (case-insensitive; `%`, `_` and `\` match themselves). */
  customerIdsNamed(db: Sql, text: string): Promise<string[]>;
}

/** The DI token of the {@link SubjectNames} port (provided by the partners library). */
export const SUBJECT_NAMES = 'SUBJECT_NAMES';

/**
 * Advisory lock keys (two-int4 form: class, object) of the audit log. Fixed and arbitrary.
 * DECISION_SEQ_LOCK must equal the constant in `pps_next_decision_seq()` (migration 0300).
 */
export const DECISION_SEQ_LOCK = 1347634005;
/** Held (transaction-level) by the one sealer that is extending the chain. */
export const SEALER_LOCK = 1347634006;

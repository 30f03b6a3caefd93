import { canonicalJson } from '@pps/rules';
import { createHash } from 'node:crypto';

/**
 * A decision record as stored, in the one form that is hashed, exported and answered. Every member
 * is always present (null when absent), so the canonical JSON of a record never depends on which
 * optional fields a writer filled in.
 *
 * - `seq` is a decimal string (a PostgreSQL bigint does not fit a JSON number safely).
 * - `decidedAt` is the stored instant in UTC with microseconds, `YYYY-MM-DDTHH:MM:SS.ffffffZ`
 *   (PostgreSQL keeps microseconds; a JavaScript Date would drop three digits, and a change there
 *   must still break the hash).
 * - `facts`, `outcome`, `reasons`, `results`, `matchedRules`, `subject` are the stored JSON values
 *   as PostgreSQL gives them back (jsonb: key order is irrelevant because the JSON is canonicalised;
 *   decimal money is a string, so no number is ever re-formatted).
 */
export interface DecisionRecord {
  id: string;
  seq: string;
  decidedAt: string;
  ruleSet: string;
  version: string;
  contentHash: string;
  facts: Record<string, unknown>;
  outcome: { effect: 'allow' | 'deny'; value?: unknown };
  effect: 'allow' | 'deny' | null;
  reasons: Array<{ code: string; message?: unknown }>;
  results: unknown[];
  /** Null on records written before matched rules were recorded. */
  matchedRules: string[] | null;
  operation: string;
  partnerId: string | null;
  customerId: string | null;
  subject: Record<string, unknown>;
  transferId: string | null;
  requestId: string | null;
  callerKeyId: string | null;
  callerRole: string | null;
}

/** The seal of a record: its place in the hash chain. */
interface ChainLink {
  pos: string;
  prevHash: string;
  hash: string;
  sealedAt: string;
}

/** A record with its seal (null while it is committed but not yet sealed): the shape of the API and of each export line. */
export type SealedDecision = DecisionRecord & { chain: ChainLink | null };

/** The `prevHash` of the first seal. */
export const GENESIS_HASH = '0'.repeat(64);

/** Microsecond UTC ISO text of a timestamptz column, in SQL (the form `decidedAt` is hashed in). */
const isoMicros = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The columns of a record, for `select … from decisions d`. */
export const RECORD_COLUMNS = `d.id, d.seq::text as seq, ${isoMicros('d.decided_at')} as decided_at, d.rule_set, d.version, d.content_hash,
  d.facts, d.outcome, d.effect, d.reasons, d.results, d.matched_rules, d.operation, d.partner_id, d.customer_id, d.subject,
  d.transfer_id, d.request_id, d.caller_key_id, d.caller_role`;

/** The seal columns, for `… left join decision_seals s on s.seq = d.seq`. */
export const SEAL_COLUMNS = `s.pos::text as seal_pos, s.prev_hash as seal_prev_hash, s.hash as seal_hash, ${isoMicros('s.sealed_at')} as seal_sealed_at`;

export interface RecordRow {
  id: string;
  seq: string;
  decided_at: string;
  rule_set: string;
  version: string;
  content_hash: string;
  facts: Record<string, unknown>;
  outcome: DecisionRecord['outcome'];
  effect: DecisionRecord['effect'];
  reasons: DecisionRecord['reasons'];
  results: unknown[];
  matched_rules: string[] | null;
  operation: string;
  partner_id: string | null;
  customer_id: string | null;
  subject: Record<string, unknown>;
  transfer_id: string | null;
  request_id: string | null;
  caller_key_id: string | null;
  caller_role: string | null;
}

export interface SealedRow extends RecordRow {
  seal_pos: string | null;
  seal_prev_hash: string | null;
  seal_hash: string | null;
  seal_sealed_at: string | null;
}

export function toDecisionRecord(row: RecordRow): DecisionRecord {
  return {
    id: row.id,
    seq: String(row.seq),
    decidedAt: row.decided_at,
    ruleSet: row.rule_set,
    version: row.version,
    contentHash: row.content_hash,
    facts: row.facts,
    outcome: row.outcome,
    effect: row.effect ?? null,
    reasons: row.reasons,
    results: row.results,
    matchedRules: row.matched_rules ?? null,
    operation: row.operation,
    partnerId: row.partner_id ?? null,
    customerId: row.customer_id ?? null,
    subject: row.subject,
    transferId: row.transfer_id ?? null,
    requestId: row.request_id ?? null,
    callerKeyId: row.caller_key_id ?? null,
    callerRole: row.caller_role ?? null,
  };
}

export function toSealedDecision(row: SealedRow): SealedDecision {
  const chain =
    row.seal_hash === null || row.seal_hash === undefined
      ? null
      : {
          pos: String(row.seal_pos),
          prevHash: row.seal_prev_hash as string,
          hash: row.seal_hash,
          sealedAt: row.seal_sealed_at as string,
        };
  return { ...toDecisionRecord(row), chain };
}

/**
 * THE hash of the chain, defined once:
 *
 *     hash = lowercase hex of sha256( utf8( prevHash + canonicalJson(record) ) )
 *
 * where `prevHash` is the previous seal's hash (64 zeros for the first) and `record` is the
 * {@link DecisionRecord} — an export line without its `chain` member. `canonicalJson` sorts object
 * keys by UTF-16 code units, writes no whitespace, keeps strings as strings and numbers in their
 * shortest round-trip form (the rules of RFC 8785 / JCS for these values).
 */
export function decisionHash(prevHash: string, record: DecisionRecord): string {
  return createHash('sha256').update(prevHash, 'utf8').update(canonicalJson(record), 'utf8').digest('hex');
}

/** The record part of an export line or API answer (everything but `chain`). */
export function recordOf(sealed: Record<string, unknown>): DecisionRecord {
  const { chain: _chain, ...record } = sealed;
  return record as unknown as DecisionRecord;
}

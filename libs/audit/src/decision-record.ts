import { canonicalJson } from '@pps/rules/files';
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

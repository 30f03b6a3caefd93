import { type Sql, write } from '@pps/platform/sql';
import { DECISION_SEQ_LOCK, SEALER_LOCK } from './audit-locks';
import type { DecisionRecord, SealedDecision } from './decision-record';
import type { DecisionWindow } from './decision-window';

/**
 * Every statement on `decisions` and `decision_seals` (the decision log and its hash chain).
 *
 * Timestamps of a record are read as text, not as a `Date`: `decidedAt` and `sealedAt` are the
 * stored instant in UTC with microseconds (`YYYY-MM-DDTHH:MM:SS.ffffffZ`), the form the chain hashes
 * — a JavaScript Date would drop three digits. Bigint columns (`seq`, `pos`) arrive as decimal text.
 */

/** Microsecond UTC ISO text of a timestamptz column (the form `decidedAt` is hashed in). */
const isoMicros = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The columns of a record, for `select … from decisions d`. */
export const RECORD_COLUMNS = `d.id, d.seq::text as seq, ${isoMicros('d.decided_at')} as decided_at, d.rule_set, d.version, d.content_hash,
  d.facts, d.outcome, d.effect, d.reasons, d.results, d.matched_rules, d.operation, d.partner_id, d.customer_id, d.subject,
  d.transfer_id, d.request_id, d.caller_key_id, d.caller_role`;

/** The seal columns, for `… left join decision_seals s on s.seq = d.seq`. */
const SEAL_COLUMNS = `s.pos::text as seal_pos, s.prev_hash as seal_prev_hash, s.hash as seal_hash, ${isoMicros('s.sealed_at')} as seal_sealed_at`;

/** A row of `decisions` as {@link RECORD_COLUMNS} selects it. */
export interface RecordRow {
  id: string;
  seq: string;
  /** Microsecond UTC ISO text (see above). */
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

/** A record with its seal columns (null while it is not sealed). */
interface SealedRow extends RecordRow {
  seal_pos: string | null;
  seal_prev_hash: string | null;
  seal_hash: string | null;
  /** Microsecond UTC ISO text. */
  seal_sealed_at: string | null;
}

/** A seal joined to the record it names (the record columns are null when the record is gone). */
interface ChainRow extends RecordRow {
  pos: string;
  seal_seq: string;
  seal_decision_id: string;
  prev_hash: string;
  hash: string;
  /** The seal's decision is gone (only with triggers disabled by a superuser). */
  missing: boolean;
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

function toSealedDecision(row: SealedRow): SealedDecision {
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

/** `and …` conditions (on alias `d`) and their parameters for a window. */
export function windowSql(window: DecisionWindow): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (window.from) {
    parts.push('d.decided_at >= ?');
    params.push(window.from.toISOString());
  }
  if (window.to) {
    parts.push('d.decided_at < ?');
    params.push(window.to.toISOString());
  }
  if (window.ruleSet) {
    parts.push('d.rule_set = ?');
    params.push(window.ruleSet);
  }
  return { sql: parts.map((p) => ` and ${p}`).join(''), params };
}

/** A decision record to insert: the values of its columns (`seq` is drawn by the column default). */
export interface NewDecision {
  id: string;
  decidedAt: Date;
  ruleSet: string;
  version: string;
  contentHash: string;
  facts: Record<string, unknown>;
  outcome: unknown;
  effect: 'allow' | 'deny' | null;
  reasons: unknown[];
  results: unknown[];
  matchedRules: string[];
  operation: string;
  partnerId: string | null;
  customerId: string | null;
  subject: Record<string, unknown>;
  transferId: string | null;
  requestId: string | null;
  callerKeyId: string | null;
  callerRole: string | null;
}

/** What a search of the log filters on; every given criterion must hold. */
export interface DecisionCriteria {
  ruleSet?: string;
  partnerId?: string;
  customerId?: string;
  /** The decision's partner is one of these (the partners a name matched). */
  partnerIdIn?: readonly string[];
  /** The decision's customer is one of these (the customers a name matched). */
  customerIdIn?: readonly string[];
  effect?: 'allow' | 'deny';
  from?: Date;
  to?: Date;
  /** Keyset: strictly after (ascending) or before (descending) this (decided_at, id). */
  after?: { decidedAt: string; id: string };
  order: 'asc' | 'desc';
}

/** A seal of the chain and the record it names (null: the record is gone). */
export interface ChainEntry {
  pos: string;
  seq: string;
  decisionId: string;
  prevHash: string;
  hash: string;
  record: DecisionRecord | null;
}

/** A seal to append to the chain. */
export interface NewSeal {
  pos: bigint;
  seq: string;
  decisionId: string;
  prevHash: string;
  hash: string;
}

/** A sequence number's lock object: the same expression as in `pps_next_decision_seq()` (migration 0300). */
const seqLockObject = (seqColumnOrParam: string): string => `(${seqColumnOrParam} % 2147483647)::int4`;

/** A PostgreSQL array literal of simple tokens (uuids, integers): `{a,b,c}`. */
function pgArray(values: readonly string[]): string {
  for (const value of values) if (!/^[0-9A-Za-z-]+$/.test(value)) throw new Error(`pgArray: unsafe element ${value}`);
  return `{${values.join(',')}}`;
}

/** The decision log (`decisions`) and its hash chain (`decision_seals`). Each method runs on the `Sql` it is given. */
const INSERT_DECISIONS = `insert into decisions (id, decided_at, rule_set, version, content_hash, facts, outcome, effect, reasons, results, matched_rules,
         operation, partner_id, customer_id, subject, transfer_id, request_id, caller_key_id, caller_role)`;
const DECISION_ROW =
  '(?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)';

function decisionValues(d: NewDecision): unknown[] {
  return [
    d.id,
    d.decidedAt,
    d.ruleSet,
    d.version,
    d.contentHash,
    JSON.stringify(d.facts),
    JSON.stringify(d.outcome),
    d.effect,
    JSON.stringify(d.reasons),
    JSON.stringify(d.results),
    JSON.stringify(d.matchedRules),
    d.operation,
    d.partnerId,
    d.customerId,
    JSON.stringify(d.subject),
    d.transferId,
    d.requestId,
    d.callerKeyId,
    d.callerRole,
  ];
}

export const DecisionsRepository = {
  /**
   * Inserts one record, in the caller's transaction. `seq` is drawn by `pps_next_decision_seq()`
   * (the column default), which also takes a shared advisory lock on that number until commit.
   */
  /**
   * Writes one record: in a transaction, held and sent with the transaction's next statement (with
   * the transfer it authorises, at the end of a use case); on the pool, at once.
   */
  async insert(db: Sql, d: NewDecision): Promise<void> {
    await write(db, { text: `${INSERT_DECISIONS} values ${DECISION_ROW}`, values: decisionValues(d) });
  },

  /** Writes many records in one statement (group commit of recorded checks): all or none. */
  async insertMany(db: Sql, ds: readonly NewDecision[]): Promise<void> {
    if (ds.length === 0) return;
    await db.query(`${INSERT_DECISIONS} values ${ds.map(() => DECISION_ROW).join(', ')}`, ds.flatMap(decisionValues));
  },

  /** One record with its seal. */
  async find(db: Sql, id: string): Promise<SealedDecision | undefined> {
    const [row] = await db.query<SealedRow>(
      `select ${RECORD_COLUMNS}, ${SEAL_COLUMNS} from decisions d left join decision_seals s on s.seq = d.seq where d.id = ?`,
      [id],
    );
    return row ? toSealedDecision(row) : undefined;
  },

  /** The stored facts of one record. */
  async factsOf(db: Sql, id: string): Promise<Record<string, unknown> | undefined> {
    const [row] = await db.query<{ facts: Record<string, unknown> }>(`select facts from decisions where id = ?`, [id]);
    return row?.facts;
  },

  /**
   * Up to `limit` records with their seals, by keyset on (decided_at, id) in `criteria.order` — the
   * indexes `(rule_set|partner_id|customer_id, decided_at, id)` and `(decided_at, id)` serve every
   * filter without an OFFSET scan.
   */
  async search(db: Sql, criteria: DecisionCriteria, limit: number): Promise<SealedDecision[]> {
    const desc = criteria.order === 'desc';
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      where.push(sql);
      params.push(value);
    };
    if (criteria.ruleSet !== undefined) add('d.rule_set = ?', criteria.ruleSet);
    if (criteria.partnerId !== undefined) add('d.partner_id = ?', criteria.partnerId);
    if (criteria.customerId !== undefined) add('d.customer_id = ?', criteria.customerId);
    if (criteria.partnerIdIn !== undefined) add('d.partner_id = any(?::uuid[])', pgArray(criteria.partnerIdIn));
    if (criteria.customerIdIn !== undefined) add('d.customer_id = any(?::uuid[])', pgArray(criteria.customerIdIn));
    if (criteria.effect !== undefined) add('d.effect = ?', criteria.effect);
    if (criteria.from !== undefined) add('d.decided_at >= ?', criteria.from.toISOString());
    if (criteria.to !== undefined) add('d.decided_at < ?', criteria.to.toISOString());
    if (criteria.after !== undefined) {
      where.push(`(d.decided_at, d.id) ${desc ? '<' : '>'} (?::timestamptz, ?::uuid)`);
      params.push(criteria.after.decidedAt, criteria.after.id);
    }
    const dir = desc ? 'desc' : 'asc';
    const rows = await db.query<SealedRow>(
      `select ${RECORD_COLUMNS}, ${SEAL_COLUMNS}
       from decisions d left join decision_seals s on s.seq = d.seq
       ${where.length ? `where ${where.join(' and ')}` : ''}
       order by d.decided_at ${dir}, d.id ${dir} limit ?`,
      [...params, limit],
    );
    return rows.map(toSealedDecision);
  },

  /** Up to `limit` records of a window in (decided_at, id) order, strictly after `after` (keyset). */
  async recordsPage(
    db: Sql,
    window: DecisionWindow,
    after: { decidedAt: string; id: string } | undefined,
    limit: number,
  ): Promise<DecisionRecord[]> {
    const w = windowSql(window);
    const rows = await db.query<RecordRow>(
      `select ${RECORD_COLUMNS} from decisions d
       where true ${w.sql} ${after ? 'and (d.decided_at, d.id) > (?::timestamptz, ?::uuid)' : ''}
       order by d.decided_at, d.id limit ?`,
      [...w.params, ...(after ? [after.decidedAt, after.id] : []), limit],
    );
    return rows.map(toDecisionRecord);
  },

  /** How many records the window holds, counting no further than `upTo`. */
  async countInWindow(db: Sql, window: DecisionWindow, upTo: number): Promise<number> {
    const w = windowSql(window);
    const [{ n }] = await db.query<{ n: number }>(
      `select count(*)::int as n from (select 1 from decisions d where true ${w.sql} limit ?) w`,
      [...w.params, upTo],
    );
    return n;
  },

  /** Up to `limit` sealed records of a window in chain order, after chain position `afterPos`. */
  async sealedPage(db: Sql, window: DecisionWindow, afterPos: string, limit: number): Promise<SealedDecision[]> {
    const w = windowSql(window);
    const rows = await db.query<SealedRow>(
      `select ${RECORD_COLUMNS}, ${SEAL_COLUMNS}
       from decision_seals s join decisions d on d.seq = s.seq
       where s.pos > ? ${w.sql} order by s.pos limit ?`,
      [afterPos, ...w.params, limit],
    );
    return rows.map(toSealedDecision);
  },

  /** Up to `limit` committed records of a window that are not sealed yet, in `seq` order after `afterSeq`. */
  async unsealedPage(db: Sql, window: DecisionWindow, afterSeq: string, limit: number): Promise<SealedDecision[]> {
    const w = windowSql(window);
    const rows = await db.query<SealedRow>(
      `select ${RECORD_COLUMNS}, null as seal_pos, null as seal_prev_hash, null as seal_hash, null as seal_sealed_at
       from decisions d
       where d.seq > ? and not exists (select 1 from decision_seals s where s.seq = d.seq) ${w.sql} order by d.seq limit ?`,
      [afterSeq, ...w.params, limit],
    );
    return rows.map(toSealedDecision);
  },

  /** Committed records (in the window) without a seal. */
  async countUnsealed(db: Sql, window: DecisionWindow): Promise<number> {
    const w = windowSql(window);
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from decisions d where not exists (select 1 from decision_seals s where s.seq = d.seq) ${w.sql}`,
      w.params,
    );
    return row.n;
  },

  /**
   * Up to `limit` seals after chain position `afterPos`, in `pos` order, each with the record it
   * names. With a window, only seals of records decided in it.
   */
  async chainPage(db: Sql, window: DecisionWindow, afterPos: bigint, limit: number): Promise<ChainEntry[]> {
    const w = windowSql(window);
    const windowed = w.sql !== '';
    const rows = await db.query<ChainRow>(
      `select s.pos::text as pos, s.seq::text as seal_seq, s.decision_id as seal_decision_id, s.prev_hash, s.hash, (d.id is null) as missing,
              ${RECORD_COLUMNS}
       from decision_seals s left join decisions d on d.seq = s.seq
       where s.pos > ? ${windowed ? `and d.id is not null ${w.sql}` : ''}
       order by s.pos limit ?`,
      [afterPos.toString(), ...w.params, limit],
    );
    return rows.map((row) => ({
      pos: row.pos,
      seq: row.seal_seq,
      decisionId: row.seal_decision_id,
      prevHash: row.prev_hash,
      hash: row.hash,
      record: row.missing ? null : toDecisionRecord(row),
    }));
  },

  /** The hash of the seal at one chain position. */
  async sealHashAt(db: Sql, pos: bigint): Promise<string | undefined> {
    const [row] = await db.query<{ hash: string }>(`select hash from decision_seals where pos = ?`, [pos.toString()]);
    return row?.hash;
  },

  // The sealer's statements: all of them inside its one transaction.

  /**
   * Takes the sealer lock (transaction-level) — waiting for another sealer, or not: then false when
   * another holds it.
   */
  async lockSealer(db: Sql, wait: boolean): Promise<boolean> {
    if (wait) {
      await db.query(`select pg_advisory_xact_lock(${SEALER_LOCK}, 0)`);
      return true;
    }
    const [lock] = await db.query<{ ok: boolean }>(`select pg_try_advisory_xact_lock(${SEALER_LOCK}, 0) as ok`);
    return lock.ok;
  },

  /** The last seal of the chain (highest `pos`), if any, and the highest `seq` sealed (0 for an empty chain): one round trip. */
  async chainTop(db: Sql): Promise<{ head: { pos: bigint; hash: string } | undefined; topSeq: bigint }> {
    const [row] = await db.query<{ pos: string | null; hash: string | null; top: string | null }>(
      `select h.pos::text as pos, h.hash, (select max(seq)::text from decision_seals) as top
         from (select 1) one
         left join lateral (select s.pos, s.hash from decision_seals s order by s.pos desc limit 1) h on true`,
    );
    return {
      head: row.pos === null || row.hash === null ? undefined : { pos: BigInt(row.pos), hash: row.hash },
      topSeq: row.top === null ? 0n : BigInt(row.top),
    };
  },

  /** Up to `limit` committed records with lower < seq < upper that are not sealed (stragglers), in `seq` order. */
  async unsealedBetween(db: Sql, lower: bigint, upper: bigint, limit: number): Promise<DecisionRecord[]> {
    const rows = await db.query<RecordRow>(
      `select ${RECORD_COLUMNS} from decisions d
       where d.seq > ? and d.seq < ? and not exists (select 1 from decision_seals s where s.seq = d.seq)
       order by d.seq limit ?`,
      [lower.toString(), upper.toString(), limit],
    );
    return rows.map(toDecisionRecord);
  },

  /** Up to `limit` committed records with seq > `seq`, in `seq` order. */
  async recordsAfterSeq(db: Sql, seq: bigint, limit: number): Promise<DecisionRecord[]> {
    const rows = await db.query<RecordRow>(
      `select ${RECORD_COLUMNS} from decisions d where d.seq > ? order by d.seq limit ?`,
      [seq.toString(), limit],
    );
    return rows.map(toDecisionRecord);
  },

  /**
   * Tries the advisory lock of every given sequence number (the lock `pps_next_decision_seq()` takes
   * for an open transaction) and answers those whose lock was free: no open transaction holds them.
   */
  async freeSeqs(db: Sql, seqs: readonly bigint[]): Promise<Set<string>> {
    const rows = await db.query<{ g: string; free: boolean }>(
      `select g::text as g, pg_try_advisory_xact_lock(${DECISION_SEQ_LOCK}, ${seqLockObject('g')}) as free
       from unnest(?::bigint[]) as g`,
      [`{${seqs.join(',')}}`],
    );
    return new Set(rows.filter((r) => r.free).map((r) => r.g));
  },

  /** Which of these sequence numbers are committed records (a fresh statement: a fresh snapshot under READ COMMITTED). */
  async committedSeqs(db: Sql, seqs: Iterable<string>): Promise<Set<string>> {
    const rows = await db.query<{ seq: string }>(
      `select seq::text as seq from decisions where seq = any(?::bigint[])`,
      [`{${[...seqs].join(',')}}`],
    );
    return new Set(rows.map((r) => r.seq));
  },

  /** Appends seals to the chain (one statement). */
  async insertSeals(db: Sql, seals: readonly NewSeal[]): Promise<void> {
    // One statement text whatever the batch's size (arrays, not a VALUES list per size), held to
    // go with the sealer's COMMIT.
    await write(db, {
      text: `insert into decision_seals (pos, seq, decision_id, prev_hash, hash)
             select * from unnest(?::bigint[], ?::bigint[], ?::uuid[], ?::text[], ?::text[])`,
      values: [
        seals.map((x) => x.pos.toString()),
        seals.map((x) => x.seq),
        seals.map((x) => x.decisionId),
        seals.map((x) => x.prevHash),
        seals.map((x) => x.hash),
      ],
    });
  },
};

/**
 * A condition: the decision `decisionIdSql` (an SQL expression, e.g. another table's column) was
 * recorded after the one `startDecisionSql` selects (by sequence, not by clock) — for another
 * library's statement that needs "since that decision" in the same round trip, without naming the
 * log's table itself. Each row is checked through the primary key. Values: those of
 * `startDecisionSql`.
 */
export function decidedAfterSql(decisionIdSql: string, startDecisionSql: string): string {
  return `exists (select 1 from decisions d where d.id = ${decisionIdSql}
                  and d.seq > (select s.seq from decisions s where s.id = (${startDecisionSql})))`;
}

import type { AuditDb } from './audit-db';
import { decisionHash, type DecisionRecord, GENESIS_HASH } from './decision-record';
import { DecisionsRepository, type NewSeal } from './decisions.repository';

export interface SealOptions {
  /** Records linked per transaction. */
  batchSize?: number;
  /** Wait for another sealer (verify) instead of skipping when one is at work (the timer). */
  wait?: boolean;
  /**
   * How long a missing sequence number must stay free and invisible before it counts as rolled
   * back. Its only purpose is the microseconds inside `pps_next_decision_seq()` between `nextval`
   * and the advisory lock; a number held by an open transaction is never given up, however long.
   */
  gapGraceMs?: number;
  /** Also look for committed records below the chain's highest `seq` that are not sealed (stragglers). */
  sweep?: 'none' | 'recent' | 'all';
}

export interface SealResult {
  sealed: number;
  /** Another sealer held the lock (only without `wait`). */
  busy: boolean;
  /** The sequence number the chain waits for (held by an open transaction, or too recently missing), if any. */
  waitingFor?: string;
}

/**
 * Links committed decision records into the hash chain, in `seq` order, after the fact.
 *
 * Why after the fact: a chain head updated inside every gated transaction would be locked from the
 * decision insert until commit, serialising every commit of the service. Instead each transaction
 * only draws a `seq` (and a shared advisory lock on that number, see migration 0300), and this
 * sealer, one at a time (SEALER_LOCK), appends seals for the committed records after the last one.
 *
 * A `seq` above the chain that is not visible belongs either to an open transaction (its advisory
 * lock is held: stop and wait) or to a rolled-back one (the lock is free and the row still
 * invisible after the lock check, for `gapGraceMs`): a rolled-back number is a permanent gap and is
 * skipped — the chain links "the next committed seq", never "seq + 1". Should a record ever commit
 * below the chain's highest seq anyway (a straggler), the sweep appends it at the end of the chain:
 * the chain's order is `pos`, which is seq order in every other case.
 */
export class ChainSealer {
  /** seq → when this sealer first saw it missing and free. */
  private readonly freeGapsSince = new Map<string, number>();

  constructor(
    private readonly db: AuditDb,
    private readonly now: () => number = Date.now,
  ) {}

  async sealPending(options: SealOptions = {}): Promise<SealResult> {
    const batchSize = options.batchSize ?? 1000;
    let total = 0;
    for (;;) {
      const round = await this.sealOnce(batchSize, options);
      total += round.sealed;
      if (round.busy || round.sealed < batchSize) return { ...round, sealed: total };
    }
  }

  private async sealOnce(batchSize: number, options: SealOptions): Promise<SealResult> {
    return this.db.transaction(async (db) => {
      if (!(await DecisionsRepository.lockSealer(db, options.wait === true))) return { sealed: 0, busy: true };
      const { head, topSeq } = await DecisionsRepository.chainTop(db);
      let pos = head ? head.pos : 0n;
      let prevHash = head ? head.hash : GENESIS_HASH;

      const toSeal: DecisionRecord[] = [];
      if (options.sweep && options.sweep !== 'none' && topSeq > 0n) {
        const lower = options.sweep === 'all' ? 0n : topSeq > 10_000n ? topSeq - 10_000n : 0n;
        toSeal.push(...(await DecisionsRepository.unsealedBetween(db, lower, topSeq, batchSize)));
      }
      const records = await DecisionsRepository.recordsAfterSeq(db, topSeq, batchSize - toSeal.length);
      const { usable, waitingFor } = await this.contiguousPrefix(db, topSeq, records, options.gapGraceMs ?? 250);
      toSeal.push(...usable);
      if (toSeal.length === 0) return { sealed: 0, busy: false, waitingFor };

      const seals: NewSeal[] = [];
      for (const record of toSeal) {
        pos += 1n;
        const hash = decisionHash(prevHash, record);
        seals.push({ pos, seq: record.seq, decisionId: record.id, prevHash, hash });
        prevHash = hash;
      }
      await DecisionsRepository.insertSeals(db, seals);
      return { sealed: toSeal.length, busy: false, waitingFor };
    });
  }

  /**
   * The rows (ascending seq, all > topSeq) that may be sealed now: every missing number below each
   * of them must be a rollback. Stops at the first missing number held by an open transaction, or
   * missing for less than the grace period, or committed since the rows were read.
   */
  private async contiguousPrefix(
    db: AuditDb,
    topSeq: bigint,
    rows: DecisionRecord[],
    grace: number,
  ): Promise<{ usable: DecisionRecord[]; waitingFor?: string }> {
    const missing: bigint[] = [];
    let expected = topSeq + 1n;
    for (const row of rows) {
      const seq = BigInt(row.seq);
      for (let g = expected; g < seq && missing.length < 100_000; g++) missing.push(g);
      expected = seq + 1n;
    }
    if (missing.length === 0) return { usable: rows };

    // Try the lock of every missing number: a free lock means no open transaction holds it.
    const free = await DecisionsRepository.freeSeqs(db, missing);
    // A fresh statement (a fresh snapshot under READ COMMITTED): did any of them commit meanwhile?
    const appeared = await DecisionsRepository.committedSeqs(db, free);
    const now = this.now();
    const rolledBack = (g: string): boolean => {
      if (!free.has(g) || appeared.has(g)) {
        this.freeGapsSince.delete(g);
        return false;
      }
      const since = this.freeGapsSince.get(g) ?? now;
      this.freeGapsSince.set(g, since);
      return now - since >= grace;
    };

    const usable: DecisionRecord[] = [];
    expected = topSeq + 1n;
    for (const row of rows) {
      const seq = BigInt(row.seq);
      for (let g = expected; g < seq; g++) {
        if (!rolledBack(g.toString())) return { usable, waitingFor: g.toString() };
        this.freeGapsSince.delete(g.toString());
      }
      usable.push(row);
      expected = seq + 1n;
    }
    return { usable };
  }
}

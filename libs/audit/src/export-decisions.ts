import type { AuditDb } from './audit-db';
import { RECORD_COLUMNS, SEAL_COLUMNS, type SealedDecision, type SealedRow, toSealedDecision } from './decision-record';
import { type DecisionWindow, windowSql } from './decision-window';

/**
 * The records of a window as export lines, streamed with keyset cursors (flat memory): first the
 * sealed ones in chain order (`chain.pos`), then those not sealed yet (`chain: null`) in `seq` order.
 * Each line is `JSON.stringify` of a {@link SealedDecision} followed by "\n".
 */
async function* exportDecisions(
  db: AuditDb,
  window: DecisionWindow = {},
  batchSize = 1000,
): AsyncGenerator<SealedDecision> {
  const w = windowSql(window);
  let pos = '0';
  for (;;) {
    const rows = await db.query<SealedRow>(
      `select ${RECORD_COLUMNS}, ${SEAL_COLUMNS}
       from decision_seals s join decisions d on d.seq = s.seq
       where s.pos > ? ${w.sql} order by s.pos limit ?`,
      [pos, ...w.params, batchSize],
    );
    for (const row of rows) yield toSealedDecision(row);
    if (rows.length < batchSize) break;
    pos = rows[rows.length - 1].seal_pos as string;
  }
  let seq = '0';
  for (;;) {
    const rows = await db.query<SealedRow>(
      `select ${RECORD_COLUMNS}, null as seal_pos, null as seal_prev_hash, null as seal_hash, null as seal_sealed_at
       from decisions d
       where d.seq > ? and not exists (select 1 from decision_seals s where s.seq = d.seq) ${w.sql} order by d.seq limit ?`,
      [seq, ...w.params, batchSize],
    );
    for (const row of rows) yield toSealedDecision(row);
    if (rows.length < batchSize) break;
    seq = rows[rows.length - 1].seq;
  }
}

/** The export as NDJSON text chunks (one chunk per line). */
export async function* exportNdjson(db: AuditDb, window: DecisionWindow = {}): AsyncGenerator<string> {
  for await (const record of exportDecisions(db, window)) yield `${JSON.stringify(record)}\n`;
}

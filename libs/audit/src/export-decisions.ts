import type { AuditDb } from './audit-db';
import type { SealedDecision } from './decision-record';
import type { DecisionWindow } from './decision-window';
import { DecisionsRepository } from './decisions.repository';

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
  let pos = '0';
  for (;;) {
    const records = await DecisionsRepository.sealedPage(db, window, pos, batchSize);
    yield* records;
    if (records.length < batchSize) break;
    pos = records[records.length - 1].chain!.pos;
  }
  let seq = '0';
  for (;;) {
    const records = await DecisionsRepository.unsealedPage(db, window, seq, batchSize);
    yield* records;
    if (records.length < batchSize) break;
    seq = records[records.length - 1].seq;
  }
}

/** The export as NDJSON text chunks (one chunk per line). */
export async function* exportNdjson(db: AuditDb, window: DecisionWindow = {}): AsyncGenerator<string> {
  for await (const record of exportDecisions(db, window)) yield `${JSON.stringify(record)}\n`;
}

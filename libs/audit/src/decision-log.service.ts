import { Database, GroupCommit, type Sql } from '@pps/platform';
import { Injectable } from '@nestjs/common';
import type { DecisionInput } from './decision.types';
import { DecisionsRepository, type NewDecision } from './decisions.repository';

/** The rules that held, from json-rules-engine-style results (`{ rule, result }`, highest priority first). */
function matchedRulesOf(results: unknown[]): string[] {
  return results
    .filter(
      (r): r is { rule: string; result: true } =>
        typeof r === 'object' && r !== null && (r as { result?: unknown }).result === true,
    )
    .map((r) => r.rule);
}

/**
 * The only writer of decision records. A record is written in the caller's transaction, so it
 * commits with the mutation it authorises or not at all; the table refuses UPDATE, DELETE and
 * TRUNCATE (a trigger in the migration), so a record never changes once written.
 *
 * The insert draws `seq` through `pps_next_decision_seq()` (the column default), which also takes a
 * shared advisory lock on that number until commit: that is how the sealer knows the number is still
 * in flight. Nothing chain-wide is locked here, so concurrent gated transactions never queue on the
 * log; the hash chain is built after commit by the sealer (`DecisionSealerService`).
 *
 * A record written on the pool (a recorded check without an Idempotency-Key: the record is the
 * whole transaction) joins a group commit: the records that arrive while one batch is being
 * written go in the next, one INSERT a batch, and each caller is answered once its batch committed.
 */
@Injectable()
export class DecisionLogService {
  private readonly group: GroupCommit<NewDecision>;

  constructor(db: Database) {
    this.group = new GroupCommit((rows) => DecisionsRepository.insertMany(db, rows), { maxRows: 200, concurrency: 2 });
  }

  async record(tx: Sql, d: DecisionInput): Promise<void> {
    const row = this.toRow(d);
    if (tx instanceof Database) await this.group.add(row);
    else await DecisionsRepository.insert(tx, row);
  }

  private toRow(d: DecisionInput): NewDecision {
    return {
      id: d.id,
      decidedAt: d.decidedAt,
      ruleSet: d.ruleSet,
      version: d.version,
      contentHash: d.contentHash,
      facts: d.facts,
      outcome: d.outcome,
      effect: d.effect,
      reasons: d.reasons,
      results: d.results,
      matchedRules: d.matchedRules ?? matchedRulesOf(d.results),
      operation: d.subject.operation,
      partnerId: d.subject.partnerId ?? null,
      customerId: d.subject.customerId ?? null,
      subject: d.subject,
      transferId: d.transferId,
      requestId: d.requestId ?? null,
      callerKeyId: d.callerKeyId ?? null,
      callerRole: d.callerRole ?? null,
    };
  }
}

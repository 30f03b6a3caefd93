import { type Sql } from '@pps/platform';
import { Injectable } from '@nestjs/common';
import type { DecisionInput } from './decision.types';

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
 */
@Injectable()
export class DecisionLogService {
  async record(em: Sql, d: DecisionInput): Promise<void> {
    await em.query(
      `insert into decisions (id, decided_at, rule_set, version, content_hash, facts, outcome, effect, reasons, results, matched_rules,
         operation, partner_id, customer_id, subject, transfer_id, request_id, caller_key_id, caller_role)
       values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)`,
      [
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
        JSON.stringify(d.matchedRules ?? matchedRulesOf(d.results)),
        d.subject.operation,
        d.subject.partnerId ?? null,
        d.subject.customerId ?? null,
        JSON.stringify(d.subject),
        d.transferId,
        d.requestId ?? null,
        d.callerKeyId ?? null,
        d.callerRole ?? null,
      ],
    );
  }
}

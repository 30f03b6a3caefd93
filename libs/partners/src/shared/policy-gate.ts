import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DecisionLogService, type DecisionSubject } from '@pps/audit';
import { Clock } from '@pps/platform';
import type { CompiledRuleSet, Evaluation } from '@pps/rules';
import { randomUUID } from 'node:crypto';
import { PolicyDeniedError } from './operation.errors';
import type { RequestContext } from './request-context';
import { CommitThenFail, TransactionRunner } from './transaction-runner';

export interface GateDecision {
  decisionId: string;
  /** Pre-assigned id of the transfer an allow authorises (recorded in the decision). */
  transferId: string | null;
  evaluation: Evaluation;
  decidedAt: Date;
}

/**
 * The middle of every gated use case: evaluate the active rule version on facts built from rows
 * the transaction has locked, record the decision in the same transaction, and on a denial end the
 * use case with a 422 that still commits the decision record (and nothing else).
 */
@Injectable()
export class PolicyGate {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly decisions: DecisionLogService,
    private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async decide(
    tx: EntityManager,
    ctx: RequestContext,
    ruleSet: string,
    facts: Record<string, unknown>,
    subject: DecisionSubject,
    options: {
      movesMoney: boolean;
      decidedAt?: Date;
      /** A check answers a denial (200) instead of ending the use case with a 422. */
      denialIsAnswer?: boolean;
      /** Evaluate this version instead of the active one (checks against a stored version). */
      version?: CompiledRuleSet;
      /** Extra details for the 422 of a denial (e.g. the two names that did not match). */
      denialDetails?: Record<string, unknown>;
    },
  ): Promise<GateDecision> {
    const decidedAt = options.decidedAt ?? this.clock.now();
    // The version in force at the decision's time, from the snapshot the transaction began with.
    const evaluation = (options.version ?? this.runner.policyAt(tx).resolve(ruleSet, decidedAt)).evaluate(facts);
    const decisionId = randomUUID();
    const allowed = evaluation.outcome.effect === 'allow';
    const transferId = allowed && options.movesMoney ? randomUUID() : null;
    await this.decisions.record(tx, {
      id: decisionId,
      decidedAt,
      ruleSet: evaluation.ruleSet,
      version: evaluation.version,
      contentHash: evaluation.contentHash,
      facts: evaluation.facts,
      outcome: evaluation.outcome,
      effect: evaluation.outcome.effect,
      reasons: evaluation.reasons,
      results: evaluation.results,
      subject,
      transferId,
      requestId: ctx.requestId,
      callerKeyId: ctx.caller.keyId,
      callerRole: ctx.caller.role,
    });
    if (!allowed && !options.denialIsAnswer) {
      const first = evaluation.reasons[0] ?? { code: 'PPS.0020', message: { zh: '策略拒绝', en: 'Denied by policy' } };
      throw new CommitThenFail(
        new PolicyDeniedError(first.code, first.message, decisionId, {
          ruleSet,
          version: evaluation.version,
          reasons: evaluation.reasons,
          ...options.denialDetails,
        }),
      );
    }
    return { decisionId, transferId, evaluation, decidedAt };
  }
}

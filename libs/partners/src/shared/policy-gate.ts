import { type Sql } from '@pps/platform';
import { Injectable, Logger } from '@nestjs/common';
import { DecisionLogService, type DecisionSubject, ShadowLogService } from '@pps/audit';
import { Clock, MetricsService } from '@pps/platform';
import {
  type AnyContract,
  type CompiledRuleSet,
  type Evaluation,
  evaluateUnderContract,
  type FactsOf,
  type OutcomeOf,
  type ParametersOf,
  parametersUnderContract,
  PolicyFreshness,
  RuleContractViolationError,
  shadowFailureReason,
  ShadowRegistry,
} from '@pps/rules';
import { randomUUID } from 'node:crypto';
import { PARTNERS_ERROR, PolicyDeniedError } from './errors';
import type { RequestContext } from './request-context';
import { CommitThenFail, TransactionRunner } from './transaction-runner';

export interface GateDecision {
  decisionId: string;
  /** Pre-assigned id of the transfer an allow authorises (recorded in the decision). */
  transferId: string | null;
  evaluation: Evaluation;
  decidedAt: Date;
}

/** A decision under a contract: its outcome typed by it, and the parameters of the very version that decided. */
export interface ContractDecision<C extends AnyContract> extends GateDecision {
  outcome: OutcomeOf<C>;
  parameters: ParametersOf<C>;
}

/** A decision that reached the use case without `denialIsAnswer`: the gate ended every denial with a 422. */
export interface AllowedDecision<C extends AnyContract> extends ContractDecision<C> {
  outcome: Extract<OutcomeOf<C>, { effect: 'allow' }>;
}

/** An allowed decision of a money-moving use case: it authorises exactly one transfer. */
export interface AuthorisingDecision<C extends AnyContract> extends AllowedDecision<C> {
  transferId: string;
}

/** The transfer an allowed, money-moving decision authorised (a decision that authorised none is a bug). */
export function authorisedTransfer(d: GateDecision): string {
  if (d.transferId === null) throw new Error(`decision ${d.decisionId} authorised no transfer`);
  return d.transferId;
}

interface DecideOptions {
  movesMoney: boolean;
  decidedAt?: Date;
  /** A check answers a denial (200) instead of ending the use case with a 422. */
  denialIsAnswer?: boolean;
  /** Extra details for the 422 of a denial (e.g. the two names that did not match). */
  denialDetails?: Record<string, unknown>;
}

/**
 * The middle of every gated use case: evaluate the version in force (from the transaction's
 * snapshot) on facts built from rows the transaction has locked, under the rule set's contract,
 * record the decision in the same transaction, and on a denial end the use case with a 422 that
 * still commits the decision record (and nothing else). A breach of the contract at run time (the
 * facts the server built, the outcome, the parameters) throws a 500 before anything is recorded,
 * so the whole transaction rolls back; it is logged and counted.
 */
@Injectable()
export class PolicyGate {
  private readonly logger = new Logger(PolicyGate.name);

  constructor(
    private readonly runner: TransactionRunner,
    private readonly decisions: DecisionLogService,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    private readonly freshness: PolicyFreshness,
    private readonly shadows: ShadowRegistry,
    private readonly shadowLog: ShadowLogService,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /** The version of a rule set in force at `at` in this transaction's snapshot. */
  versionAt(tx: Sql, contract: AnyContract, at: Date = this.clock.now()): CompiledRuleSet {
    return this.runner.policyAt(tx).resolve(contract.ruleSet, at);
  }

  /** The parameters the code reads, from the version in force in this transaction's snapshot. */
  parameters<C extends AnyContract>(tx: Sql, contract: C, at: Date = this.clock.now()): ParametersOf<C> {
    return this.guarded(() => parametersUnderContract(contract, this.versionAt(tx, contract, at)));
  }

  /** For a `switch` over a closed set: does not compile while a member is unhandled. */
  static unhandled(member: never, what: string): never {
    throw new Error(`unhandled ${what}: ${JSON.stringify(member)}`);
  }

  decide<C extends AnyContract>(
    tx: Sql,
    ctx: RequestContext,
    contract: C,
    facts: FactsOf<C>,
    subject: DecisionSubject,
    options: DecideOptions & { movesMoney: true; denialIsAnswer?: false },
  ): Promise<AuthorisingDecision<C>>;
  decide<C extends AnyContract>(
    tx: Sql,
    ctx: RequestContext,
    contract: C,
    facts: FactsOf<C>,
    subject: DecisionSubject,
    options: DecideOptions & { denialIsAnswer?: false },
  ): Promise<AllowedDecision<C>>;
  decide<C extends AnyContract>(
    tx: Sql,
    ctx: RequestContext,
    contract: C,
    facts: FactsOf<C>,
    subject: DecisionSubject,
    options: DecideOptions,
  ): Promise<ContractDecision<C>>;
  async decide<C extends AnyContract>(
    tx: Sql,
    ctx: RequestContext,
    contract: C,
    facts: FactsOf<C>,
    subject: DecisionSubject,
    options: DecideOptions,
  ): Promise<ContractDecision<C>> {
    // Fail closed when this instance may be deciding with a stale version (503 PPS.0035).
    this.freshness.assertFresh();
    const decidedAt = options.decidedAt ?? this.clock.now();
    // The version in force at the decision's time, from the snapshot the transaction began with.
    const version = this.versionAt(tx, contract, decidedAt);
    const { evaluation, outcome } = this.guarded(() => evaluateUnderContract(contract, version, facts));
    const parameters = this.guarded(() => parametersUnderContract(contract, version));
    const d = await this.record(
      tx,
      ctx,
      contract.ruleSet,
      evaluation,
      subject,
      decidedAt,
      options,
      (shadow) => evaluateUnderContract(contract, shadow, facts).evaluation,
    );
    return { ...d, outcome, parameters };
  }

  /**
   * A recorded check of facts the client gave (`POST /v1/rule-sets/:ruleSet/evaluate`): facts that
   * do not fit the version are the client's 400 (CBC.0100); no contract applies, nothing moves.
   */
  async check(
    em: Sql,
    ctx: RequestContext,
    version: CompiledRuleSet,
    facts: Record<string, unknown>,
    subject: DecisionSubject,
  ): Promise<GateDecision> {
    this.freshness.assertFresh();
    const decidedAt = this.clock.now();
    const evaluation = version.evaluate(facts);
    // Only a check by the version in force runs the shadow (a check of another stored version is no live traffic).
    const active = this.runner.policyAt(em).entryAt(version.ruleSet, decidedAt)?.compiled;
    return this.record(
      em,
      ctx,
      version.ruleSet,
      evaluation,
      subject,
      decidedAt,
      { movesMoney: false, denialIsAnswer: true },
      active?.contentHash === version.contentHash ? (shadow) => shadow.evaluate(facts) : undefined,
    );
  }

  private guarded<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof RuleContractViolationError) {
        this.metrics.ruleContractViolations.inc({ rule_set: e.ruleSet, version: e.version, kind: e.violation });
        this.logger.error(
          { ruleSet: e.ruleSet, version: e.version, violation: e.violation, problems: e.problems },
          `${e.ruleSet}@${e.version}: the ${e.violation} break the contract at ${e.problems.map((p) => p.path).join(', ')}`,
        );
      }
      throw e;
    }
  }

  private async record(
    tx: Sql,
    ctx: RequestContext,
    ruleSet: string,
    evaluation: Evaluation,
    subject: DecisionSubject,
    decidedAt: Date,
    options: DecideOptions,
    /** How the shadow version (if one is set) evaluates the same facts; undefined: no shadow. */
    shadowEvaluate?: (shadow: CompiledRuleSet) => Evaluation,
  ): Promise<GateDecision> {
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
    if (shadowEvaluate) await this.recordShadow(tx, decisionId, decidedAt, evaluation, subject, shadowEvaluate);
    if (!allowed && !options.denialIsAnswer) {
      const { code, messages } = PARTNERS_ERROR.policyDenied;
      const first = evaluation.reasons[0] ?? { code, message: messages };
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

  /**
   * While the rule set has a shadow version, it decides too, on the same facts, in the same
   * transaction; its outcome is stored beside the decision and never changes it. A shadow that
   * throws or breaks the rule set's contract is recorded as failed with the reason, and the request
   * goes on.
   */
  private async recordShadow(
    tx: Sql,
    decisionId: string,
    decidedAt: Date,
    evaluation: Evaluation,
    subject: DecisionSubject,
    shadowEvaluate: (shadow: CompiledRuleSet) => Evaluation,
  ): Promise<void> {
    const shadow = this.shadows.current(evaluation.ruleSet);
    if (!shadow || shadow.compiled.contentHash === evaluation.contentHash) return;
    let result: ShadowResult;
    try {
      const e = shadowEvaluate(shadow.compiled);
      result = {
        status: 'evaluated',
        outcome: e.outcome,
        reasons: e.reasons,
        matchedRules: e.matchedRules,
        results: e.results,
      };
    } catch (e) {
      result = { status: 'failed', error: shadowFailureReason(e) };
    }
    await this.shadowLog.record(tx, {
      decisionId,
      ruleSet: evaluation.ruleSet,
      decidedAt,
      activeContentHash: evaluation.contentHash,
      version: shadow.compiled.version,
      contentHash: shadow.compiled.contentHash,
      partnerId: subject.partnerId ?? null,
      active: { outcome: evaluation.outcome, reasons: evaluation.reasons },
      result,
    });
  }
}

type ShadowResult = Parameters<ShadowLogService['record']>[1]['result'];

import { Database, type Sql } from '@pps/platform';
import { NotFoundError } from '@pps/platform';
import {
  type Activation,
  type CompiledRuleSet,
  NoPreviousVersionError,
  type PolicyRegistry,
  RuleFileInvalidError,
  UnknownRuleSetError,
} from '@pps/rules';
import { randomUUID } from 'node:crypto';
import { type AuditDb } from './audit-db';
import { ChangeRequestDecidedError, SelfApprovalError } from './audit.errors';
import { ChangeRequestsRepository } from './change-requests.repository';
import { analyzeImpact, type ImpactReport } from './impact';
import type { ImpactMoneySource } from './impact-money.port';
import { shadowReport, type ShadowReport } from './shadow-log';

export interface ChangeRequest {
  id: string;
  ruleSet: string;
  kind: 'activate' | 'rollback';
  version: string;
  contentHash: string;
  fromVersion: string | null;
  effectiveFrom: string | null;
  reason: string;
  requestedBy: string | null;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  activationId: string | null;
  /** The candidate's impact on the last 30 days of decisions, computed when the request was made. */
  impact: ImpactReport;
  /** The candidate's shadow report over the same 30 days, if it ran as a shadow. */
  shadowReport: ShadowReport | null;
}

const IMPACT_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * Four-eyes activation (ACTIVATION_APPROVALS=2): an activation, a scheduled activation or a rollback
 * becomes a change request carrying the candidate's impact on the last 30 days (and its shadow
 * report when it ran as a shadow); another admin key approves it (then the activation happens, and
 * the history names both keys) or rejects it (nothing changes).
 */
export class ChangeRequests {
  private readonly db: AuditDb;

  constructor(
    private readonly em: Database,
    private readonly registry: PolicyRegistry,
    private readonly now: () => Date,
    private readonly moneySource: ImpactMoneySource,
  ) {
    this.db = em;
  }

  async request(
    command: {
      ruleSet: string;
      kind: 'activate' | 'rollback';
      version?: string;
      reason: string;
      effectiveFrom?: Date;
      requestedBy: string | null;
    },
    tx?: Sql,
  ): Promise<ChangeRequest> {
    // Inside the caller's transaction when given (an idempotent request stores its answer with it).
    const db = tx ? tx : this.db;
    await this.registry.refresh();
    const now = this.now();
    const current = this.registry.current().entryAt(command.ruleSet, now);
    let target: CompiledRuleSet;
    if (command.kind === 'rollback') {
      if (!current) throw new UnknownRuleSetError(command.ruleSet);
      if (!current.activation.fromVersion) {
        throw new NoPreviousVersionError(command.ruleSet);
      }
      target = await this.registry.byVersion(command.ruleSet, current.activation.fromVersion);
    } else {
      target = await this.registry.byVersion(command.ruleSet, command.version as string);
    }
    // Refused now what the approval would refuse: a version that breaks its rule set's contract.
    const problems = this.registry.contracts.activationProblems(target.file);
    if (problems.length > 0) throw new RuleFileInvalidError(problems);
    // The last 30 days up to now (open-ended: a decision made this very millisecond counts).
    const window = { from: new Date(now.getTime() - IMPACT_DAYS * DAY_MS) };
    const impact = await analyzeImpact(db, this.moneySource, target, window);
    const shadow = await shadowReport(db, this.moneySource, command.ruleSet, {
      ...window,
      contentHash: target.contentHash,
    });
    return ChangeRequestsRepository.insert(db, {
      id: randomUUID(),
      ruleSet: command.ruleSet,
      kind: command.kind,
      version: target.version,
      contentHash: target.contentHash,
      fromVersion: current?.compiled.version ?? null,
      effectiveFrom: command.effectiveFrom ?? null,
      reason: command.reason,
      requestedBy: command.requestedBy,
      requestedAt: now,
      impact,
      shadowReport: shadow.examined > 0 ? shadow : null,
    });
  }

  list(ruleSet: string): Promise<ChangeRequest[]> {
    return ChangeRequestsRepository.listFor(this.db, ruleSet);
  }

  /** @throws NotFoundError */
  async get(ruleSet: string, id: string): Promise<ChangeRequest> {
    const found = /^[0-9a-f-]{36}$/i.test(id) ? await ChangeRequestsRepository.find(this.db, ruleSet, id) : undefined;
    if (!found) throw new NotFoundError('Change request', id);
    return found;
  }

  /**
   * One transaction: the claim, the activation it approves and the link between them commit
   * together or not at all (an activation that is refused leaves the request pending). Inside the
   * caller's transaction when given; the caller then refreshes the registry after its commit.
   * @throws SelfApprovalError (403) for the requester's own key, ChangeRequestDecidedError (409)
   */
  async approve(
    ruleSet: string,
    id: string,
    by: string | null,
    reason: string,
    tx?: Sql,
  ): Promise<{ changeRequest: ChangeRequest; activation: Activation }> {
    if (!tx) {
      const approved = await this.em.transaction((inner) => this.approve(ruleSet, id, by, reason, inner));
      await this.registry.refresh();
      return approved;
    }
    const request = await this.claim(tx, ruleSet, id, by, reason, 'approved');
    const activation = await this.registry.activate(
      request.ruleSet,
      request.version,
      request.reason,
      by,
      request.effectiveFrom ? new Date(request.effectiveFrom) : undefined,
      request.kind,
      tx,
    );
    const changeRequest = await ChangeRequestsRepository.linkActivation(tx, id, activation.id);
    return { changeRequest, activation };
  }

  async reject(ruleSet: string, id: string, by: string | null, reason: string, tx?: Sql): Promise<ChangeRequest> {
    return this.claim(tx ? tx : this.db, ruleSet, id, by, reason, 'rejected');
  }

  private async claim(
    db: AuditDb,
    ruleSet: string,
    id: string,
    by: string | null,
    reason: string,
    status: 'approved' | 'rejected',
  ): Promise<ChangeRequest> {
    const request = await this.get(ruleSet, id);
    if (by === null || by === request.requestedBy) throw new SelfApprovalError();
    if (request.status !== 'pending') throw new ChangeRequestDecidedError(id, request.status);
    const decided = await ChangeRequestsRepository.decide(db, id, { status, by, at: this.now(), reason });
    if (!decided) throw new ChangeRequestDecidedError(id, (await this.get(ruleSet, id)).status);
    return decided;
  }

  /** The activation history with, for activations that went through a change request, who requested and who approved. */
  async annotate<T extends Activation>(
    ruleSet: string,
    history: T[],
  ): Promise<Array<T & { requestedBy: string | null; approvedBy: string | null; changeRequestId: string | null }>> {
    const approved = await ChangeRequestsRepository.approvedActivations(this.db, ruleSet);
    const byActivation = new Map(approved.map((r) => [r.activationId, r]));
    return history.map((a) => {
      const cr = byActivation.get(a.id);
      return {
        ...a,
        requestedBy: cr ? cr.requestedBy : a.activatedBy,
        approvedBy: cr ? cr.approvedBy : null,
        changeRequestId: cr ? cr.changeRequestId : null,
      };
    });
  }
}

import { Database, type Sql } from '@pps/platform';
import { ConflictError, DomainError, NotFoundError } from '@pps/platform';
import {
  type Activation,
  type CompiledRuleSet,
  type PolicyRegistry,
  RuleFileInvalidError,
  UnknownRuleSetError,
} from '@pps/rules';
import { randomUUID } from 'node:crypto';
import { type AuditDb } from './audit-db';
import { analyzeImpact, type ImpactReport } from './impact';
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

interface Row {
  id: string;
  rule_set: string;
  kind: ChangeRequest['kind'];
  version: string;
  content_hash: string;
  from_version: string | null;
  effective_from: Date | string | null;
  reason: string;
  requested_by: string | null;
  requested_at: Date | string;
  status: ChangeRequest['status'];
  decided_by: string | null;
  decided_at: Date | string | null;
  decision_reason: string | null;
  activation_id: string | null;
  impact: ImpactReport;
  shadow_report: ShadowReport | null;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function toChangeRequest(r: Row): ChangeRequest {
  return {
    id: r.id,
    ruleSet: r.rule_set,
    kind: r.kind,
    version: r.version,
    contentHash: r.content_hash,
    fromVersion: r.from_version,
    effectiveFrom: iso(r.effective_from),
    reason: r.reason,
    requestedBy: r.requested_by,
    requestedAt: iso(r.requested_at)!,
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
    decisionReason: r.decision_reason,
    activationId: r.activation_id === null ? null : String(r.activation_id),
    impact: r.impact,
    shadowReport: r.shadow_report,
  };
}

class SelfApprovalError extends DomainError {
  constructor() {
    super('forbidden', 'PPS.0036', {
      zh: '变更请求须由另一位管理员批准或拒绝',
      en: 'A change request is approved or rejected by another admin key than the one that requested it',
    });
  }
}

class ChangeRequestDecidedError extends ConflictError {
  constructor(id: string, status: string) {
    super(
      'PPS.0034',
      {
        zh: `变更请求 ${id} 已${status === 'approved' ? '批准' : '拒绝'}`,
        en: `Change request ${id} is already ${status}`,
      },
      { id, status },
    );
  }
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
        throw new ConflictError(
          'PPS.0025',
          {
            zh: `${command.ruleSet} 没有可回滚的上一版本`,
            en: `${command.ruleSet} has no previous version to roll back to`,
          },
          { ruleSet: command.ruleSet },
        );
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
    const impact = await analyzeImpact(db, target, window);
    const shadow = await shadowReport(db, command.ruleSet, { ...window, contentHash: target.contentHash });
    const [row] = await db.query<Row>(
      `insert into change_requests (id, rule_set, kind, version, content_hash, from_version, effective_from, reason,
         requested_by, requested_at, impact, shadow_report)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb) returning *`,
      [
        randomUUID(),
        command.ruleSet,
        command.kind,
        target.version,
        target.contentHash,
        current?.compiled.version ?? null,
        command.effectiveFrom ?? null,
        command.reason,
        command.requestedBy,
        now,
        JSON.stringify(impact),
        shadow.examined > 0 ? JSON.stringify(shadow) : null,
      ],
    );
    return toChangeRequest(row);
  }

  async list(ruleSet: string): Promise<ChangeRequest[]> {
    const rows = await this.db.query<Row>(
      `select * from change_requests where rule_set = ? order by requested_at desc, id`,
      [ruleSet],
    );
    return rows.map(toChangeRequest);
  }

  async get(ruleSet: string, id: string): Promise<ChangeRequest> {
    const rows = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.db.query<Row>(`select * from change_requests where rule_set = ? and id = ?`, [ruleSet, id])
      : [];
    if (rows.length === 0) throw new NotFoundError('Change request', id);
    return toChangeRequest(rows[0]);
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
    const [row] = await tx.query<Row>(`update change_requests set activation_id = ? where id = ? returning *`, [
      activation.id,
      id,
    ]);
    return { changeRequest: toChangeRequest(row), activation };
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
    const rows = await db.query<Row>(
      `update change_requests set status = ?, decided_by = ?, decided_at = ?, decision_reason = ?
       where id = ? and status = 'pending' returning *`,
      [status, by, this.now(), reason, id],
    );
    if (rows.length === 0) throw new ChangeRequestDecidedError(id, (await this.get(ruleSet, id)).status);
    return toChangeRequest(rows[0]);
  }

  /** The activation history with, for activations that went through a change request, who requested and who approved. */
  async annotate<T extends Activation>(
    ruleSet: string,
    history: T[],
  ): Promise<Array<T & { requestedBy: string | null; approvedBy: string | null; changeRequestId: string | null }>> {
    const rows = await this.db.query<{
      id: string;
      activation_id: string;
      requested_by: string | null;
      decided_by: string | null;
    }>(
      `select id, activation_id::text as activation_id, requested_by, decided_by from change_requests
       where rule_set = ? and activation_id is not null`,
      [ruleSet],
    );
    const byActivation = new Map(rows.map((r) => [r.activation_id, r]));
    return history.map((a) => {
      const cr = byActivation.get(a.id);
      return {
        ...a,
        requestedBy: cr ? cr.requested_by : a.activatedBy,
        approvedBy: cr ? cr.decided_by : null,
        changeRequestId: cr ? cr.id : null,
      };
    });
  }
}

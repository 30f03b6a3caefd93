import type { Sql } from '@pps/platform';
import type { ChangeRequest } from './change-requests';
import type { ImpactReport } from './impact';
import type { ShadowReport } from './shadow-log';

/** A row of `change_requests`. */
interface ChangeRequestRow {
  id: string;
  rule_set: string;
  kind: ChangeRequest['kind'];
  version: string;
  content_hash: string;
  from_version: string | null;
  effective_from: Date | null;
  reason: string;
  requested_by: string | null;
  requested_at: Date;
  status: ChangeRequest['status'];
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  /** bigint: decimal text. */
  activation_id: string | null;
  impact: ImpactReport;
  shadow_report: ShadowReport | null;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function toChangeRequest(r: ChangeRequestRow): ChangeRequest {
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
    requestedAt: r.requested_at.toISOString(),
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
    decisionReason: r.decision_reason,
    activationId: r.activation_id === null ? null : String(r.activation_id),
    impact: r.impact,
    shadowReport: r.shadow_report,
  };
}

/** A change request to insert (pending). */
export interface NewChangeRequest {
  id: string;
  ruleSet: string;
  kind: ChangeRequest['kind'];
  version: string;
  contentHash: string;
  fromVersion: string | null;
  effectiveFrom: Date | null;
  reason: string;
  requestedBy: string | null;
  requestedAt: Date;
  impact: ImpactReport;
  shadowReport: ShadowReport | null;
}

/** Who requested and who approved the activation a change request led to. */
export interface ApprovedActivation {
  changeRequestId: string;
  activationId: string;
  requestedBy: string | null;
  approvedBy: string | null;
}

/** Every statement on `change_requests`. Each method runs on the `Sql` it is given. */
export const ChangeRequestsRepository = {
  async insert(db: Sql, c: NewChangeRequest): Promise<ChangeRequest> {
    const [row] = await db.query<ChangeRequestRow>(
      `insert into change_requests (id, rule_set, kind, version, content_hash, from_version, effective_from, reason,
         requested_by, requested_at, impact, shadow_report)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb) returning *`,
      [
        c.id,
        c.ruleSet,
        c.kind,
        c.version,
        c.contentHash,
        c.fromVersion,
        c.effectiveFrom,
        c.reason,
        c.requestedBy,
        c.requestedAt,
        JSON.stringify(c.impact),
        c.shadowReport === null ? null : JSON.stringify(c.shadowReport),
      ],
    );
    return toChangeRequest(row);
  },

  /** The change requests of a rule set, newest first. */
  async listFor(db: Sql, ruleSet: string): Promise<ChangeRequest[]> {
    const rows = await db.query<ChangeRequestRow>(
      `select * from change_requests where rule_set = ? order by requested_at desc, id`,
      [ruleSet],
    );
    return rows.map(toChangeRequest);
  },

  /** One change request of a rule set (`id` must be a uuid). */
  async find(db: Sql, ruleSet: string, id: string): Promise<ChangeRequest | undefined> {
    const [row] = await db.query<ChangeRequestRow>(`select * from change_requests where rule_set = ? and id = ?`, [
      ruleSet,
      id,
    ]);
    return row ? toChangeRequest(row) : undefined;
  },

  /** Records the activation an approved request led to. */
  async linkActivation(db: Sql, id: string, activationId: string): Promise<ChangeRequest> {
    const [row] = await db.query<ChangeRequestRow>(
      `update change_requests set activation_id = ? where id = ? returning *`,
      [activationId, id],
    );
    return toChangeRequest(row);
  },

  /** Approves or rejects a request that is still pending; undefined when it no longer is. */
  async decide(
    db: Sql,
    id: string,
    decision: { status: 'approved' | 'rejected'; by: string; at: Date; reason: string },
  ): Promise<ChangeRequest | undefined> {
    const [row] = await db.query<ChangeRequestRow>(
      `update change_requests set status = ?, decided_by = ?, decided_at = ?, decision_reason = ?
       where id = ? and status = 'pending' returning *`,
      [decision.status, decision.by, decision.at, decision.reason, id],
    );
    return row ? toChangeRequest(row) : undefined;
  },

  /** The activations of a rule set that went through a change request. */
  async approvedActivations(db: Sql, ruleSet: string): Promise<ApprovedActivation[]> {
    const rows = await db.query<{
      id: string;
      activation_id: string;
      requested_by: string | null;
      decided_by: string | null;
    }>(
      `select id, activation_id::text as activation_id, requested_by, decided_by from change_requests
       where rule_set = ? and activation_id is not null`,
      [ruleSet],
    );
    return rows.map((r) => ({
      changeRequestId: r.id,
      activationId: r.activation_id,
      requestedBy: r.requested_by,
      approvedBy: r.decided_by,
    }));
  },
};

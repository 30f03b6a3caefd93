import { type Sql, write } from '@pps/platform';
import type { DecisionRecord } from './decision-record';
import type { DecisionWindow } from './decision-window';
import { RECORD_COLUMNS, type RecordRow, toDecisionRecord, windowSql } from './decisions.repository';
import type { ShadowRecord } from './shadow-log';

/** A shadow outcome to insert beside its decision (the values of its columns). */
export interface NewShadow {
  decisionId: string;
  ruleSet: string;
  decidedAt: Date;
  activeContentHash: string;
  version: string;
  contentHash: string;
  status: 'evaluated' | 'failed';
  outcome: { effect: string; value?: unknown } | null;
  reasons: ReadonlyArray<{ code?: string }> | null;
  matchedRules: string[] | null;
  results: unknown[] | null;
  error: string | null;
  differs: boolean;
  partnerId: string | null;
}

/** A decision and the shadow outcome stored beside it. */
export interface ShadowedDecision {
  record: DecisionRecord;
  shadow: ShadowRecord;
}

/** A row of `decision_shadows` joined to its decision. */
interface ShadowRow extends RecordRow {
  s_version: string;
  s_content_hash: string;
  s_status: 'evaluated' | 'failed';
  s_outcome: { effect: string; value?: unknown } | null;
  s_reasons: Array<{ code: string }> | null;
  s_matched_rules: string[] | null;
  s_error: string | null;
  s_differs: boolean;
}

function toShadowedDecision(row: ShadowRow): ShadowedDecision {
  return {
    record: toDecisionRecord(row),
    shadow: {
      decision_id: row.id,
      version: row.s_version,
      contentHash: row.s_content_hash,
      status: row.s_status,
      outcome: row.s_outcome,
      reasons: row.s_reasons,
      matchedRules: row.s_matched_rules,
      error: row.s_error,
      differs: row.s_differs,
    },
  };
}

const SHADOW_COLUMNS = `s.version as s_version, s.content_hash as s_content_hash, s.status as s_status, s.outcome as s_outcome,
  s.reasons as s_reasons, s.matched_rules as s_matched_rules, s.error as s_error, s.differs as s_differs`;

/** Every statement on `decision_shadows` (append-only). Each method runs on the `Sql` it is given. */
export const DecisionShadowsRepository = {
  /** Inserts one shadow outcome, in the decision's transaction (held with its writes; see `write`). */
  async insert(db: Sql, s: NewShadow): Promise<void> {
    await write(db, {
      text: `insert into decision_shadows (decision_id, rule_set, decided_at, active_content_hash, version, content_hash, status,
         outcome, effect, reasons, matched_rules, results, error, differs, partner_id)
       values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?)`,
      values: [
        s.decisionId,
        s.ruleSet,
        s.decidedAt,
        s.activeContentHash,
        s.version,
        s.contentHash,
        s.status,
        s.outcome === null ? null : JSON.stringify(s.outcome),
        s.outcome === null ? null : s.outcome.effect,
        s.reasons === null ? null : JSON.stringify(s.reasons),
        s.matchedRules === null ? null : JSON.stringify(s.matchedRules),
        s.results === null ? null : JSON.stringify(s.results),
        s.error,
        s.differs,
        s.partnerId,
      ],
    });
  },

  /** The shadow outcome of one decision, with the decision. */
  async find(db: Sql, decisionId: string): Promise<ShadowedDecision | undefined> {
    const [row] = await db.query<ShadowRow>(
      `select ${RECORD_COLUMNS}, ${SHADOW_COLUMNS} from decision_shadows s join decisions d on d.id = s.decision_id where s.decision_id = ?`,
      [decisionId],
    );
    return row ? toShadowedDecision(row) : undefined;
  },

  /**
   * Up to `limit` decisions of a rule set carrying a shadow outcome (of one shadow version when
   * `contentHash` is given) in a window, in (decided_at, id) order strictly after `after` (keyset).
   */
  async page(
    db: Sql,
    ruleSet: string,
    window: DecisionWindow & { contentHash?: string },
    after: { decidedAt: string; id: string } | undefined,
    limit: number,
  ): Promise<ShadowedDecision[]> {
    const w = windowSql(window);
    const rows = await db.query<ShadowRow>(
      `select ${RECORD_COLUMNS}, ${SHADOW_COLUMNS} from decision_shadows s join decisions d on d.id = s.decision_id
       where s.rule_set = ? ${window.contentHash ? 'and s.content_hash = ?' : ''} ${w.sql} ${after ? 'and (d.decided_at, d.id) > (?::timestamptz, ?::uuid)' : ''}
       order by d.decided_at, d.id limit ?`,
      [
        ruleSet,
        ...(window.contentHash ? [window.contentHash] : []),
        ...w.params,
        ...(after ? [after.decidedAt, after.id] : []),
        limit,
      ],
    );
    return rows.map(toShadowedDecision);
  },
};

import type { Sql } from '@pps/platform';

/** One entry of a rule set's shadow history (`rule_shadows`, append-only): a shadow set, or cleared. */
export interface ShadowChange {
  id: string;
  ruleSet: string;
  kind: 'set' | 'clear';
  version: string | null;
  contentHash: string | null;
  reason: string;
  changedAt: string;
  changedBy: string | null;
}

interface ShadowRow {
  id: string;
  rule_set: string;
  kind: 'set' | 'clear';
  version: string | null;
  content_hash: string | null;
  reason: string;
  changed_at: Date;
  changed_by: string | null;
}

function toChange(r: ShadowRow): ShadowChange {
  return {
    id: String(r.id),
    ruleSet: r.rule_set,
    kind: r.kind,
    version: r.version,
    contentHash: r.content_hash,
    reason: r.reason,
    changedAt: r.changed_at.toISOString(),
    changedBy: r.changed_by,
  };
}

const COLUMNS = `id::text as id, rule_set, kind, version, content_hash, reason, changed_at, changed_by`;

/** `rule_shadows`: the shadow versions set and cleared; an insert notifies every process (`shadow:…`). */
export const ruleShadowsRepository = {
  /** The latest change of every rule set that has one. */
  async latestPerRuleSet(sql: Sql): Promise<ShadowChange[]> {
    const rows = await sql.query<ShadowRow>(
      `select distinct on (rule_set) ${COLUMNS} from rule_shadows order by rule_set, id desc`,
    );
    return rows.map(toChange);
  },

  /** The id of the latest change ('0': none). */
  async lastId(sql: Sql): Promise<string> {
    const [row] = await sql.query<{ id: string | null }>(`select max(id)::text as id from rule_shadows`);
    return row?.id ?? '0';
  },

  async history(sql: Sql, ruleSet: string): Promise<ShadowChange[]> {
    const rows = await sql.query<ShadowRow>(`select ${COLUMNS} from rule_shadows where rule_set = ? order by id`, [
      ruleSet,
    ]);
    return rows.map(toChange);
  },

  async insert(sql: Sql, change: Omit<ShadowChange, 'id' | 'changedAt'> & { changedAt: Date }): Promise<ShadowChange> {
    const [row] = await sql.query<ShadowRow>(
      `insert into rule_shadows (rule_set, kind, version, content_hash, reason, changed_at, changed_by)
       values (?, ?, ?, ?, ?, ?, ?) returning ${COLUMNS}`,
      [
        change.ruleSet,
        change.kind,
        change.version,
        change.contentHash,
        change.reason,
        change.changedAt,
        change.changedBy,
      ],
    );
    return toChange(row);
  },
};

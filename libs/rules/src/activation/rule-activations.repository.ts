import type { Sql } from '@pps/platform';

/** One entry of a rule set's activation history (`rule_activations`, append-only). */
export interface Activation {
  id: string;
  ruleSet: string;
  version: string;
  contentHash: string;
  fromVersion: string | null;
  fromContentHash: string | null;
  kind: 'bootstrap' | 'activate' | 'rollback';
  reason: string;
  effectiveFrom: string;
  activatedAt: string;
  activatedBy: string | null;
}

interface ActivationRow {
  id: string;
  rule_set: string;
  version: string;
  content_hash: string;
  from_version: string | null;
  from_content_hash: string | null;
  kind: Activation['kind'];
  reason: string;
  effective_from: Date;
  activated_at: Date;
  activated_by: string | null;
}

function toActivation(r: ActivationRow): Activation {
  return {
    id: String(r.id),
    ruleSet: r.rule_set,
    version: r.version,
    contentHash: r.content_hash,
    fromVersion: r.from_version,
    fromContentHash: r.from_content_hash,
    kind: r.kind,
    reason: r.reason,
    effectiveFrom: r.effective_from.toISOString(),
    activatedAt: r.activated_at.toISOString(),
    activatedBy: r.activated_by,
  };
}

/**
 * The channel an insert into `rule_activations` is notified on (a trigger: `<rule set>:<id>`);
 * shadow changes (`shadow:…`) and instance heartbeats (`ping:…`) share it.
 */
export const ACTIVATION_CHANNEL = 'pps_rule_activation';

/** Advisory lock class of rule activations ('PPRA'); the decision log's locks use classes of their own. */
const ACTIVATION_LOCK = 0x50505241;

/** What a new activation row holds. */
export interface NewActivation {
  ruleSet: string;
  version: string;
  contentHash: string;
  fromVersion: string | null;
  fromContentHash: string | null;
  kind: Activation['kind'];
  reason: string;
  effectiveFrom: Date;
  activatedAt: Date;
  activatedBy: string | null;
}

/**
 * `rule_activations`: every activation of every rule set, in order. The activation service writes
 * (under the rule set's lock); the policy listener reads the whole timeline.
 */
export const ruleActivationsRepository = {
  /** The rule set's activation lock, held until the transaction ends (re-entrant within it). */
  async lock(tx: Sql, ruleSet: string): Promise<void> {
    await tx.query(`select pg_advisory_xact_lock(${ACTIVATION_LOCK}, hashtext(?))`, [ruleSet]);
  },

  async insert(tx: Sql, a: NewActivation): Promise<Activation> {
    const [row] = await tx.query<ActivationRow>(
      `insert into rule_activations (rule_set, version, content_hash, from_version, from_content_hash, kind, reason, effective_from, activated_at, activated_by)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`,
      [
        a.ruleSet,
        a.version,
        a.contentHash,
        a.fromVersion,
        a.fromContentHash,
        a.kind,
        a.reason,
        a.effectiveFrom,
        a.activatedAt,
        a.activatedBy,
      ],
    );
    return toActivation(row);
  },

  /** The first activation of a rule set, unless it has one already. */
  async insertBootstrap(
    tx: Sql,
    a: {
      ruleSet: string;
      version: string;
      contentHash: string;
      reason: string;
      effectiveFrom: Date;
      activatedAt: Date;
    },
  ): Promise<void> {
    await tx.query(
      `insert into rule_activations (rule_set, version, content_hash, kind, reason, effective_from, activated_at)
       select ?, ?, ?, 'bootstrap', ?, ?::timestamptz, ?::timestamptz
       where not exists (select 1 from rule_activations where rule_set = ?)`,
      [a.ruleSet, a.version, a.contentHash, a.reason, a.effectiveFrom, a.activatedAt, a.ruleSet],
    );
  },

  /** The activation in force for the rule set at `at`: the last one effective by then (in timeline order). */
  async inForceAt(sql: Sql, ruleSet: string, at: Date): Promise<Activation | undefined> {
    const [row] = await sql.query<ActivationRow>(
      `select * from rule_activations where rule_set = ? and effective_from <= ?
       order by effective_from desc, id desc limit 1`,
      [ruleSet, at],
    );
    return row ? toActivation(row) : undefined;
  },

  /** The activation in force at `at` of every rule set that has one. */
  async allInForceAt(sql: Sql, at: Date): Promise<Activation[]> {
    const rows = await sql.query<ActivationRow>(
      `select distinct on (rule_set) * from rule_activations
       where effective_from <= ? order by rule_set, effective_from desc, id desc`,
      [at],
    );
    return rows.map(toActivation);
  },

  async history(sql: Sql, ruleSet: string): Promise<Activation[]> {
    const rows = await sql.query<ActivationRow>(`select * from rule_activations where rule_set = ? order by id`, [
      ruleSet,
    ]);
    return rows.map(toActivation);
  },

  /** Every activation, per rule set in timeline order (effective from, then id). */
  async timeline(sql: Sql): Promise<Activation[]> {
    const rows = await sql.query<ActivationRow>(`select * from rule_activations order by rule_set, effective_from, id`);
    return rows.map(toActivation);
  },

  /** Starts listening to the activation channel on a dedicated connection (a `pg` client, not the pool). */
  async listen(connection: { query(text: string): Promise<unknown> }): Promise<void> {
    await connection.query(`LISTEN ${ACTIVATION_CHANNEL}`);
  },

  /** The id of the latest activation ('0': none). */
  async lastId(sql: Sql): Promise<string> {
    const [row] = await sql.query<{ id: string | null }>(`select max(id)::text as id from rule_activations`);
    return row?.id ?? '0';
  },
};

import type { Sql } from '@pps/platform';

export type Mode = 'referral' | 'resale';

/** A customer's association with a partner, in a mode; at most one is live (not ended) per customer. */
export interface Association {
  id: string;
  partnerId: string;
  customerId: string;
  mode: Mode;
  startedAt: Date;
  endedAt: Date | null;
}

interface AssociationRow {
  id: string;
  partner_id: string;
  customer_id: string;
  mode: Mode;
  started_at: Date;
  ended_at: Date | null;
}

function toAssociation(row: AssociationRow): Association {
  return {
    id: row.id,
    partnerId: row.partner_id,
    customerId: row.customer_id,
    mode: row.mode,
    startedAt: row.started_at,
    endedAt: row.ended_at,
  };
}

export type AssociationEventKind = 'associate' | 'switch' | 'disassociate';

export interface NewAssociationEvent {
  associationId: string;
  customerId: string;
  partnerId: string;
  kind: AssociationEventKind;
  from: Mode | null;
  to: Mode | null;
  at: Date;
  decisionId: string;
}

/**
 * The live association of a customer (one parameter: the customer id). The one copy of this
 * statement: `activeOf` runs it, and the composite reads that need it inside a larger statement
 * (the adjustment's one-round-trip read) embed it from here.
 */
export const ACTIVE_ASSOCIATION_OF_CUSTOMER = `select * from associations where customer_id = ? and ended_at is null`;

/** The `associations` and `association_events` tables. */
export const AssociationsRepository = {
  /** The customer's live association, if any; `lock` takes its row lock (`for update`). */
  async activeOf(sql: Sql, customerId: string, options: { lock?: boolean } = {}): Promise<Association | undefined> {
    const [row] = await sql.query<AssociationRow>(
      `${ACTIVE_ASSOCIATION_OF_CUSTOMER}${options.lock ? ' for update' : ''}`,
      [customerId],
    );
    return row ? toAssociation(row) : undefined;
  },

  /** An association by id; `lock` takes its row lock (`for update`). */
  async find(sql: Sql, id: string, options: { lock?: boolean } = {}): Promise<Association | undefined> {
    const [row] = await sql.query<AssociationRow>(
      `select * from associations where id = ?${options.lock ? ' for update' : ''}`,
      [id],
    );
    return row ? toAssociation(row) : undefined;
  },

  /** Whether the customer was associated with the partner at that instant (an association's bounds included). */
  async associatedAt(sql: Sql, partnerId: string, customerId: string, at: Date | string): Promise<boolean> {
    const [row] = await sql.query<{ own: boolean }>(
      `select exists (select 1 from associations where partner_id = ? and customer_id = ?
                        and started_at <= ?::timestamptz and (ended_at is null or ended_at >= ?::timestamptz)) as own`,
      [partnerId, customerId, at, at],
    );
    return row.own;
  },

  async insert(
    sql: Sql,
    a: { id: string; customerId: string; partnerId: string; mode: Mode; startedAt: Date },
  ): Promise<void> {
    await sql.query(`insert into associations (id, customer_id, partner_id, mode, started_at) values (?, ?, ?, ?, ?)`, [
      a.id,
      a.customerId,
      a.partnerId,
      a.mode,
      a.startedAt,
    ]);
  },

  /** Switches the mode; a switch from referral to resale is remembered on the row. */
  async switchMode(sql: Sql, id: string, from: Mode, to: Mode): Promise<void> {
    await sql.query(
      `update associations set mode = ?, switched_from_referral = switched_from_referral or (? = 'referral' and ? = 'resale') where id = ?`,
      [to, from, to, id],
    );
  },

  async end(sql: Sql, id: string, endedAt: Date): Promise<void> {
    await sql.query(`update associations set ended_at = ? where id = ?`, [endedAt, id]);
  },

  async recordEvent(sql: Sql, e: NewAssociationEvent): Promise<void> {
    await sql.query(
      `insert into association_events (association_id, customer_id, partner_id, kind, from_mode, to_mode, at, decision_id) values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [e.associationId, e.customerId, e.partnerId, e.kind, e.from, e.to, e.at, e.decisionId],
    );
  },

  /** How many times the customer's mode changed (a switch or a disassociation) after `since`. */
  async modeChangesSince(sql: Sql, customerId: string, since: Date): Promise<number> {
    const [row] = await sql.query<{ n: number }>(
      `select count(*)::int as n from association_events where customer_id = ? and kind in ('switch', 'disassociate') and at > ?`,
      [customerId, since],
    );
    return row.n;
  },

  /** Whether the association switched from referral to resale at or after `since`. */
  async switchedReferralToResaleSince(sql: Sql, associationId: string, since: Date): Promise<boolean> {
    const [row] = await sql.query<{ n: number }>(
      `select count(*)::int as n from association_events
       where association_id = ? and kind = 'switch' and from_mode = 'referral' and to_mode = 'resale' and at >= ?`,
      [associationId, since],
    );
    return row.n > 0;
  },
};

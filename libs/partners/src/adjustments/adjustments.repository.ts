import { decisionIdsAfterSql } from '@pps/audit';
import { legsOfAccountSql } from '@pps/ledger';
import type { Sql } from '@pps/platform';
import { ACTIVE_ASSOCIATION_OF_CUSTOMER, type Mode } from '../associations/associations.repository';

/** What an adjustment's facts need of the partner, the customer and its live association, in one read. */
export interface AdjustmentState {
  partnerExists: boolean;
  customerExists: boolean;
  /** False when another transaction (an adjustment in progress) holds the customer row. */
  customerLocked: boolean;
  association: { partnerId: string; mode: Mode } | undefined;
}

/**
 * The reads of an account adjustment (调账), which has no table of its own: composite statements
 * over partners, customers and associations, kept to one round trip each.
 */
export const AdjustmentsRepository = {
  /**
   * One round trip for the rows the facts need; SKIP LOCKED: a customer row held by another
   * adjustment's transaction reads as not locked (in progress) instead of waiting.
   */
  async state(sql: Sql, partnerId: string, customerId: string): Promise<AdjustmentState> {
    const [row] = await sql.query<{
      partner_exists: boolean;
      customer_exists: boolean;
      customer_locked: boolean;
      assoc_partner: string | null;
      assoc_mode: Mode | null;
    }>(
      `with c as (select id from customers where id = ? for update skip locked),
            a as (${ACTIVE_ASSOCIATION_OF_CUSTOMER})
       select exists (select 1 from partners where id = ?) as partner_exists,
              exists (select 1 from customers where id = ?) as customer_exists,
              exists (select 1 from c) as customer_locked,
              (select partner_id from a) as assoc_partner,
              (select mode from a) as assoc_mode`,
      [customerId, customerId, partnerId, customerId],
    );
    return {
      partnerExists: row.partner_exists,
      customerExists: row.customer_exists,
      customerLocked: row.customer_locked,
      association: row.assoc_partner ? { partnerId: row.assoc_partner, mode: row.assoc_mode! } : undefined,
    };
  },

  /**
   * The net of the customer account's legs over the transfers authorised since its live association
   * began (by decision sequence): allocations and reclamations, and every debit. Null: no live
   * association, or nothing since. One round trip, composed from the owners' sub-queries: the
   * ledger's legs of an account, the log's decisions after a given one.
   */
  async netSinceAssociation(sql: Sql, customerId: string, customerCash: string): Promise<string | null> {
    const start = `select e.decision_id from (${ACTIVE_ASSOCIATION_OF_CUSTOMER}) a
                   join association_events e on e.association_id = a.id and e.kind = 'associate'`;
    const [row] = await sql.query<{ net: string | null }>(
      `select coalesce(sum(x.amount), 0)::text as net
       from (${legsOfAccountSql(decisionIdsAfterSql(start))}) x
       where exists (${start}) and (x.code in ('allocation', 'reclamation') or x.amount < 0)`,
      [customerCash, customerId, customerId],
    );
    return row?.net ?? null;
  },
};

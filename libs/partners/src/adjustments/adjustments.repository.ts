import { decidedAfterSql } from '@pps/audit';
import { type AccountRef, legsOfAccountSql, lockOwnedSql } from '@pps/ledger';
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
   * Everything an adjustment's facts need, in ONE round trip: the state above, the two cash
   * accounts locked (ascending id), and the net the associated partner may reclaim (over the
   * customer account's legs since the live association began). Composed from the owners'
   * sub-queries: the ledger's account lock and legs, the log's decisions after a given one.
   */
  async read(
    sql: Sql,
    partnerId: string,
    customerId: string,
    accounts: AccountRef[],
    customerAccount: AccountRef,
  ): Promise<AdjustmentState & { accounts: unknown; net: string }> {
    const lock = lockOwnedSql(accounts);
    // The association's own events, found through the customer's (indexed by customer): never a
    // scan of every association's events.
    const start = `select e.decision_id from (${ACTIVE_ASSOCIATION_OF_CUSTOMER}) a
                   join association_events e on e.customer_id = a.customer_id and e.association_id = a.id and e.kind = 'associate'`;
    const customerCash = `select x.id::bigint from acc x where x.owner_type = ? and x.owner_id = ? and x.kind = ?`;
    const [row] = await sql.query<{
      partner_exists: boolean;
      customer_exists: boolean;
      customer_locked: boolean;
      assoc_partner: string | null;
      assoc_mode: Mode | null;
      accounts: unknown;
      net: string;
    }>(
      `with c as (select id from customers where id = ? for update skip locked),
            a as (${ACTIVE_ASSOCIATION_OF_CUSTOMER}),
            acc as (${lock.text})
       select exists (select 1 from partners where id = ?) as partner_exists,
              exists (select 1 from customers where id = ?) as customer_exists,
              exists (select 1 from c) as customer_locked,
              (select partner_id from a) as assoc_partner,
              (select mode from a) as assoc_mode,
              (select coalesce(json_agg(acc), '[]'::json) from acc) as accounts,
              (select coalesce(sum(x.amount), 0)::text
                 from (${legsOfAccountSql((id) => decidedAfterSql(id, start), customerCash)}) x
                where exists (${start}) and (x.code in ('allocation', 'reclamation') or x.amount < 0)) as net`,
      [
        customerId,
        customerId,
        ...lock.values,
        partnerId,
        customerId,
        customerAccount.ownerType,
        customerAccount.ownerId,
        customerAccount.kind,
        customerId,
        customerId,
      ],
    );
    return {
      partnerExists: row.partner_exists,
      customerExists: row.customer_exists,
      customerLocked: row.customer_locked,
      association: row.assoc_partner ? { partnerId: row.assoc_partner, mode: row.assoc_mode! } : undefined,
      accounts: row.accounts,
      net: row.net,
    };
  },
};

import type { Sql } from '@pps/platform';

type VoucherStatus = 'issued' | 'reclaimed';

/** A voucher (代金券) a partner issued to a customer from its quota. */
export interface Voucher {
  id: string;
  partnerId: string;
  customerId: string;
  /** NUMERIC(20,2) as PostgreSQL writes it. */
  amount: string;
  status: VoucherStatus;
}

interface VoucherRow {
  id: string;
  partner_id: string;
  customer_id: string;
  amount: string;
  status: VoucherStatus;
}

function toVoucher(r: VoucherRow): Voucher {
  return { id: r.id, partnerId: r.partner_id, customerId: r.customer_id, amount: r.amount, status: r.status };
}

/** The `vouchers` table. */
export const VouchersRepository = {
  async insert(
    sql: Sql,
    v: {
      id: string;
      partnerId: string;
      customerId: string;
      amount: string;
      transferId: string;
      decisionId: string;
      createdAt: Date;
    },
  ): Promise<void> {
    await sql.query(
      `insert into vouchers (id, partner_id, customer_id, amount, transfer_id, decision_id, created_at) values (?, ?, ?, ?, ?, ?, ?)`,
      [v.id, v.partnerId, v.customerId, v.amount, v.transferId, v.decisionId, v.createdAt],
    );
  },

  /** The voucher, locked (`for update`): one reclaim at a time. */
  async lock(sql: Sql, id: string): Promise<Voucher | undefined> {
    const [row] = await sql.query<VoucherRow>(
      `select id, partner_id, customer_id, amount, status from vouchers where id = ? for update`,
      [id],
    );
    return row ? toVoucher(row) : undefined;
  },

  async markReclaimed(sql: Sql, id: string, reclaimedAmount: string, transferId: string | null): Promise<void> {
    await sql.query(
      `update vouchers set status = 'reclaimed', reclaimed_amount = ?, reclaim_transfer_id = ? where id = ?`,
      [reclaimedAmount, transferId, id],
    );
  },
};

/** The `voucher_quota_grants` table: a distributor's grants of quota to its resellers. */
export const VoucherQuotaGrantsRepository = {
  async insert(
    sql: Sql,
    g: {
      id: string;
      distributorId: string;
      resellerId: string;
      amount: string;
      transferId: string;
      decisionId: string;
      createdAt: Date;
    },
  ): Promise<void> {
    await sql.query(
      `insert into voucher_quota_grants (id, distributor_id, reseller_id, amount, transfer_id, decision_id, created_at) values (?, ?, ?, ?, ?, ?, ?)`,
      [g.id, g.distributorId, g.resellerId, g.amount, g.transferId, g.decisionId, g.createdAt],
    );
  },
};

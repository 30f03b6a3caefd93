import type { Sql } from '@pps/platform';

/**
 * The simulated bank's own book (`simulated_bank_payments`): one row per reference it paid. It runs
 * on the pool, outside our transactions, as a real bank's would.
 */
export const SimulatedBankRepository = {
  async isPaid(sql: Sql, reference: string): Promise<boolean> {
    const rows = await sql.query<{ reference: string }>(
      `select reference from simulated_bank_payments where reference = ?`,
      [reference],
    );
    return rows.length > 0;
  },

  /** Records the payment of a reference (at most once). */
  async recordPayment(
    sql: Sql,
    p: { reference: string; payoutId: string; amount: string; accountNumber: string | null },
  ): Promise<void> {
    await sql.query(
      `insert into simulated_bank_payments (reference, payout_id, amount, account_number) values (?, ?, ?, ?) on conflict (reference) do nothing`,
      [p.reference, p.payoutId, p.amount, p.accountNumber],
    );
  },
};

import type { Sql } from '@pps/platform';
import type { PayoutMethod } from './incentive-payout.contract';

export type IncentiveStatus = 'accrued' | 'payout_pending' | 'paid';

/** An incentive (激励) accrued to a partner. */
export interface Incentive {
  id: string;
  partnerId: string;
  /** NUMERIC(20,2) as PostgreSQL writes it. */
  amount: string;
  mode: 'referral' | 'resale';
  generatedAt: Date;
  frozen: boolean;
  status: IncentiveStatus;
  accrualTransferId: string;
  createdAt: Date;
}

interface IncentiveRow {
  id: string;
  partner_id: string;
  amount: string;
  mode: 'referral' | 'resale';
  generated_at: Date;
  frozen: boolean;
  status: IncentiveStatus;
  accrual_transfer_id: string;
  created_at: Date;
}

function toIncentive(row: IncentiveRow): Incentive {
  return {
    id: row.id,
    partnerId: row.partner_id,
    amount: row.amount,
    mode: row.mode,
    generatedAt: row.generated_at,
    frozen: row.frozen,
    status: row.status,
    accrualTransferId: row.accrual_transfer_id,
    createdAt: row.created_at,
  };
}

/** `approved`: settled in one step before the bank gateway existed (older rows only). */
export type PayoutStatus = 'completed' | 'pending' | 'approved' | 'rejected' | 'sending' | 'paid' | 'failed';

/** A payout of an incentive; a bank transfer's row is also the outbox of its bank order. */
export interface Payout {
  id: string;
  incentiveId: string;
  partnerId: string;
  method: PayoutMethod;
  amount: string;
  status: PayoutStatus;
  withdrawable: boolean;
  transferId: string;
  settlementTransferId: string | null;
  decisionId: string;
  createdAt: Date;
  settledAt: Date | null;
  bankHolderName: string | null;
  bankAccountNumber: string | null;
  approvalDecisionId: string | null;
  /** The settlement transfer the approval authorised, before it exists. */
  bankSettlementTransferId: string | null;
  bankReference: string | null;
  bankAttempts: number;
  bankLastCode: string | null;
  bankLastAttemptAt: Date | null;
  bankNextAttemptAt: Date | null;
  releaseTransferId: string | null;
}

interface PayoutRow {
  id: string;
  incentive_id: string;
  partner_id: string;
  method: PayoutMethod;
  amount: string;
  status: PayoutStatus;
  withdrawable: boolean;
  transfer_id: string;
  settlement_transfer_id: string | null;
  decision_id: string;
  created_at: Date;
  settled_at: Date | null;
  bank_holder_name: string | null;
  bank_account_number: string | null;
  approval_decision_id: string | null;
  bank_settlement_transfer_id: string | null;
  bank_reference: string | null;
  bank_attempts: number;
  bank_last_code: string | null;
  bank_last_attempt_at: Date | null;
  bank_next_attempt_at: Date | null;
  release_transfer_id: string | null;
}

function toPayout(row: PayoutRow): Payout {
  return {
    id: row.id,
    incentiveId: row.incentive_id,
    partnerId: row.partner_id,
    method: row.method,
    amount: row.amount,
    status: row.status,
    withdrawable: row.withdrawable,
    transferId: row.transfer_id,
    settlementTransferId: row.settlement_transfer_id,
    decisionId: row.decision_id,
    createdAt: row.created_at,
    settledAt: row.settled_at,
    bankHolderName: row.bank_holder_name,
    bankAccountNumber: row.bank_account_number,
    approvalDecisionId: row.approval_decision_id,
    bankSettlementTransferId: row.bank_settlement_transfer_id,
    bankReference: row.bank_reference,
    bankAttempts: row.bank_attempts,
    bankLastCode: row.bank_last_code,
    bankLastAttemptAt: row.bank_last_attempt_at,
    bankNextAttemptAt: row.bank_next_attempt_at,
    releaseTransferId: row.release_transfer_id,
  };
}

export interface NewPayout {
  id: string;
  incentiveId: string;
  partnerId: string;
  method: PayoutMethod;
  amount: string;
  status: 'pending' | 'completed';
  withdrawable: boolean;
  bankHolderName: string | null;
  bankAccountNumber: string | null;
  transferId: string;
  decisionId: string;
  createdAt: Date;
  settledAt: Date | null;
}

/** An invoice a partner owes for an incentive credited before its invoice (`credit_with_owed_invoice`). */
export interface OwedInvoice {
  id: string;
  incentiveId: string;
  payoutId: string;
  amount: string;
  status: string;
  createdAt: Date;
}

/** The `incentives` table. */
export const IncentivesRepository = {
  /** An incentive; `lock` takes its row lock (`for update`). */
  async find(sql: Sql, id: string, options: { lock?: boolean } = {}): Promise<Incentive | undefined> {
    const [row] = await sql.query<IncentiveRow>(
      `select * from incentives where id = ?${options.lock ? ' for update' : ''}`,
      [id],
    );
    return row ? toIncentive(row) : undefined;
  },

  async insert(sql: Sql, i: Omit<Incentive, 'status'>): Promise<Incentive> {
    const [row] = await sql.query<IncentiveRow>(
      `insert into incentives (id, partner_id, amount, mode, generated_at, frozen, accrual_transfer_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?) returning *`,
      [i.id, i.partnerId, i.amount, i.mode, i.generatedAt, i.frozen, i.accrualTransferId, i.createdAt],
    );
    return toIncentive(row);
  },

  async setStatus(sql: Sql, id: string, status: IncentiveStatus): Promise<void> {
    await sql.query(`update incentives set status = ? where id = ?`, [status, id]);
  },
};

/** The `payouts` table: requests, approvals, and the bank-transfer outbox. */
export const PayoutsRepository = {
  /** A payout; `lock` takes its row lock (`for update`). */
  async find(sql: Sql, id: string, options: { lock?: boolean } = {}): Promise<Payout | undefined> {
    const [row] = await sql.query<PayoutRow>(`select * from payouts where id = ?${options.lock ? ' for update' : ''}`, [
      id,
    ]);
    return row ? toPayout(row) : undefined;
  },

  async insert(sql: Sql, p: NewPayout): Promise<Payout> {
    const [row] = await sql.query<PayoutRow>(
      `insert into payouts (id, incentive_id, partner_id, method, amount, status, withdrawable, bank_holder_name, bank_account_number, transfer_id, decision_id, created_at, settled_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`,
      [
        p.id,
        p.incentiveId,
        p.partnerId,
        p.method,
        p.amount,
        p.status,
        p.withdrawable,
        p.bankHolderName,
        p.bankAccountNumber,
        p.transferId,
        p.decisionId,
        p.createdAt,
        p.settledAt,
      ],
    );
    return toPayout(row);
  },

  /** Whether the incentive has a live payout (one not rejected and not finally failed). */
  async hasLive(sql: Sql, incentiveId: string): Promise<boolean> {
    const [row] = await sql.query<{ n: number }>(
      `select count(*)::int as n from payouts where incentive_id = ? and status not in ('rejected', 'failed')`,
      [incentiveId],
    );
    return row.n > 0;
  },

  /** An approved bank transfer: `sending`, with its settlement transfer, approval and fixed bank reference; due now. */
  async markSending(
    sql: Sql,
    id: string,
    s: { settlementTransferId: string; approvalDecisionId: string; bankReference: string },
  ): Promise<Payout> {
    const [row] = await sql.query<PayoutRow>(
      `update payouts set status = 'sending', bank_settlement_transfer_id = ?, approval_decision_id = ?, bank_reference = ?,
         bank_next_attempt_at = now() where id = ? returning *`,
      [s.settlementTransferId, s.approvalDecisionId, s.bankReference, id],
    );
    return toPayout(row);
  },

  async markRejected(sql: Sql, id: string, settlementTransferId: string, settledAt: Date): Promise<Payout> {
    const [row] = await sql.query<PayoutRow>(
      `update payouts set status = 'rejected', settlement_transfer_id = ?, settled_at = ? where id = ? returning *`,
      [settlementTransferId, settledAt, id],
    );
    return toPayout(row);
  },

  /** The ids of `sending` payouts whose next bank attempt is due, the most overdue first. */
  async dueForBank(sql: Sql, limit: number): Promise<string[]> {
    const rows = await sql.query<{ id: string }>(
      `select id from payouts where status = 'sending' and bank_next_attempt_at <= now() order by bank_next_attempt_at limit ?`,
      [limit],
    );
    return rows.map((r) => r.id);
  },

  /**
   * Claims the next bank attempt of a due `sending` payout (one autocommitted statement): attempts + 1
   * and a lease of `leaseMs`. Undefined when it is not due, answered, or another process holds it.
   */
  async claimBankAttempt(sql: Sql, id: string, leaseMs: number): Promise<Payout | undefined> {
    const [row] = await sql.query<PayoutRow>(
      `update payouts set bank_attempts = bank_attempts + 1, bank_last_attempt_at = now(),
         bank_next_attempt_at = now() + (? * interval '1 millisecond')
       where id = ? and status = 'sending' and bank_next_attempt_at <= now() returning *`,
      [leaseMs, id],
    );
    return row ? toPayout(row) : undefined;
  },

  /** A retryable answer (or none): the last bank code, if one came, and the next attempt after `delayMs`. */
  async scheduleBankRetry(sql: Sql, id: string, code: string | null, delayMs: number): Promise<void> {
    await sql.query(
      `update payouts set bank_last_code = coalesce(?, bank_last_code), bank_next_attempt_at = now() + (? * interval '1 millisecond') where id = ?`,
      [code, delayMs, id],
    );
  },

  async markPaid(sql: Sql, id: string, settlementTransferId: string, settledAt: Date): Promise<void> {
    await sql.query(`update payouts set status = 'paid', settlement_transfer_id = ?, settled_at = ? where id = ?`, [
      settlementTransferId,
      settledAt,
      id,
    ]);
  },

  async markFailed(
    sql: Sql,
    id: string,
    f: { code: string; releaseTransferId: string; settledAt: Date },
  ): Promise<void> {
    await sql.query(
      `update payouts set status = 'failed', bank_last_code = ?, release_transfer_id = ?, settled_at = ? where id = ?`,
      [f.code, f.releaseTransferId, f.settledAt, id],
    );
  },
};

/** The `owed_invoices` table. */
export const OwedInvoicesRepository = {
  async insert(
    sql: Sql,
    i: { id: string; partnerId: string; incentiveId: string; payoutId: string; amount: string; createdAt: Date },
  ): Promise<void> {
    await sql.query(
      `insert into owed_invoices (id, partner_id, incentive_id, payout_id, amount, created_at) values (?, ?, ?, ?, ?, ?)`,
      [i.id, i.partnerId, i.incentiveId, i.payoutId, i.amount, i.createdAt],
    );
  },

  async ofPartner(sql: Sql, partnerId: string): Promise<OwedInvoice[]> {
    const rows = await sql.query<{
      id: string;
      incentive_id: string;
      payout_id: string;
      amount: string;
      status: string;
      created_at: Date;
    }>(
      `select id, incentive_id, payout_id, amount, status, created_at from owed_invoices where partner_id = ? order by created_at, id`,
      [partnerId],
    );
    return rows.map((r) => ({
      id: r.id,
      incentiveId: r.incentive_id,
      payoutId: r.payout_id,
      amount: r.amount,
      status: r.status,
      createdAt: r.created_at,
    }));
  },
};

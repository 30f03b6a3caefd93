import { type Sql } from '@pps/platform';
import { Injectable } from '@nestjs/common';
import { LedgerService, PLATFORM_OWNER_ID } from '@pps/ledger';
import { ConflictError, maskBankAccountNumber, NotFoundError } from '@pps/platform';
import { RuleContractViolationError } from '@pps/rules';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { NotYourPartnerError, PartnerNotFoundError } from '../shared/errors';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { iso, isoOrNull } from '../shared/sql';
import { TransactionRunner } from '../shared/transaction-runner';
import { BankPayoutsService } from '../payouts/bank-payouts.service';

import { type PayoutMethod } from './incentive-payout.contract';
import { INCENTIVE_PAYOUT_CONTRACT } from './incentive-payout.contract';
import { PAYMENT_CONTRACT } from '../orders/payment.contract';

export interface AccrueIncentiveCommand {
  partnerId: string;
  amount: string;
  mode: 'referral' | 'resale';
  generatedAt: string;
  frozen?: boolean;
}

export interface IncentiveView {
  id: string;
  partnerId: string;
  amount: string;
  mode: 'referral' | 'resale';
  generatedAt: string;
  frozen: boolean;
  status: 'accrued' | 'payout_pending' | 'paid';
  createdAt: string;
  transferId: string;
  decision_id?: string;
}

export interface PayoutView {
  id: string;
  incentiveId: string;
  partnerId: string;
  method: PayoutMethod;
  amount: string;
  /** `approved`: settled in one step before the bank gateway existed (older rows only). */
  status: 'completed' | 'pending' | 'approved' | 'rejected' | 'sending' | 'paid' | 'failed';
  withdrawable: boolean;
  transferId: string;
  settlementTransferId: string | null;
  /** Bank transfers once approved: the reference the bank sees on every attempt, attempts, the last bank code. */
  bank?: {
    reference: string;
    attempts: number;
    lastCode: string | null;
    lastAttemptAt: string | null;
    nextAttemptAt: string | null;
    releaseTransferId: string | null;
  };
  owedInvoiceId?: string;
  /** A bank transfer's destination, for the approver: the account number masked but its last 4 digits. */
  destination?: { holderName: string; accountNumber: string };
  createdAt: string;
  settledAt: string | null;
  decision_id: string;
}

interface IncentiveRow {
  id: string;
  partner_id: string;
  amount: string;
  mode: 'referral' | 'resale';
  generated_at: Date | string;
  frozen: boolean;
  status: IncentiveView['status'];
  accrual_transfer_id: string;
  created_at: Date | string;
}

export interface PayoutRow {
  id: string;
  incentive_id: string;
  partner_id: string;
  method: PayoutMethod;
  amount: string;
  status: PayoutView['status'];
  withdrawable: boolean;
  transfer_id: string;
  settlement_transfer_id: string | null;
  decision_id: string;
  created_at: Date | string;
  settled_at: Date | string | null;
  bank_holder_name: string | null;
  bank_account_number: string | null;
  approval_decision_id: string | null;
  bank_settlement_transfer_id: string | null;
  bank_reference: string | null;
  bank_attempts: number;
  bank_last_code: string | null;
  bank_last_attempt_at: Date | string | null;
  bank_next_attempt_at: Date | string | null;
  release_transfer_id: string | null;
}

/** Trimmed, Unicode-normalised (NFKC: full-width → half-width), inner spaces collapsed. */
function normaliseName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ');
}

/**
 * Incentives (激励) and how they are paid out. The `incentive-payout` rule set decides which methods
 * an incentive offers and whether a requested one is allowed; the chosen method is final (one live
 * payout per incentive, also a unique index). A bank transfer is two-phase: the amount is reserved
 * in the partner's payout-pending account on request, posted to the platform's bank-payout account
 * on approval, or returned on rejection.
 */
@Injectable()
export class IncentivesService {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly gate: PolicyGate,
    private readonly bankPayouts: BankPayoutsService,
  ) {}

  /** A payout with its state; for a bank transfer also the bank's side: reference, attempts, last code. */
  async payout(ctx: RequestContext, payoutId: string): Promise<PayoutView> {
    const [row] = await this.runner.reader().query<PayoutRow>(`select * from payouts where id = ?`, [payoutId]);
    if (!row) throw new NotFoundError('Payout', payoutId);
    if (ctx.caller.role === 'partner' && ctx.caller.partnerId !== row.partner_id) throw new NotYourPartnerError();
    return payoutView(row, row.decision_id);
  }

  accrue(ctx: RequestContext, cmd: AccrueIncentiveCommand): Promise<IncentiveView> {
    return this.runner.run(ctx, { operation: 'incentive.accrue', input: cmd }, async (tx) => {
      const [partner] = await tx.query<{ id: string }>(`select id from partners where id = ?`, [cmd.partnerId]);
      if (!partner) throw new PartnerNotFoundError(cmd.partnerId);
      const expense = await this.platform(tx, 'platform_incentive_expense');
      const incentiveAccount = await this.ledger.accountId(tx, {
        ownerType: 'partner',
        ownerId: cmd.partnerId,
        kind: 'partner_incentive',
      });
      const locked = await this.ledger.lock(tx, [expense, incentiveAccount]);
      const d = await this.gate.decide(
        tx,
        ctx,
        PAYMENT_CONTRACT,
        {
          operation: 'incentive_accrual',
          paymentMethod: 'online',
          amount: cmd.amount,
          payerAvailable: '0',
          payerAssociatedWithCustomer: false,
        },
        { operation: 'incentive.accrue', partnerId: cmd.partnerId, amount: cmd.amount, mode: cmd.mode },
        { movesMoney: true },
      );
      const amount = new Decimal(cmd.amount);
      await this.ledger.post(
        tx,
        {
          id: d.transferId,
          code: 'incentive_accrual',
          decisionId: d.decisionId,
          createdAt: d.decidedAt,
          legs: [
            { accountId: expense, amount: amount.negated() },
            { accountId: incentiveAccount, amount },
          ],
        },
        locked,
      );
      const id = randomUUID();
      const [row] = await tx.query<IncentiveRow>(
        `insert into incentives (id, partner_id, amount, mode, generated_at, frozen, accrual_transfer_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?) returning *`,
        [
          id,
          cmd.partnerId,
          amount.toFixed(2),
          cmd.mode,
          new Date(cmd.generatedAt),
          cmd.frozen ?? false,
          d.transferId,
          d.decidedAt,
        ],
      );
      return { ...incentiveView(row), decision_id: d.decisionId };
    });
  }

  now(): Date {
    return this.gate.now();
  }

  async get(ctx: RequestContext, id: string): Promise<IncentiveView> {
    const row = await this.find(this.runner.reader(), ctx, id);
    return incentiveView(row);
  }

  /** The methods this incentive offers now, as the active `incentive-payout` version decides (a recorded check). */
  payoutOptions(ctx: RequestContext, incentiveId: string) {
    return this.runner.run(ctx, { operation: 'incentive.payout-options', input: { incentiveId } }, async (tx) => {
      const incentive = await this.find(tx, ctx, incentiveId);
      const facts = await this.facts(tx, incentive, {});
      const d = await this.gate.decide(
        tx,
        ctx,
        INCENTIVE_PAYOUT_CONTRACT,
        facts,
        this.subject('incentive.payout-options', incentive),
        {
          movesMoney: false,
          denialIsAnswer: true,
        },
      );
      const outcome = d.outcome;
      let offered: { methods: PayoutMethod[]; requiresInvoice: Partial<Record<PayoutMethod, boolean>> };
      switch (outcome.effect) {
        case 'allow':
          offered = outcome.value;
          break;
        case 'deny':
          offered = { methods: [], requiresInvoice: {} };
          break;
        default:
          return PolicyGate.unhandled(outcome, 'effect');
      }
      return {
        incentiveId,
        methods: offered.methods,
        requiresInvoice: offered.requiresInvoice,
        reasons: d.evaluation.reasons,
        decision_id: d.decisionId,
      };
    });
  }

  requestPayout(
    ctx: RequestContext,
    incentiveId: string,
    cmd: { method: PayoutMethod; bankAccount?: { holderName: string; number: string } },
  ): Promise<PayoutView> {
    return this.runner.run(ctx, { operation: 'incentive.payout', input: { incentiveId, ...cmd } }, async (tx) => {
      const incentive = await this.find(tx, ctx, incentiveId, true);
      const [partner] = await tx.query<{
        real_name: string;
        bank_holder_name: string | null;
        bank_account_number: string | null;
      }>(`select real_name, bank_holder_name, bank_account_number from partners where id = ?`, [incentive.partner_id]);
      const bank =
        cmd.bankAccount ??
        (partner.bank_holder_name
          ? { holderName: partner.bank_holder_name, number: partner.bank_account_number ?? '' }
          : undefined);
      const holderMatches = bank !== undefined && normaliseName(bank.holderName) === normaliseName(partner.real_name);
      const facts = await this.facts(tx, incentive, {
        requestedMethod: cmd.method,
        bankAccountHolderMatchesRealName: cmd.method === 'bank_transfer' ? holderMatches : null,
      });

      const accounts = await this.ledger.accountIds(tx, 'partner', incentive.partner_id);
      const source = accounts.get('partner_incentive')!;
      const target =
        cmd.method === 'voucher_quota'
          ? accounts.get('partner_voucher_quota')!
          : cmd.method === 'bank_transfer'
            ? accounts.get('partner_payout_pending')!
            : accounts.get('partner_cash')!;
      const locked = await this.ledger.lock(tx, [source, target]);
      const d = await this.gate.decide(
        tx,
        ctx,
        INCENTIVE_PAYOUT_CONTRACT,
        facts,
        { ...this.subject('incentive.payout', incentive), method: cmd.method },
        {
          movesMoney: true,
          denialDetails:
            cmd.method === 'bank_transfer' && !holderMatches
              ? {
                  bankAccountHolderName: bank?.holderName ?? null,
                  verifiedRealName: partner.real_name,
                  comparedAs: 'trimmed, NFKC-normalised, inner spaces collapsed',
                }
              : undefined,
        },
      );
      const pending = cmd.method === 'bank_transfer';
      if (pending && bank === undefined)
        throw new RuleContractViolationError('outcome', INCENTIVE_PAYOUT_CONTRACT.ruleSet, d.evaluation.version, [
          { path: '$.outcome.effect', message: 'allows a bank transfer to a partner without a bank account' },
        ]);
      const amount = new Decimal(incentive.amount);
      await this.ledger.post(
        tx,
        {
          id: d.transferId,
          code: pending ? 'payout_reservation' : `payout_${cmd.method}`,
          decisionId: d.decisionId,
          createdAt: d.decidedAt,
          metadata: { incentiveId },
          legs: [
            { accountId: source, amount: amount.negated() },
            { accountId: target, amount },
          ],
        },
        locked,
      );
      const id = randomUUID();
      const [row] = await tx.query<PayoutRow>(
        `insert into payouts (id, incentive_id, partner_id, method, amount, status, withdrawable, bank_holder_name, bank_account_number, transfer_id, decision_id, created_at, settled_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`,
        [
          id,
          incentiveId,
          incentive.partner_id,
          cmd.method,
          amount.toFixed(2),
          pending ? 'pending' : 'completed',
          cmd.method === 'credit_withdrawable',
          pending ? (bank?.holderName ?? null) : null,
          pending ? (bank?.number ?? null) : null,
          d.transferId,
          d.decisionId,
          d.decidedAt,
          pending ? null : d.decidedAt,
        ],
      );
      await tx.query(`update incentives set status = ? where id = ?`, [
        pending ? 'payout_pending' : 'paid',
        incentiveId,
      ]);
      let owedInvoiceId: string | undefined;
      if (cmd.method === 'credit_with_owed_invoice') {
        owedInvoiceId = randomUUID();
        await tx.query(
          `insert into owed_invoices (id, partner_id, incentive_id, payout_id, amount, created_at) values (?, ?, ?, ?, ?, ?)`,
          [owedInvoiceId, incentive.partner_id, incentiveId, id, amount.toFixed(2), d.decidedAt],
        );
      }
      return payoutView(row, d.decisionId, owedInvoiceId);
    });
  }

  /**
   * Approve or reject a pending bank-transfer payout. Reject returns the reserve to the incentive
   * account at once. Approve authorises the settlement (its decision names the settlement transfer)
   * and hands the payout to the bank: it is `sending` until the bank gateway answers — settled →
   * `paid` (the reserve posted to the platform's bank-payout account under that transfer), a final
   * failure → `failed` (the reserve released) — see BankPayoutsService. The payout row is the outbox:
   * its bank reference is fixed here and reused on every retry.
   */
  async settle(ctx: RequestContext, payoutId: string, approve: boolean): Promise<PayoutView> {
    const view = await this.settleInTransaction(ctx, payoutId, approve);
    if (approve && view.status === 'sending') this.bankPayouts.kick(payoutId);
    return view;
  }

  private settleInTransaction(ctx: RequestContext, payoutId: string, approve: boolean): Promise<PayoutView> {
    return this.runner.run(
      ctx,
      { operation: approve ? 'payout.approve' : 'payout.reject', input: { payoutId } },
      async (tx) => {
        const [payout] = await tx.query<PayoutRow>(`select * from payouts where id = ? for update`, [payoutId]);
        if (!payout) throw new NotFoundError('Payout', payoutId);
        if (payout.status !== 'pending') {
          throw new ConflictError(
            'PPS.2010',
            { zh: `该提现已处理（${payout.status}）`, en: `This payout is not pending (it is ${payout.status})` },
            { status: payout.status },
          );
        }
        const accounts = await this.ledger.accountIds(tx, 'partner', payout.partner_id);
        const pendingAccount = accounts.get('partner_payout_pending')!;
        const incentiveAccount = accounts.get('partner_incentive')!;
        // A rejection moves the reserve back now (accounts locked before deciding); an approval moves nothing yet.
        const locked = approve ? null : await this.ledger.lock(tx, [pendingAccount, incentiveAccount]);
        const d = await this.gate.decide(
          tx,
          ctx,
          PAYMENT_CONTRACT,
          {
            operation: approve ? 'bank_payout_approval' : 'bank_payout_rejection',
            paymentMethod: 'online',
            amount: payout.amount,
            payerAvailable: '0',
            payerAssociatedWithCustomer: false,
          },
          {
            operation: approve ? 'payout.approve' : 'payout.reject',
            partnerId: payout.partner_id,
            payoutId,
            incentiveId: payout.incentive_id,
          },
          { movesMoney: true },
        );
        if (!locked) {
          // The decision names the settlement transfer; it posts when the bank settles (or never, on a final failure).
          const [sending] = await tx.query<PayoutRow>(
            `update payouts set status = 'sending', bank_settlement_transfer_id = ?, approval_decision_id = ?, bank_reference = ?,
               bank_next_attempt_at = now() where id = ? returning *`,
            [d.transferId, d.decisionId, randomUUID(), payoutId],
          );
          return payoutView(sending, d.decisionId);
        }
        const amount = new Decimal(payout.amount);
        await this.ledger.post(
          tx,
          {
            id: d.transferId,
            code: 'payout_release',
            decisionId: d.decisionId,
            createdAt: d.decidedAt,
            metadata: { payoutId },
            legs: [
              { accountId: pendingAccount, amount: amount.negated() },
              { accountId: incentiveAccount, amount },
            ],
          },
          locked,
        );
        const [row] = await tx.query<PayoutRow>(
          `update payouts set status = 'rejected', settlement_transfer_id = ?, settled_at = ? where id = ? returning *`,
          [d.transferId, d.decidedAt, payoutId],
        );
        await tx.query(`update incentives set status = 'accrued' where id = ?`, [payout.incentive_id]);
        return payoutView(row, d.decisionId);
      },
    );
  }

  async owedInvoices(ctx: RequestContext, partnerId: string) {
    if (ctx.caller.role === 'partner' && ctx.caller.partnerId !== partnerId) throw new NotYourPartnerError();
    const rows = await this.runner.reader().query<{
      id: string;
      incentive_id: string;
      payout_id: string;
      amount: string;
      status: string;
      created_at: Date | string;
    }>(`select id, incentive_id, payout_id, amount, status, created_at from owed_invoices where partner_id = ? order by created_at, id`, [partnerId]);
    return rows.map((r) => ({
      id: r.id,
      partnerId,
      incentiveId: r.incentive_id,
      payoutId: r.payout_id,
      amount: new Decimal(r.amount).toFixed(2),
      status: r.status,
      createdAt: iso(r.created_at),
    }));
  }

  /** The partner leaves the program: its incentives are void a year (a rule-file parameter) later. */
  markExit(ctx: RequestContext, partnerId: string, exitedAt: Date) {
    return this.runner.run(
      ctx,
      { operation: 'partner.exit', input: { partnerId, exitedAt: exitedAt.toISOString() } },
      async (tx) => {
        const rows = await tx.query<{ id: string }>(`update partners set exited_at = ? where id = ? returning id`, [
          exitedAt,
          partnerId,
        ]);
        if (rows.length === 0) throw new PartnerNotFoundError(partnerId);
        return { partnerId, exitedAt: exitedAt.toISOString() };
      },
    );
  }

  private async facts(
    tx: Sql,
    incentive: IncentiveRow,
    request: { requestedMethod?: PayoutMethod; bankAccountHolderMatchesRealName?: boolean | null },
  ) {
    const [partner] = await tx.query<{ exited_at: Date | string | null }>(
      `select exited_at from partners where id = ?`,
      [incentive.partner_id],
    );
    const [live] = await tx.query<{ n: number }>(
      `select count(*)::int as n from payouts where incentive_id = ? and status not in ('rejected', 'failed')`,
      [incentive.id],
    );
    return {
      mode: incentive.mode,
      generatedAt: iso(incentive.generated_at),
      now: this.gate.now().toISOString(),
      frozen: incentive.frozen,
      partnerExited: partner.exited_at !== null,
      partnerExitedAt: isoOrNull(partner.exited_at),
      requestedMethod: request.requestedMethod ?? null,
      methodAlreadySubmitted: live.n > 0,
      bankAccountHolderMatchesRealName: request.bankAccountHolderMatchesRealName ?? null,
    };
  }

  private subject(operation: string, incentive: IncentiveRow) {
    return {
      operation,
      partnerId: incentive.partner_id,
      incentiveId: incentive.id,
      amount: new Decimal(incentive.amount).toFixed(2),
    };
  }

  private async find(em: Sql, ctx: RequestContext, id: string, lock = false): Promise<IncentiveRow> {
    const [row] = await em.query<IncentiveRow>(`select * from incentives where id = ?${lock ? ' for update' : ''}`, [
      id,
    ]);
    if (!row) throw new NotFoundError('Incentive', id);
    if (ctx.caller.role === 'partner' && ctx.caller.partnerId !== row.partner_id) throw new NotYourPartnerError();
    return row;
  }

  private platform(tx: Sql, kind: 'platform_incentive_expense'): Promise<string> {
    return this.ledger.openAccount(tx, { ownerType: 'platform', ownerId: PLATFORM_OWNER_ID, kind }, null);
  }
}

function incentiveView(row: IncentiveRow): IncentiveView {
  return {
    id: row.id,
    partnerId: row.partner_id,
    amount: new Decimal(row.amount).toFixed(2),
    mode: row.mode,
    generatedAt: iso(row.generated_at),
    frozen: row.frozen,
    status: row.status,
    createdAt: iso(row.created_at),
    transferId: row.accrual_transfer_id,
  };
}

function payoutView(row: PayoutRow, decisionId: string, owedInvoiceId?: string): PayoutView {
  return {
    id: row.id,
    incentiveId: row.incentive_id,
    partnerId: row.partner_id,
    method: row.method,
    amount: new Decimal(row.amount).toFixed(2),
    status: row.status,
    withdrawable: row.withdrawable,
    transferId: row.transfer_id,
    // A finally failed bank transfer never posted the settlement its approval authorised.
    settlementTransferId:
      row.settlement_transfer_id ?? (row.status === 'sending' ? row.bank_settlement_transfer_id : null),
    ...(row.bank_reference
      ? {
          bank: {
            reference: row.bank_reference,
            attempts: row.bank_attempts,
            lastCode: row.bank_last_code,
            lastAttemptAt: isoOrNull(row.bank_last_attempt_at),
            nextAttemptAt: row.status === 'sending' ? isoOrNull(row.bank_next_attempt_at) : null,
            releaseTransferId: row.release_transfer_id,
          },
        }
      : {}),
    ...(owedInvoiceId ? { owedInvoiceId } : {}),
    ...(row.method === 'bank_transfer' && row.bank_account_number
      ? {
          destination: {
            holderName: row.bank_holder_name ?? '',
            accountNumber: maskBankAccountNumber(row.bank_account_number),
          },
        }
      : {}),
    createdAt: iso(row.created_at),
    settledAt: isoOrNull(row.settled_at),
    decision_id: decisionId,
  };
}

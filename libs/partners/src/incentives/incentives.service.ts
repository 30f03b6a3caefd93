import { Injectable } from '@nestjs/common';
import { LedgerService } from '@pps/ledger';
import { formatAmount, maskBankAccountNumber, NotFoundError, type Sql } from '@pps/platform';
import { RuleContractViolationError } from '@pps/rules';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { PAYMENT_CONTRACT } from '../orders/payment.contract';
import { PartnersRepository } from '../partners/partners.repository';
import { BankPayoutsService } from '../payouts/bank-payouts.service';
import { PARTNER, PayoutNotPendingError } from '../shared/errors';
import { assertOwns, loadOwnedIncentive, loadOwnedPayout } from '../shared/partner-scope';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { iso, isoOrNull } from '../shared/sql';
import { TransactionRunner } from '../shared/transaction-runner';
import { INCENTIVE_PAYOUT_CONTRACT, type PayoutMethod } from './incentive-payout.contract';
import {
  type Incentive,
  IncentivesRepository,
  OwedInvoicesRepository,
  type Payout,
  PayoutsRepository,
  type PayoutStatus,
} from './incentives.repository';

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
  status: PayoutStatus;
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
    const payout = await loadOwnedPayout(this.runner.reader(), ctx.caller, payoutId);
    return payoutView(payout, payout.decisionId);
  }

  accrue(ctx: RequestContext, cmd: AccrueIncentiveCommand): Promise<IncentiveView> {
    return this.runner.run(ctx, { operation: 'incentive.accrue', input: cmd }, async (tx) => {
      if (!(await PartnersRepository.exists(tx, cmd.partnerId))) throw new NotFoundError(PARTNER, cmd.partnerId);
      const expense = await this.ledger.platformAccount(tx, 'platform_incentive_expense');
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
      const incentive = await IncentivesRepository.insert(tx, {
        id,
        partnerId: cmd.partnerId,
        amount: formatAmount(amount),
        mode: cmd.mode,
        generatedAt: new Date(cmd.generatedAt),
        frozen: cmd.frozen ?? false,
        accrualTransferId: d.transferId,
        createdAt: d.decidedAt,
      });
      return { ...incentiveView(incentive), decision_id: d.decisionId };
    });
  }

  now(): Date {
    return this.gate.now();
  }

  async get(ctx: RequestContext, id: string): Promise<IncentiveView> {
    return incentiveView(await loadOwnedIncentive(this.runner.reader(), ctx.caller, id));
  }

  /** The methods this incentive offers now, as the active `incentive-payout` version decides (a recorded check). */
  payoutOptions(ctx: RequestContext, incentiveId: string) {
    return this.runner.run(ctx, { operation: 'incentive.payout-options', input: { incentiveId } }, async (tx) => {
      const incentive = await loadOwnedIncentive(tx, ctx.caller, incentiveId);
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
      const incentive = await loadOwnedIncentive(tx, ctx.caller, incentiveId, { lock: true });
      const partner = (await PartnersRepository.find(tx, incentive.partnerId))!;
      const bank = cmd.bankAccount ?? partner.bankAccount ?? undefined;
      const holderMatches = bank !== undefined && normaliseName(bank.holderName) === normaliseName(partner.realName);
      const facts = await this.facts(tx, incentive, {
        requestedMethod: cmd.method,
        bankAccountHolderMatchesRealName: cmd.method === 'bank_transfer' ? holderMatches : null,
      });

      const accounts = await this.ledger.accountIds(tx, 'partner', incentive.partnerId);
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
                  verifiedRealName: partner.realName,
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
      const payout = await PayoutsRepository.insert(tx, {
        id,
        incentiveId,
        partnerId: incentive.partnerId,
        method: cmd.method,
        amount: formatAmount(amount),
        status: pending ? 'pending' : 'completed',
        withdrawable: cmd.method === 'credit_withdrawable',
        bankHolderName: pending ? (bank?.holderName ?? null) : null,
        bankAccountNumber: pending ? (bank?.number ?? null) : null,
        transferId: d.transferId,
        decisionId: d.decisionId,
        createdAt: d.decidedAt,
        settledAt: pending ? null : d.decidedAt,
      });
      await IncentivesRepository.setStatus(tx, incentiveId, pending ? 'payout_pending' : 'paid');
      let owedInvoiceId: string | undefined;
      if (cmd.method === 'credit_with_owed_invoice') {
        owedInvoiceId = randomUUID();
        await OwedInvoicesRepository.insert(tx, {
          id: owedInvoiceId,
          partnerId: incentive.partnerId,
          incentiveId,
          payoutId: id,
          amount: formatAmount(amount),
          createdAt: d.decidedAt,
        });
      }
      return payoutView(payout, d.decisionId, owedInvoiceId);
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
        const payout = await PayoutsRepository.find(tx, payoutId, { lock: true });
        if (!payout) throw new NotFoundError('Payout', payoutId);
        if (payout.status !== 'pending') {
          throw new PayoutNotPendingError(payout.status);
        }
        const accounts = await this.ledger.accountIds(tx, 'partner', payout.partnerId);
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
            partnerId: payout.partnerId,
            payoutId,
            incentiveId: payout.incentiveId,
          },
          { movesMoney: true },
        );
        if (!locked) {
          // The decision names the settlement transfer; it posts when the bank settles (or never, on a final failure).
          const sending = await PayoutsRepository.markSending(tx, payoutId, {
            settlementTransferId: d.transferId,
            approvalDecisionId: d.decisionId,
            bankReference: randomUUID(),
          });
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
        const rejected = await PayoutsRepository.markRejected(tx, payoutId, d.transferId, d.decidedAt);
        await IncentivesRepository.setStatus(tx, payout.incentiveId, 'accrued');
        return payoutView(rejected, d.decisionId);
      },
    );
  }

  async owedInvoices(ctx: RequestContext, partnerId: string) {
    assertOwns(ctx.caller, partnerId);
    const invoices = await OwedInvoicesRepository.ofPartner(this.runner.reader(), partnerId);
    return invoices.map((r) => ({
      id: r.id,
      partnerId,
      incentiveId: r.incentiveId,
      payoutId: r.payoutId,
      amount: formatAmount(r.amount),
      status: r.status,
      createdAt: iso(r.createdAt),
    }));
  }

  /** The partner leaves the program: its incentives are void a year (a rule-file parameter) later. */
  markExit(ctx: RequestContext, partnerId: string, exitedAt: Date) {
    return this.runner.run(
      ctx,
      { operation: 'partner.exit', input: { partnerId, exitedAt: exitedAt.toISOString() } },
      async (tx) => {
        if (!(await PartnersRepository.markExited(tx, partnerId, exitedAt)))
          throw new NotFoundError(PARTNER, partnerId);
        return { partnerId, exitedAt: exitedAt.toISOString() };
      },
    );
  }

  private async facts(
    tx: Sql,
    incentive: Incentive,
    request: { requestedMethod?: PayoutMethod; bankAccountHolderMatchesRealName?: boolean | null },
  ) {
    const partner = (await PartnersRepository.find(tx, incentive.partnerId))!;
    const live = await PayoutsRepository.hasLive(tx, incentive.id);
    return {
      mode: incentive.mode,
      generatedAt: iso(incentive.generatedAt),
      now: this.gate.now().toISOString(),
      frozen: incentive.frozen,
      partnerExited: partner.exitedAt !== null,
      partnerExitedAt: isoOrNull(partner.exitedAt),
      requestedMethod: request.requestedMethod ?? null,
      methodAlreadySubmitted: live,
      bankAccountHolderMatchesRealName: request.bankAccountHolderMatchesRealName ?? null,
    };
  }

  private subject(operation: string, incentive: Incentive) {
    return {
      operation,
      partnerId: incentive.partnerId,
      incentiveId: incentive.id,
      amount: formatAmount(incentive.amount),
    };
  }
}

function incentiveView(i: Incentive): IncentiveView {
  return {
    id: i.id,
    partnerId: i.partnerId,
    amount: formatAmount(i.amount),
    mode: i.mode,
    generatedAt: iso(i.generatedAt),
    frozen: i.frozen,
    status: i.status,
    createdAt: iso(i.createdAt),
    transferId: i.accrualTransferId,
  };
}

function payoutView(p: Payout, decisionId: string, owedInvoiceId?: string): PayoutView {
  return {
    id: p.id,
    incentiveId: p.incentiveId,
    partnerId: p.partnerId,
    method: p.method,
    amount: formatAmount(p.amount),
    status: p.status,
    withdrawable: p.withdrawable,
    transferId: p.transferId,
    // A finally failed bank transfer never posted the settlement its approval authorised.
    settlementTransferId: p.settlementTransferId ?? (p.status === 'sending' ? p.bankSettlementTransferId : null),
    ...(p.bankReference
      ? {
          bank: {
            reference: p.bankReference,
            attempts: p.bankAttempts,
            lastCode: p.bankLastCode,
            lastAttemptAt: isoOrNull(p.bankLastAttemptAt),
            nextAttemptAt: p.status === 'sending' ? isoOrNull(p.bankNextAttemptAt) : null,
            releaseTransferId: p.releaseTransferId,
          },
        }
      : {}),
    ...(owedInvoiceId ? { owedInvoiceId } : {}),
    ...(p.method === 'bank_transfer' && p.bankAccountNumber
      ? {
          destination: {
            holderName: p.bankHolderName ?? '',
            accountNumber: maskBankAccountNumber(p.bankAccountNumber),
          },
        }
      : {}),
    createdAt: iso(p.createdAt),
    settledAt: isoOrNull(p.settledAt),
    decision_id: decisionId,
  };
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AuditService } from '@pps/audit';
import { LedgerService } from '@pps/ledger';
import { APP_CONFIG, type AppConfig, type Caller, Database, formatAmount, type Role } from '@pps/platform';
import Decimal from 'decimal.js';
import { IncentivesRepository, PayoutsRepository } from '../incentives/incentives.repository';
import { PAYMENT_CONTRACT } from '../orders/payment.contract';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { TransactionRunner } from '../shared/transaction-runner';
import { type BankAnswer, BANK_GATEWAY, type BankGateway } from './bank-gateway';

/** How often the worker looks for due `sending` payouts (retries, and those a crash left behind). */
const POLL_MS = 500;
/** Retries back off: delay × 2^(attempts − 1), at most this many delays. */
const MAX_BACKOFF_FACTOR = 32;
/** Who reads the approval decision of a payout (the worker itself: a platform reader, no partner scope). */
const WORKER: Caller = { keyId: 'bank-payouts-worker', role: 'service' };

/**
 * Sends approved bank-transfer payouts to the bank and records the answer — the outbox worker.
 *
 * 1. **Claim** (one autocommitted statement): a `sending` payout whose next attempt is due gets
 *    `attempts + 1` and a lease (its next attempt pushed one retry delay ahead). Two processes
 *    never claim the same attempt; a process killed after claiming leaves a lease that expires.
 * 2. **Send** with the payout's fixed bank reference — the bank pays a reference at most once.
 * 3. **Record**, in one transaction with the payout row locked and still `sending`: settled → the
 *    settlement transfer the approval decision authorised is posted (reserve → platform bank
 *    payout), `paid`; retryable (CBC.99007262) or no answer → stays `sending`, next attempt after
 *    the back-off; final (CBC.99007260) → a `payment` decision authorises releasing the reserve to
 *    the incentive account, `failed`, the incentive free for a new request.
 *
 * Whatever is killed where, the bank sees the same reference again and the ledger posts the
 * settlement at most once (the row lock and the state check; the transfer id is fixed too).
 */
@Injectable()
export class BankPayoutsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BankPayouts');
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly running = new Set<Promise<void>>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly em: Database,
    private readonly runner: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly gate: PolicyGate,
    private readonly audit: AuditService,
    @Inject(BANK_GATEWAY) private readonly bank: BankGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.running]);
  }

  /** Try this payout now (after the approval committed), without waiting for the next poll. */
  kick(payoutId: string): void {
    this.track(payoutId);
  }

  /** Sends every due payout once and waits for the answers (the poll's body; tests call it too). */
  async drain(): Promise<void> {
    const due = await PayoutsRepository.dueForBank(this.em, 50);
    for (const id of due) this.track(id);
    await Promise.allSettled([...this.running]);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      await this.drain();
    } catch (e) {
      if (!this.stopped) this.logger.warn(`bank payout poll failed: ${(e as Error).message}`);
    } finally {
      this.schedule();
    }
  }

  private track(payoutId: string): void {
    if (this.stopped || this.busy.has(payoutId)) return;
    this.busy.add(payoutId);
    const run = this.attempt(payoutId)
      .catch((e) => {
        if (!this.stopped) this.logger.warn(`bank payout ${payoutId}: ${(e as Error).message}`);
      })
      .finally(() => {
        this.busy.delete(payoutId);
        this.running.delete(run);
      });
    this.running.add(run);
  }

  private async attempt(payoutId: string): Promise<void> {
    const claimed = await PayoutsRepository.claimBankAttempt(this.em, payoutId, this.config.bankRetryDelayMs);
    if (!claimed) return; // not due, already answered, or another process holds the attempt
    let answer: BankAnswer | undefined;
    try {
      answer = await this.bank.send({
        reference: claimed.bankReference!,
        payoutId,
        amount: formatAmount(claimed.amount),
        holderName: claimed.bankHolderName,
        accountNumber: claimed.bankAccountNumber,
      });
    } catch (e) {
      this.logger.warn(`bank payout ${payoutId}: no answer from the bank (${(e as Error).message}); will retry`);
    }
    if (this.stopped && answer === undefined) return;
    await this.record(payoutId, claimed.bankAttempts, claimed.approvalDecisionId, answer);
  }

  private async record(
    payoutId: string,
    attempts: number,
    approvalId: string | null,
    answer: BankAnswer | undefined,
  ): Promise<void> {
    const approval = approvalId ? await this.audit.get(WORKER, approvalId) : undefined;
    // The bank's answer is the consequence of the approval: recorded under the approving caller.
    const ctx: RequestContext = {
      // A key id is null only for decisions of the service itself; the decision log stores it as such.
      caller: { keyId: approval?.callerKeyId as string, role: (approval?.callerRole as Role | null) ?? 'admin' },
      requestId: `bank:${payoutId}:${attempts}`,
    };
    await this.runner.run(ctx, { operation: 'payout.bank-answer', input: { payoutId, attempts } }, async (tx) => {
      const payout = await PayoutsRepository.find(tx, payoutId, { lock: true });
      if (!payout || payout.status !== 'sending') return; // answered already (another attempt, another process)
      if (answer === undefined || answer.outcome === 'retryable') {
        const factor = Math.min(2 ** Math.max(0, attempts - 1), MAX_BACKOFF_FACTOR);
        await PayoutsRepository.scheduleBankRetry(
          tx,
          payoutId,
          answer?.code ?? null,
          this.config.bankRetryDelayMs * factor,
        );
        return;
      }
      const accounts = await this.ledger.accountIds(tx, 'partner', payout.partnerId);
      const pendingAccount = accounts.get('partner_payout_pending')!;
      const amount = new Decimal(payout.amount);
      if (answer.outcome === 'settled') {
        const bankPayout = await this.ledger.platformAccount(tx, 'platform_bank_payout');
        const locked = await this.ledger.lock(tx, [pendingAccount, bankPayout]);
        const settledAt = this.gate.now();
        await this.ledger.post(
          tx,
          {
            id: payout.bankSettlementTransferId!,
            code: 'bank_payout',
            decisionId: payout.approvalDecisionId!,
            createdAt: settledAt,
            metadata: { payoutId, bankReference: payout.bankReference },
            legs: [
              { accountId: pendingAccount, amount: amount.negated() },
              { accountId: bankPayout, amount },
            ],
          },
          locked,
        );
        await PayoutsRepository.markPaid(tx, payoutId, payout.bankSettlementTransferId!, settledAt);
        await IncentivesRepository.setStatus(tx, payout.incentiveId, 'paid');
        return;
      }
      // Final failure: nothing was paid; the reserve goes back to the incentive account.
      const incentiveAccount = accounts.get('partner_incentive')!;
      const locked = await this.ledger.lock(tx, [pendingAccount, incentiveAccount]);
      const d = await this.gate.decide(
        tx,
        ctx,
        PAYMENT_CONTRACT,
        {
          operation: 'bank_payout_rejection',
          paymentMethod: 'online',
          amount: payout.amount,
          payerAvailable: '0',
          payerAssociatedWithCustomer: false,
        },
        {
          operation: 'payout.bank-failed',
          partnerId: payout.partnerId,
          payoutId,
          incentiveId: payout.incentiveId,
          bankCode: answer.code,
        },
        { movesMoney: true },
      );
      await this.ledger.post(
        tx,
        {
          id: d.transferId,
          code: 'payout_release',
          decisionId: d.decisionId,
          createdAt: d.decidedAt,
          metadata: { payoutId, bankReference: payout.bankReference, bankCode: answer.code },
          legs: [
            { accountId: pendingAccount, amount: amount.negated() },
            { accountId: incentiveAccount, amount },
          ],
        },
        locked,
      );
      await PayoutsRepository.markFailed(tx, payoutId, {
        code: answer.code,
        releaseTransferId: d.transferId,
        settledAt: d.decidedAt,
      });
      await IncentivesRepository.setStatus(tx, payout.incentiveId, 'accrued');
    });
  }
}

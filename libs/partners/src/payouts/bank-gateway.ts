import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, BANK_ANSWER_CODES, BANK_SIMULATOR_ANSWERS, Database } from '@pps/platform';
import { SimulatedBankRepository } from './bank.repository';

/** What we ask the bank: pay `amount` to `accountNumber`, once per `reference` however often asked. */
export interface BankTransferOrder {
  /** Our idempotency key at the bank: the same on every retry of one payout. */
  reference: string;
  payoutId: string;
  amount: string;
  holderName: string | null;
  accountNumber: string | null;
}

/**
 * The bank's answer. `settled`: the money left (also when that reference was settled before).
 * `retryable` (CBC.99007262, bank system or network exception): nothing was paid, ask again later
 * with the same reference. `final` (CBC.99007260, the card network's call to the issuing bank
 * failed): nothing was paid and will not be under this order.
 */
export type BankAnswer =
  { outcome: 'settled' } | { outcome: 'retryable'; code: string } | { outcome: 'final'; code: string };

/** The port through which bank-transfer payouts settle. A thrown error counts as "no answer": retried. */
export interface BankGateway {
  send(order: BankTransferOrder): Promise<BankAnswer>;
}

export const BANK_GATEWAY = Symbol('BANK_GATEWAY');

const { retryable: BANK_CODE_RETRYABLE, final: BANK_CODE_FINAL } = BANK_ANSWER_CODES;

type ScriptedAnswer = (typeof BANK_SIMULATOR_ANSWERS)[number];

/**
 * The shipped adapter: a simulated bank. It keeps its own book in `simulated_bank_payments` (one
 * row per reference, committed on its own connection, outside our transactions — as a real bank's
 * would be), so a reference is paid at most once across retries, restarts and processes. By default
 * it settles every order; `BANK_SIMULATOR_SCRIPT` (or `script()` in tests) makes its next answers
 * `CBC.99007262`, `CBC.99007260`, `settled` or `hang-after-settle` (it pays, then never answers:
 * the window a kill -9 of the service falls in).
 */
@Injectable()
export class SimulatedBankGateway implements BankGateway, OnApplicationShutdown {
  private answers: ScriptedAnswer[];
  private readonly hanging = new Set<() => void>();

  constructor(
    private readonly em: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.answers = [...(config.bankSimulatorScript as ScriptedAnswer[])];
  }

  /** Replaces the answers still to come (tests and benches). */
  script(answers: ScriptedAnswer[]): void {
    this.answers = [...answers];
  }

  async send(order: BankTransferOrder): Promise<BankAnswer> {
    const next = this.answers.shift() ?? 'settled';
    if (next === BANK_CODE_RETRYABLE) return { outcome: 'retryable', code: BANK_CODE_RETRYABLE };
    if (await SimulatedBankRepository.isPaid(this.em, order.reference)) return { outcome: 'settled' }; // already paid under this reference: never twice
    if (next === BANK_CODE_FINAL) return { outcome: 'final', code: BANK_CODE_FINAL };
    await SimulatedBankRepository.recordPayment(this.em, {
      reference: order.reference,
      payoutId: order.payoutId,
      amount: order.amount,
      accountNumber: order.accountNumber,
    });
    if (next === 'hang-after-settle') {
      // Paid, and the answer never comes back (until shutdown, which reports no answer).
      await new Promise<void>((resolve) => this.hanging.add(resolve));
      throw new Error('the simulated bank did not answer');
    }
    return { outcome: 'settled' };
  }

  onApplicationShutdown(): void {
    for (const release of this.hanging) release();
    this.hanging.clear();
  }
}

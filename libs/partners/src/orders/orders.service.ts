import { Injectable } from '@nestjs/common';
import { LedgerService } from '@pps/ledger';
import { formatAmount, NotFoundError, type Sql } from '@pps/platform';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { AssociationsRepository } from '../associations/associations.repository';
import { CustomersRepository } from '../customers/customers.repository';
import { PartnersRepository } from '../partners/partners.repository';
import { CUSTOMER, InvalidReferenceError, PARTNER } from '../shared/errors';
import { assertOwns } from '../shared/partner-scope';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { iso } from '../shared/sql';
import { TransactionRunner } from '../shared/transaction-runner';
import { type Order, OrdersRepository, type PaymentMethod } from './orders.repository';
import { PAYMENT_CONTRACT } from './payment.contract';

export interface CreateOrderCommand {
  customerId: string;
  amount: string;
  paymentMethod: PaymentMethod;
  paidByPartnerId?: string;
  /** The customer's sub-user account (子用户) that placed the order, when one did. */
  subUser?: string;
}

export interface OrderView {
  id: string;
  customerId: string;
  amount: string;
  refundedAmount: string;
  paymentMethod: PaymentMethod;
  paidByPartnerId: string | null;
  partnerId: string | null;
  modeAtPurchase: 'referral' | 'resale' | 'none';
  subUser: string | null;
  transferId: string | null;
  createdAt: string;
  decision_id?: string;
}

function orderView(o: Order, decisionId?: string): OrderView {
  return {
    id: o.id,
    customerId: o.customerId,
    amount: formatAmount(o.amount),
    refundedAmount: formatAmount(o.refundedAmount),
    paymentMethod: o.paymentMethod,
    paidByPartnerId: o.paidByPartnerId,
    partnerId: o.partnerId,
    modeAtPurchase: o.modeAtPurchase,
    subUser: o.subUser,
    transferId: o.transferId,
    createdAt: iso(o.createdAt),
    ...(decisionId ? { decision_id: decisionId } : {}),
  };
}

/**
 * A customer's purchase: the payment moves money to the platform's revenue account — from outside
 * (online), from the customer's balance or voucher balance, or from the paying partner's cash (代付).
 * The order records its association and mode at purchase: the refund matrix needs them later.
 */
@Injectable()
export class OrdersService {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly gate: PolicyGate,
  ) {}

  create(ctx: RequestContext, cmd: CreateOrderCommand): Promise<OrderView> {
    return this.runner.run(ctx, { operation: 'order.create', input: cmd }, async (tx) => {
      if ((cmd.paymentMethod === 'partner_paid') !== (cmd.paidByPartnerId !== undefined)) {
        throw new InvalidReferenceError(
          'paidByPartnerId',
          'paidByPartnerId goes with paymentMethod partner_paid, and only with it',
        );
      }
      // A partner key orders for its own partner's payment only (partner_paid by itself).
      assertOwns(ctx.caller, cmd.paidByPartnerId);
      const customer = await CustomersRepository.find(tx, cmd.customerId, { lock: true });
      if (!customer) throw new NotFoundError(CUSTOMER, cmd.customerId);
      const assoc = await AssociationsRepository.activeOf(tx, cmd.customerId);
      if (cmd.paidByPartnerId && !(await PartnersRepository.exists(tx, cmd.paidByPartnerId)))
        throw new NotFoundError(PARTNER, cmd.paidByPartnerId);
      const revenue = await this.ledger.platformAccount(tx, 'platform_revenue');
      const payer = await this.payerAccount(tx, cmd);
      const locked = await this.ledger.lock(tx, [payer, revenue]);
      const p = locked.get(payer)!;
      const d = await this.gate.decide(
        tx,
        ctx,
        PAYMENT_CONTRACT,
        {
          operation: 'order',
          paymentMethod: cmd.paymentMethod,
          amount: cmd.amount,
          payerAvailable: cmd.paymentMethod === 'online' ? '0' : formatAmount(p.balance.minus(p.floor ?? 0)),
          payerAssociatedWithCustomer: cmd.paidByPartnerId !== undefined && assoc?.partnerId === cmd.paidByPartnerId,
        },
        {
          operation: 'order.create',
          partnerId: cmd.paidByPartnerId ?? assoc?.partnerId ?? null,
          customerId: cmd.customerId,
          amount: cmd.amount,
          paymentMethod: cmd.paymentMethod,
        },
        { movesMoney: true },
      );
      const id = randomUUID();
      const amount = new Decimal(cmd.amount);
      await this.ledger.post(
        tx,
        {
          id: d.transferId,
          code: 'order_payment',
          decisionId: d.decisionId,
          createdAt: d.decidedAt,
          metadata: { orderId: id },
          legs: [
            { accountId: payer, amount: amount.negated() },
            { accountId: revenue, amount },
          ],
        },
        locked,
      );
      const order = await OrdersRepository.insert(tx, {
        id,
        customerId: cmd.customerId,
        amount: formatAmount(amount),
        paymentMethod: cmd.paymentMethod,
        paidByPartnerId: cmd.paidByPartnerId ?? null,
        associationId: assoc?.id ?? null,
        partnerId: assoc?.partnerId ?? null,
        modeAtPurchase: assoc?.mode ?? 'none',
        subUser: cmd.subUser ?? null,
        transferId: d.transferId,
        createdAt: d.decidedAt,
      });
      return orderView(order, d.decisionId);
    });
  }

  private async payerAccount(tx: Sql, cmd: CreateOrderCommand): Promise<string> {
    switch (cmd.paymentMethod) {
      case 'online':
        return this.ledger.platformAccount(tx, 'platform_funding');
      case 'balance':
        return this.ledger.accountId(tx, { ownerType: 'customer', ownerId: cmd.customerId, kind: 'customer_cash' });
      case 'voucher':
        return this.ledger.accountId(tx, { ownerType: 'customer', ownerId: cmd.customerId, kind: 'customer_voucher' });
      case 'partner_paid':
        return this.ledger.accountId(tx, { ownerType: 'partner', ownerId: cmd.paidByPartnerId!, kind: 'partner_cash' });
    }
  }
}

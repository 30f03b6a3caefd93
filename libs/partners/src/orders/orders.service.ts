import { type Sql } from '@pps/platform';
import { Injectable } from '@nestjs/common';
import { type AccountKind, LedgerService, PLATFORM_OWNER_ID } from '@pps/ledger';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import {
  CustomerNotFoundError,
  InvalidReferenceError,
  NotYourPartnerError,
  PartnerNotFoundError,
} from '../shared/errors';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { TransactionRunner } from '../shared/transaction-runner';
import { iso } from '../shared/sql';
import { PAYMENT_CONTRACT } from './payment.contract';

type PaymentMethod = 'online' | 'balance' | 'voucher' | 'partner_paid';

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

export interface OrderRow {
  id: string;
  customer_id: string;
  amount: string;
  refunded_amount: string;
  payment_method: PaymentMethod;
  paid_by_partner_id: string | null;
  association_id: string | null;
  partner_id: string | null;
  mode_at_purchase: 'referral' | 'resale' | 'none';
  sub_user: string | null;
  transfer_id: string | null;
  created_at: Date | string;
}

function orderView(o: OrderRow, decisionId?: string): OrderView {
  return {
    id: o.id,
    customerId: o.customer_id,
    amount: new Decimal(o.amount).toFixed(2),
    refundedAmount: new Decimal(o.refunded_amount).toFixed(2),
    paymentMethod: o.payment_method,
    paidByPartnerId: o.paid_by_partner_id,
    partnerId: o.partner_id,
    modeAtPurchase: o.mode_at_purchase,
    subUser: o.sub_user ?? null,
    transferId: o.transfer_id,
    createdAt: iso(o.created_at),
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
      if (ctx.caller.role === 'partner' && cmd.paidByPartnerId !== ctx.caller.partnerId)
        throw new NotYourPartnerError();
      const [customer] = await tx.query<{ id: string }>(`select id from customers where id = ? for update`, [
        cmd.customerId,
      ]);
      if (!customer) throw new CustomerNotFoundError(cmd.customerId);
      const [assoc] = await tx.query<{ id: string; partner_id: string; mode: 'referral' | 'resale' }>(
        `select id, partner_id, mode from associations where customer_id = ? and ended_at is null`,
        [cmd.customerId],
      );
      if (cmd.paidByPartnerId) {
        const [p] = await tx.query<{ id: string }>(`select id from partners where id = ?`, [cmd.paidByPartnerId]);
        if (!p) throw new PartnerNotFoundError(cmd.paidByPartnerId);
      }
      const revenue = await this.platformAccount(tx, 'platform_revenue');
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
          payerAvailable: cmd.paymentMethod === 'online' ? '0' : p.balance.minus(p.floor ?? 0).toFixed(2),
          payerAssociatedWithCustomer: cmd.paidByPartnerId !== undefined && assoc?.partner_id === cmd.paidByPartnerId,
        },
        {
          operation: 'order.create',
          partnerId: cmd.paidByPartnerId ?? assoc?.partner_id ?? null,
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
      const [row] = await tx.query<OrderRow>(
        `insert into orders (id, customer_id, amount, payment_method, paid_by_partner_id, association_id, partner_id, mode_at_purchase, sub_user, transfer_id, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`,
        [
          id,
          cmd.customerId,
          amount.toFixed(2),
          cmd.paymentMethod,
          cmd.paidByPartnerId ?? null,
          assoc?.id ?? null,
          assoc?.partner_id ?? null,
          assoc?.mode ?? 'none',
          cmd.subUser ?? null,
          d.transferId,
          d.decidedAt,
        ],
      );
      return orderView(row, d.decisionId);
    });
  }

  async platformAccount(tx: Sql, kind: AccountKind): Promise<string> {
    return this.ledger.openAccount(tx, { ownerType: 'platform', ownerId: PLATFORM_OWNER_ID, kind }, null);
  }

  private async payerAccount(tx: Sql, cmd: CreateOrderCommand): Promise<string> {
    switch (cmd.paymentMethod) {
      case 'online':
        return this.platformAccount(tx, 'platform_funding');
      case 'balance':
        return this.ledger.accountId(tx, { ownerType: 'customer', ownerId: cmd.customerId, kind: 'customer_cash' });
      case 'voucher':
        return this.ledger.accountId(tx, { ownerType: 'customer', ownerId: cmd.customerId, kind: 'customer_voucher' });
      case 'partner_paid':
        return this.ledger.accountId(tx, { ownerType: 'partner', ownerId: cmd.paidByPartnerId!, kind: 'partner_cash' });
    }
  }
}

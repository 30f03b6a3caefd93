import { Injectable } from '@nestjs/common';
import { type AccountKind, LedgerService, type OwnerType } from '@pps/ledger';
import { RuleContractViolationError } from '@pps/rules';
import { BadInputError, NotFoundError } from '@pps/platform';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { TransactionRunner } from '../shared/transaction-runner';
import type { OrderRow } from './orders.service';
import { OrdersService } from './orders.service';

import { type RefundDestination } from './refund-destination.contract';
import { REFUND_DESTINATION_CONTRACT } from './refund-destination.contract';

export interface RefundView {
  id: string;
  orderId: string;
  amount: string;
  destination: { accountId: string; ownerType: OwnerType; ownerId: string; kind: RefundDestination };
  transferId: string;
  decision_id: string;
}

/**
 * A refund of (part of) an order. Where the money goes is the `refund-destination` rule set's
 * decision, from the order's mode at purchase, what happened to that association since, and the
 * payment method; the money then moves from the platform's revenue account to that destination.
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly gate: PolicyGate,
    private readonly orders: OrdersService,
  ) {}

  refund(ctx: RequestContext, orderId: string, requested?: string): Promise<RefundView> {
    return this.runner.run(
      ctx,
      { operation: 'order.refund', input: { orderId, amount: requested ?? null } },
      async (tx) => {
        const [order] = await tx.query<OrderRow>(`select * from orders where id = ? for update`, [orderId]);
        if (!order) throw new NotFoundError('Order', orderId);
        const refundable = new Decimal(order.amount).minus(order.refunded_amount);
        const amount = requested === undefined ? refundable : new Decimal(requested);
        if (amount.lessThanOrEqualTo(0) || amount.greaterThan(refundable)) {
          throw new BadInputError(
            `The refund amount must be more than 0 and at most the refundable ${refundable.toFixed(2)}`,
            [{ field: 'amount', problems: [`at most ${refundable.toFixed(2)} of this order is left to refund`] }],
          );
        }
        const [current] = await tx.query<{ partner_id: string }>(
          `select partner_id from associations where customer_id = ? and ended_at is null for update`,
          [order.customer_id],
        );
        const [switched] = order.association_id
          ? await tx.query<{ n: number }>(
              `select count(*)::int as n from association_events
             where association_id = ? and kind = 'switch' and from_mode = 'referral' and to_mode = 'resale' and at >= ?`,
              [order.association_id, order.created_at],
            )
          : [{ n: 0 }];
        const currentAssociation = !current
          ? 'none'
          : current.partner_id === order.partner_id
            ? 'same_partner'
            : 'other_partner';

        const revenue = await this.orders.platformAccount(tx, 'platform_revenue');
        // Evaluate first (it reads no balance), then lock the two accounts in id order.
        const d = await this.gate.decide(
          tx,
          ctx,
          REFUND_DESTINATION_CONTRACT,
          {
            modeAtPurchase: order.mode_at_purchase,
            currentAssociation,
            switchedReferralToResale: switched.n > 0,
            paymentMethod: order.payment_method,
          },
          {
            operation: 'order.refund',
            partnerId: order.partner_id ?? order.paid_by_partner_id,
            customerId: order.customer_id,
            orderId,
            amount: amount.toFixed(2),
          },
          { movesMoney: true },
        );
        // A denial ended the use case in the gate (422); an allow carries a destination of the contract.
        const kind = d.outcome.value.destination;
        const partnerAccount = (ownerId: string | null) => {
          if (ownerId === null)
            throw new RuleContractViolationError('outcome', REFUND_DESTINATION_CONTRACT.ruleSet, d.evaluation.version, [
              { path: '$.outcome.value.destination', message: `${kind}: this order has no such partner` },
            ]);
          return { ownerType: 'partner' as const, ownerId, kind: 'partner_cash' as const };
        };
        let target: { ownerType: OwnerType; ownerId: string; kind: AccountKind };
        switch (kind) {
          case 'customer_account':
            target = {
              ownerType: 'customer',
              ownerId: order.customer_id,
              kind: order.payment_method === 'voucher' ? 'customer_voucher' : 'customer_cash',
            };
            break;
          case 'association_partner_account':
            target = partnerAccount(order.partner_id);
            break;
          case 'paying_partner_account':
            target = partnerAccount(order.paid_by_partner_id);
            break;
          default:
            return PolicyGate.unhandled(kind, 'refund destination');
        }
        const destination = await this.ledger.accountId(tx, target);
        const locked = await this.ledger.lock(tx, [revenue, destination]);
        const id = randomUUID();
        await this.ledger.post(
          tx,
          {
            id: d.transferId,
            code: 'refund',
            decisionId: d.decisionId,
            createdAt: d.decidedAt,
            metadata: { orderId, refundId: id },
            legs: [
              { accountId: revenue, amount: amount.negated() },
              { accountId: destination, amount },
            ],
          },
          locked,
        );
        await tx.query(`update orders set refunded_amount = refunded_amount + ? where id = ?`, [
          amount.toFixed(2),
          orderId,
        ]);
        await tx.query(
          `insert into refunds (id, order_id, amount, destination_account_id, destination, transfer_id, decision_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)`,
          [id, orderId, amount.toFixed(2), destination, kind, d.transferId, d.decisionId, d.decidedAt],
        );
        return {
          id,
          orderId,
          amount: amount.toFixed(2),
          destination: { accountId: destination, ownerType: target.ownerType, ownerId: target.ownerId, kind },
          transferId: d.transferId,
          decision_id: d.decisionId,
        };
      },
    );
  }
}

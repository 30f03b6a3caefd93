import { Injectable } from '@nestjs/common';
import { type AccountKind, LedgerService, type OwnerType } from '@pps/ledger';
import { RuleContractViolationError } from '@pps/rules';
import { BadInputError, formatAmount, NotFoundError } from '@pps/platform';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { AssociationsRepository } from '../associations/associations.repository';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { TransactionRunner } from '../shared/transaction-runner';
import { OrdersRepository } from './orders.repository';
import { REFUND_DESTINATION_CONTRACT, type RefundDestination } from './refund-destination.contract';

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
  ) {}

  refund(ctx: RequestContext, orderId: string, requested?: string): Promise<RefundView> {
    return this.runner.run(
      ctx,
      { operation: 'order.refund', input: { orderId, amount: requested ?? null } },
      async (tx) => {
        const order = await OrdersRepository.lock(tx, orderId);
        if (!order) throw new NotFoundError('Order', orderId);
        const refundable = new Decimal(order.amount).minus(order.refundedAmount);
        const amount = requested === undefined ? refundable : new Decimal(requested);
        if (amount.lessThanOrEqualTo(0) || amount.greaterThan(refundable)) {
          throw new BadInputError(
            `The refund amount must be more than 0 and at most the refundable ${formatAmount(refundable)}`,
            [{ field: 'amount', problems: [`at most ${formatAmount(refundable)} of this order is left to refund`] }],
          );
        }
        const current = await AssociationsRepository.activeOf(tx, order.customerId, { lock: true });
        const switched = order.associationId
          ? await AssociationsRepository.switchedReferralToResaleSince(tx, order.associationId, order.createdAt)
          : false;
        const currentAssociation = !current
          ? 'none'
          : current.partnerId === order.partnerId
            ? 'same_partner'
            : 'other_partner';

        const revenue = await this.ledger.platformAccount(tx, 'platform_revenue');
        // Evaluate first (it reads no balance), then lock the two accounts in id order.
        const d = await this.gate.decide(
          tx,
          ctx,
          REFUND_DESTINATION_CONTRACT,
          {
            modeAtPurchase: order.modeAtPurchase,
            currentAssociation,
            switchedReferralToResale: switched,
            paymentMethod: order.paymentMethod,
          },
          {
            operation: 'order.refund',
            partnerId: order.partnerId ?? order.paidByPartnerId,
            customerId: order.customerId,
            orderId,
            amount: formatAmount(amount),
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
              ownerId: order.customerId,
              kind: order.paymentMethod === 'voucher' ? 'customer_voucher' : 'customer_cash',
            };
            break;
          case 'association_partner_account':
            target = partnerAccount(order.partnerId);
            break;
          case 'paying_partner_account':
            target = partnerAccount(order.paidByPartnerId);
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
        await OrdersRepository.addRefunded(tx, orderId, formatAmount(amount));
        await OrdersRepository.insertRefund(tx, {
          id,
          orderId,
          amount: formatAmount(amount),
          destinationAccountId: destination,
          destination: kind,
          transferId: d.transferId,
          decisionId: d.decisionId,
          createdAt: d.decidedAt,
        });
        return {
          id,
          orderId,
          amount: formatAmount(amount),
          destination: { accountId: destination, ownerType: target.ownerType, ownerId: target.ownerId, kind },
          transferId: d.transferId,
          decision_id: d.decisionId,
        };
      },
    );
  }
}

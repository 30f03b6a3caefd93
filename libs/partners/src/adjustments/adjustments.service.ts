import { Injectable } from '@nestjs/common';
import { LedgerService } from '@pps/ledger';
import Decimal from 'decimal.js';
import { CustomerNotFoundError, PartnerNotFoundError } from '../shared/errors';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { TransactionRunner } from '../shared/transaction-runner';

export interface AdjustmentCommand {
  partnerId: string;
  customerId: string;
  operation: 'allocate' | 'reclaim';
  amount: string;
}

export interface AdjustmentResult {
  id: string;
  transferId: string;
  decision_id: string;
  partnerBalance: string;
  customerBalance: string;
}

/**
 * Account adjustment (调账): allocation moves partner cash to a resale customer's consumption
 * account, reclamation moves it back. One transaction: lock the customer row (an adjustment already
 * holding it means "in progress", CBC.99007461), then the two accounts in id order; build facts
 * from the locked rows; evaluate `account-adjustment`; record; post.
 */
@Injectable()
export class AdjustmentsService {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly gate: PolicyGate,
  ) {}

  adjust(ctx: RequestContext, cmd: AdjustmentCommand): Promise<AdjustmentResult> {
    return this.runner.run(ctx, { operation: 'adjustment', input: cmd }, async (tx) => {
      const [partner] = await tx.execute<Array<{ id: string }>>(`select id from partners where id = ?`, [cmd.partnerId]);
      if (!partner) throw new PartnerNotFoundError(cmd.partnerId);
      // SKIP LOCKED: a customer row held by another adjustment's transaction reads as "in progress".
      const [customer] = await tx.execute<Array<{ id: string }>>(`select id from customers where id = ? for update skip locked`, [cmd.customerId]);
      let inProgress = false;
      if (!customer) {
        const [exists] = await tx.execute<Array<{ id: string }>>(`select id from customers where id = ?`, [cmd.customerId]);
        if (!exists) throw new CustomerNotFoundError(cmd.customerId);
        inProgress = true;
      }
      const [assoc] = await tx.execute<Array<{ partner_id: string; mode: 'referral' | 'resale' }>>(
        `select partner_id, mode from associations where customer_id = ? and ended_at is null`,
        [cmd.customerId],
      );
      const partnerIds = await this.ledger.accountIds(tx, 'partner', cmd.partnerId);
      const customerIds = await this.ledger.accountIds(tx, 'customer', cmd.customerId);
      const partnerCash = partnerIds.get('partner_cash')!;
      const customerCash = customerIds.get('customer_cash')!;
      const locked = await this.ledger.lock(tx, [partnerCash, customerCash]);
      const pc = locked.get(partnerCash)!;
      const cc = locked.get(customerCash)!;

      const d = await this.gate.decide(
        tx,
        ctx,
        'account-adjustment',
        {
          operation: cmd.operation,
          amount: cmd.amount,
          associationMode: assoc?.mode ?? 'none',
          associatedWithPartner: assoc?.partner_id === cmd.partnerId,
          partnerAvailable: pc.balance.minus(pc.floor ?? 0).toFixed(2),
          customerBalance: cc.balance.toFixed(2),
          adjustmentInProgress: inProgress,
        },
        { operation: `adjustment.${cmd.operation}`, partnerId: cmd.partnerId, customerId: cmd.customerId, amount: cmd.amount },
        { movesMoney: true },
      );
      const amount = new Decimal(cmd.amount);
      const toCustomer = cmd.operation === 'allocate' ? amount : amount.negated();
      await this.ledger.post(
        tx,
        {
          id: d.transferId!,
          code: cmd.operation === 'allocate' ? 'allocation' : 'reclamation',
          decisionId: d.decisionId,
          createdAt: d.decidedAt,
          legs: [
            { accountId: partnerCash, amount: toCustomer.negated() },
            { accountId: customerCash, amount: toCustomer },
          ],
        },
        locked,
      );
      return {
        id: d.transferId!, // an adjustment is its transfer
        transferId: d.transferId!,
        decision_id: d.decisionId,
        partnerBalance: pc.balance.toFixed(2),
        customerBalance: cc.balance.toFixed(2),
      };
    });
  }
}

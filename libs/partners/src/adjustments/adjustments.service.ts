import { Injectable } from '@nestjs/common';
import { type AccountRef, LedgerService } from '@pps/ledger';
import { formatAmount, NotFoundError } from '@pps/platform';
import Decimal from 'decimal.js';
import { CUSTOMER, PARTNER } from '../shared/errors';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { TransactionRunner } from '../shared/transaction-runner';
import { ACCOUNT_ADJUSTMENT_CONTRACT, type AccountAdjustmentFacts } from './account-adjustment.contract';
import { AdjustmentsRepository } from './adjustments.repository';

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
 * account, reclamation moves it back. One transaction, four round trips: BEGIN with the
 * Idempotency-Key claim; one read of everything the facts need (the accounts locked in id order);
 * the decision, the transfer, its legs, the balances and the idempotency answer in one statement;
 * COMMIT.
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
      // One round trip for every row the facts need: partner, customer (a row held by another
      // adjustment's transaction reads as "in progress", CBC.99007461, instead of waiting), the live
      // association, the two cash accounts locked in id order, and the reclaimable net.
      const refs: AccountRef[] = [
        { ownerType: 'partner', ownerId: cmd.partnerId, kind: 'partner_cash' },
        { ownerType: 'customer', ownerId: cmd.customerId, kind: 'customer_cash' },
      ];
      const state = await AdjustmentsRepository.read(tx, cmd.partnerId, cmd.customerId, refs, refs[1]);
      if (!state.partnerExists) throw new NotFoundError(PARTNER, cmd.partnerId);
      if (!state.customerExists) throw new NotFoundError(CUSTOMER, cmd.customerId);
      const inProgress = !state.customerLocked;
      const assoc = state.association;
      const {
        ids: [partnerCash, customerCash],
        locked,
      } = LedgerService.lockedByRefs(refs, state.accounts);
      const pc = locked.get(partnerCash)!;
      const cc = locked.get(customerCash)!;

      const facts: AccountAdjustmentFacts = {
        operation: cmd.operation,
        amount: cmd.amount,
        associationMode: assoc?.mode ?? 'none',
        associatedWithPartner: assoc?.partnerId === cmd.partnerId,
        partnerAvailable: formatAmount(pc.balance.minus(pc.floor ?? 0)),
        customerBalance: formatAmount(cc.balance),
        adjustmentInProgress: inProgress,
        // What this partner may take back (its net allocations); versions before 1.1.0 do not read it.
        reclaimableByPartner: formatAmount(
          assoc?.partnerId === cmd.partnerId ? reclaimable(new Decimal(state.net), cc.balance) : 0,
        ),
      };
      const d = await this.gate.decide(
        tx,
        ctx,
        ACCOUNT_ADJUSTMENT_CONTRACT,
        facts,
        {
          operation: `adjustment.${cmd.operation}`,
          partnerId: cmd.partnerId,
          customerId: cmd.customerId,
          amount: cmd.amount,
        },
        { movesMoney: true },
      );
      const amount = new Decimal(cmd.amount);
      const toCustomer = cmd.operation === 'allocate' ? amount : amount.negated();
      await this.ledger.post(
        tx,
        {
          id: d.transferId,
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
        id: d.transferId, // an adjustment is its transfer
        transferId: d.transferId,
        decision_id: d.decisionId,
        partnerBalance: formatAmount(pc.balance),
        customerBalance: formatAmount(cc.balance),
      };
    });
  }
}

/**
 * What the associated partner may reclaim from a customer (the rule chosen for issue 14): over the
 * transfers authorised since the current association began (by decision sequence, not by clock),
 * the partner's allocations minus its reclamations minus everything the customer spent from its
 * account — spending draws on allocated money first, as a resale customer consumes what its partner
 * allocated. Credits the customer got otherwise (refunds to its own account, the balance it had
 * before the association) never count, so the customer's own money is never reachable. Clamped to
 * [0, balance].
 */
function reclaimable(net: Decimal, balance: Decimal): Decimal {
  return Decimal.max(0, Decimal.min(balance, net));
}

import { type Sql } from '@pps/platform';
import { Injectable } from '@nestjs/common';
import { LedgerService } from '@pps/ledger';
import Decimal from 'decimal.js';
import { CustomerNotFoundError, PartnerNotFoundError } from '../shared/errors';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { TransactionRunner } from '../shared/transaction-runner';
import { ACCOUNT_ADJUSTMENT_CONTRACT, type AccountAdjustmentFacts } from './account-adjustment.contract';

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
 * account, reclamation moves it back. One transaction, four statements: read partner, customer
 * (locked; an adjustment already holding it means "in progress", CBC.99007461) and association in
 * one; lock the two accounts in id order; record the decision; post the transfer.
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
      // One round trip for the rows the facts need; SKIP LOCKED: a customer row held by another
      // adjustment's transaction reads as "in progress" (CBC.99007461) instead of waiting.
      const [state] = await tx.query<{
        partner_exists: boolean;
        customer_exists: boolean;
        customer_locked: boolean;
        assoc_partner: string | null;
        assoc_mode: 'referral' | 'resale' | null;
      }>(
        `with c as (select id from customers where id = ? for update skip locked),
              a as (select partner_id, mode from associations where customer_id = ? and ended_at is null)
         select exists (select 1 from partners where id = ?) as partner_exists,
                exists (select 1 from customers where id = ?) as customer_exists,
                exists (select 1 from c) as customer_locked,
                (select partner_id from a) as assoc_partner,
                (select mode from a) as assoc_mode`,
        [cmd.customerId, cmd.customerId, cmd.partnerId, cmd.customerId],
      );
      if (!state.partner_exists) throw new PartnerNotFoundError(cmd.partnerId);
      if (!state.customer_exists) throw new CustomerNotFoundError(cmd.customerId);
      const inProgress = !state.customer_locked;
      const assoc = state.assoc_partner ? { partner_id: state.assoc_partner, mode: state.assoc_mode! } : undefined;
      const {
        ids: [partnerCash, customerCash],
        locked,
      } = await this.ledger.lockOwned(tx, [
        { ownerType: 'partner', ownerId: cmd.partnerId, kind: 'partner_cash' },
        { ownerType: 'customer', ownerId: cmd.customerId, kind: 'customer_cash' },
      ]);
      const pc = locked.get(partnerCash)!;
      const cc = locked.get(customerCash)!;

      const facts: AccountAdjustmentFacts = {
        operation: cmd.operation,
        amount: cmd.amount,
        associationMode: assoc?.mode ?? 'none',
        associatedWithPartner: assoc?.partner_id === cmd.partnerId,
        partnerAvailable: pc.balance.minus(pc.floor ?? 0).toFixed(2),
        customerBalance: cc.balance.toFixed(2),
        adjustmentInProgress: inProgress,
        // What this partner may take back (its net allocations); versions before 1.1.0 do not read it.
        reclaimableByPartner: (assoc?.partner_id === cmd.partnerId
          ? await reclaimableByPartner(tx, cmd.customerId, customerCash, cc.balance)
          : new Decimal(0)
        ).toFixed(2),
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
        partnerBalance: pc.balance.toFixed(2),
        customerBalance: cc.balance.toFixed(2),
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
async function reclaimableByPartner(
  tx: Sql,
  customerId: string,
  customerCash: string,
  balance: Decimal,
): Promise<Decimal> {
  const [row] = await tx.query<{ net: string | null }>(
    `with start as (
       select d.seq from associations a
       join association_events e on e.association_id = a.id and e.kind = 'associate'
       join decisions d on d.id = e.decision_id
       where a.customer_id = ? and a.ended_at is null)
     select coalesce(sum(l.amount), 0)::text as net
     from transfer_legs l
     join transfers t on t.id = l.transfer_id
     join decisions d on d.id = t.decision_id
     where l.account_id = ? and d.seq > (select seq from start)
       and (t.code in ('allocation', 'reclamation') or l.amount < 0)`,
    [customerId, customerCash],
  );
  const net = new Decimal(row?.net ?? 0);
  return Decimal.max(0, Decimal.min(balance, net));
}

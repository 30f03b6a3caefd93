import { Injectable } from '@nestjs/common';
import type { SealedDecision } from '@pps/audit';
import { ACCOUNT_ADJUSTMENT_PARTNER_VISIBLE_FACTS } from '../adjustments/account-adjustment.visibility';
import { ASSOCIATION_PARTNER_VISIBLE_FACTS } from '../associations/association.visibility';
import { AssociationsRepository } from '../associations/associations.repository';
import { DEAL_REGISTRATION_PARTNER_VISIBLE_FACTS } from '../deal-registrations/deal-registration.visibility';
import { INCENTIVE_PAYOUT_PARTNER_VISIBLE_FACTS } from '../incentives/incentive-payout.visibility';
import { PAYMENT_PARTNER_VISIBLE_FACTS } from '../orders/payment.visibility';
import { REFUND_DESTINATION_PARTNER_VISIBLE_FACTS } from '../orders/refund-destination.visibility';
import { VOUCHER_ISSUANCE_PARTNER_VISIBLE_FACTS } from '../vouchers/voucher-issuance.visibility';
import { TransactionRunner } from './transaction-runner';

const REDACTED = '[redacted]';

/** Rule set → the facts a partner may see of a decision about a customer that is not its own. */
const PARTNER_VISIBLE_FACTS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  [
    ACCOUNT_ADJUSTMENT_PARTNER_VISIBLE_FACTS,
    ASSOCIATION_PARTNER_VISIBLE_FACTS,
    DEAL_REGISTRATION_PARTNER_VISIBLE_FACTS,
    INCENTIVE_PAYOUT_PARTNER_VISIBLE_FACTS,
    PAYMENT_PARTNER_VISIBLE_FACTS,
    REFUND_DESTINATION_PARTNER_VISIBLE_FACTS,
    VOUCHER_ISSUANCE_PARTNER_VISIBLE_FACTS,
  ].map((t) => [t.ruleSet, new Set<string>(t.facts)]),
);

export type PartnerDecisionView = SealedDecision & { redactedFacts?: string[] };

/**
 * Field-level visibility of decisions for partner keys (like OPA's decision-log masking, but at
 * read time): a decision about a customer that was not associated with the partner when it was
 * made shows only the rule set's partner-visible facts; every other fact, and each condition's
 * compared values on it, reads `[redacted]`, and `redactedFacts` names them. The stored record and
 * its hash do not change (so a redacted answer does not verify against the chain: auditors verify).
 * A rule set missing from the table shows no facts at all.
 */
@Injectable()
export class DecisionVisibility {
  constructor(private readonly runner: TransactionRunner) {}

  async forPartner(record: SealedDecision, partnerId: string): Promise<PartnerDecisionView> {
    if (!record.customerId || (await this.ownCustomerAt(partnerId, record.customerId, record.decidedAt))) return record;
    const visible = PARTNER_VISIBLE_FACTS.get(record.ruleSet) ?? new Set<string>();
    const hidden = Object.keys(record.facts ?? {}).filter((f) => !visible.has(f));
    if (hidden.length === 0) return record;
    const facts = Object.fromEntries(
      Object.entries(record.facts).map(([k, v]) => [k, visible.has(k) ? v : REDACTED]),
    ) as SealedDecision['facts'];
    type Condition = { fact: string; factValue: unknown; value: unknown; result: unknown };
    const stored = (record.results ?? []) as unknown as Array<{ conditions: Condition[] } & Record<string, unknown>>;
    const results = stored.map((rule) => ({
      ...rule,
      conditions: rule.conditions.map((c) =>
        visible.has(c.fact)
          ? { ...c, value: REDACTED } // a compared value may be another (hidden) fact's
          : { ...c, factValue: REDACTED, value: REDACTED, result: REDACTED },
      ),
    })) as unknown as SealedDecision['results'];
    return { ...record, facts, results, redactedFacts: hidden.sort() };
  }

  /** Whether the customer was associated with the partner at that moment (the association's own decisions included). */
  private async ownCustomerAt(partnerId: string, customerId: string, decidedAt: string): Promise<boolean> {
    return AssociationsRepository.associatedAt(this.runner.reader(), partnerId, customerId, decidedAt);
  }
}

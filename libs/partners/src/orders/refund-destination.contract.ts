import { defineContract, fact, value } from '@pps/rules/files';

/** Where a refund can go (closed: the code has an account for each and for nothing else). */
const REFUND_DESTINATIONS = ['customer_account', 'association_partner_account', 'paying_partner_account'] as const;
export type RefundDestination = (typeof REFUND_DESTINATIONS)[number];

/** What `RefundsService` supplies to and reads from the `refund-destination` rule set. */
export const REFUND_DESTINATION_CONTRACT = defineContract({
  ruleSet: 'refund-destination',
  description: 'Where the money of a refund goes',
  facts: {
    modeAtPurchase: fact.enum(['referral', 'resale', 'none']),
    currentAssociation: fact.enum(['same_partner', 'none', 'other_partner']),
    switchedReferralToResale: fact.boolean(),
    paymentMethod: fact.enum(['online', 'balance', 'voucher', 'partner_paid']),
  },
  value: value.object({ destination: value.enum(REFUND_DESTINATIONS) }),
  reasonCodes: { pattern: '^PPS\\.3\\d{3}$', description: 'PPS.3xxx' },
});

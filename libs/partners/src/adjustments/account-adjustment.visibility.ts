/**
 * Partner-visible facts of the `account-adjustment` rule set (issue 14, field-level visibility of decisions): a
 * partner key reading a decision about a customer that is not its own (no association between them
 * when the decision was made) sees only these facts; the others are redacted in its answers (the
 * stored record and its hash are unchanged). The partner's own request and balance; the customer's mode, balance, reclaimable amount and whether another adjustment is in progress are the customer's.
 */
export const ACCOUNT_ADJUSTMENT_PARTNER_VISIBLE_FACTS = {
  ruleSet: 'account-adjustment',
  facts: ['operation', 'amount', 'associatedWithPartner', 'partnerAvailable'],
} as const;

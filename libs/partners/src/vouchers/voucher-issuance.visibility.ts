/**
 * Partner-visible facts of the `voucher-issuance` rule set (issue 14, field-level visibility of decisions): a
 * partner key reading a decision about a customer that is not its own (no association between them
 * when the decision was made) sees only these facts; the others are redacted in its answers (the
 * stored record and its hash are unchanged). The issuer's own quota and request; the customer's mode is the customer's.
 */
export const VOUCHER_ISSUANCE_PARTNER_VISIBLE_FACTS = {
  ruleSet: 'voucher-issuance',
  facts: [
    'operation',
    'issuerKind',
    'amount',
    'associatedWithIssuer',
    'quotaAvailable',
    'recipientKind',
    'recipientBelongsToIssuer',
  ],
} as const;

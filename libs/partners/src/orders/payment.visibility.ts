/**
 * Partner-visible facts of the `payment` rule set (issue 14, field-level visibility of decisions): a
 * partner key reading a decision about a customer that is not its own (no association between them
 * when the decision was made) sees only these facts; the others are redacted in its answers (the
 * stored record and its hash are unchanged). The payment itself; what the payer could spend (a customer's balance) is the customer's.
 */
export const PAYMENT_PARTNER_VISIBLE_FACTS = {
  ruleSet: 'payment',
  facts: ['operation', 'paymentMethod', 'amount', 'payerAssociatedWithCustomer'],
} as const;

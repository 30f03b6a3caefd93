/**
 * Partner-visible facts of the `refund-destination` rule set (issue 14, field-level visibility of decisions): a
 * partner key reading a decision about a customer that is not its own (no association between them
 * when the decision was made) sees only these facts; the others are redacted in its answers (the
 * stored record and its hash are unchanged). How the order was bought; the customer's current association and mode history are the customer's.
 */
export const REFUND_DESTINATION_PARTNER_VISIBLE_FACTS = {
  ruleSet: 'refund-destination',
  facts: ['modeAtPurchase', 'paymentMethod'],
} as const;

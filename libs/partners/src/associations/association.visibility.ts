/**
 * Partner-visible facts of the `association` rule set (issue 14, field-level visibility of decisions): a
 * partner key reading a decision about a customer that is not its own (no association between them
 * when the decision was made) sees only these facts; the others are redacted in its answers (the
 * stored record and its hash are unchanged). What the partner asked; the customer's flags, current mode, other partners' claims and its mode-change count are the customer's.
 */
export const ASSOCIATION_PARTNER_VISIBLE_FACTS = {
  ruleSet: 'association',
  facts: ['operation', 'requestedMode'],
} as const;

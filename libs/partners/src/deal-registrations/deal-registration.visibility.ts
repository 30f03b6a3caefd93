/**
 * Partner-visible facts of the `deal-registration` rule set (issue 14, field-level visibility of decisions): a
 * partner key reading a decision about a customer that is not its own (no association between them
 * when the decision was made) sees only these facts; the others are redacted in its answers (the
 * stored record and its hash are unchanged). The partner's own registration and invitation; other partners' approvals and the customer's age, spending and associations are not its business.
 */
export const DEAL_REGISTRATION_PARTNER_VISIBLE_FACTS = {
  ruleSet: 'deal-registration',
  facts: [
    'operation',
    'now',
    'registrationStatus',
    'approvedAt',
    'invitationChannel',
    'invitationCreatedAt',
    'invitationUsed',
  ],
} as const;

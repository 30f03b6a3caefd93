/**
 * Partner-visible facts of the `incentive-payout` rule set (issue 14, field-level visibility of decisions): a
 * partner key reading a decision about a customer that is not its own (no association between them
 * when the decision was made) sees only these facts; the others are redacted in its answers (the
 * stored record and its hash are unchanged). All about the partner's own incentive: every fact is visible.
 */
export const INCENTIVE_PAYOUT_PARTNER_VISIBLE_FACTS = {
  ruleSet: 'incentive-payout',
  facts: [
    'mode',
    'generatedAt',
    'now',
    'frozen',
    'partnerExited',
    'partnerExitedAt',
    'requestedMethod',
    'methodAlreadySubmitted',
    'bankAccountHolderMatchesRealName',
  ],
} as const;

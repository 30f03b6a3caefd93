import { defineContract, fact, value } from '@pps/rules/files';

/** The payout methods the code can carry out (closed: a method outside it would have nowhere to go). */
export const PAYOUT_METHODS = [
  'credit_with_owed_invoice',
  'voucher_quota',
  'credit_withdrawable',
  'bank_transfer',
] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

/** What `IncentivesService` supplies to and reads from the `incentive-payout` rule set. */
export const INCENTIVE_PAYOUT_CONTRACT = defineContract({
  ruleSet: 'incentive-payout',
  description: 'Which payout methods an incentive offers, and whether a requested payout may proceed',
  facts: {
    mode: fact.enum(['referral', 'resale']),
    generatedAt: fact.instant(),
    now: fact.instant(),
    frozen: fact.boolean(),
    partnerExited: fact.boolean(),
    partnerExitedAt: fact.instant().orNull(),
    requestedMethod: fact.enum(PAYOUT_METHODS).orNull(),
    methodAlreadySubmitted: fact.boolean(),
    bankAccountHolderMatchesRealName: fact.boolean().orNull(),
  },
  value: value.object({
    methods: value.setOf(value.enum(PAYOUT_METHODS)),
    requiresInvoice: value.recordOf(PAYOUT_METHODS, value.boolean()),
  }),
  reasonCodes: { pattern: '^PPS\\.2\\d{3}$', description: 'PPS.2xxx' },
});

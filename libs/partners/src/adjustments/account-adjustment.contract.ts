import { defineContract, fact, type FactsOf } from '@pps/rules/files';

/** What `AdjustmentsService` supplies to and reads from the `account-adjustment` rule set. */
export const ACCOUNT_ADJUSTMENT_CONTRACT = defineContract({
  ruleSet: 'account-adjustment',
  description: 'Allocation of partner cash to a resale customer, and its reclamation (调账)',
  facts: {
    operation: fact.enum(['allocate', 'reclaim']),
    amount: fact.decimal().describe('The requested amount (a decimal string)'),
    associationMode: fact.enum(['referral', 'resale', 'none']),
    associatedWithPartner: fact.boolean(),
    partnerAvailable: fact.decimal().describe("The partner's cash balance above its floor"),
    customerBalance: fact.decimal(),
    adjustmentInProgress: fact.boolean().describe('Another adjustment holds the customer right now'),
    reclaimableByPartner: fact
      .decimal()
      .describe(
        "What the partner may reclaim: its allocations − its reclamations − the customer's spending since the association began, within [0, balance]",
      ),
  },
  reasonCodes: { pattern: '^(CBC\\.\\d{4,8}|PPS\\.6\\d{3})$', description: 'vendor codes CBC.*, or PPS.6xxx' },
});
export type AccountAdjustmentFacts = FactsOf<typeof ACCOUNT_ADJUSTMENT_CONTRACT>;

import { defineContract, fact } from '@pps/rules/files';

/** What orders, top-ups, incentive accruals and bank-payout decisions supply to the `payment` rule set. */
export const PAYMENT_CONTRACT = defineContract({
  ruleSet: 'payment',
  description: 'Money moving in: top-ups, orders, incentive accruals, bank payout approvals and rejections',
  facts: {
    operation: fact.enum(['top_up', 'order', 'incentive_accrual', 'bank_payout_approval', 'bank_payout_rejection']),
    paymentMethod: fact.enum(['online', 'balance', 'voucher', 'partner_paid']),
    amount: fact.decimal(),
    payerAvailable: fact.decimal(),
    payerAssociatedWithCustomer: fact.boolean(),
  },
  reasonCodes: { pattern: '^(CBC\\.\\d{4,8}|PPS\\.7\\d{3})$', description: 'vendor codes CBC.*, or PPS.7xxx' },
});

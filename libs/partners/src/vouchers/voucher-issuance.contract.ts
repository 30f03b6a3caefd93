import { defineContract, fact } from '@pps/rules/files';

const PARTNER_KINDS = ['solution_provider', 'reseller', 'distributor'] as const;

/** What `VouchersService` supplies to the `voucher-issuance` rule set. */
export const VOUCHER_ISSUANCE_CONTRACT = defineContract({
  ruleSet: 'voucher-issuance',
  description: 'Voucher quota grants, voucher issuance and reclamation',
  facts: {
    operation: fact.enum(['issue', 'grant_quota', 'reclaim']),
    issuerKind: fact.enum(PARTNER_KINDS),
    amount: fact.decimal(),
    customerMode: fact.enum(['referral', 'resale', 'none']).orNull(),
    associatedWithIssuer: fact.boolean().orNull(),
    quotaAvailable: fact.decimal().orNull(),
    recipientKind: fact.enum(PARTNER_KINDS).orNull(),
    recipientBelongsToIssuer: fact.boolean().orNull(),
  },
  reasonCodes: { pattern: '^(CBC\\.\\d{4,8}|PPS\\.4\\d{3})$', description: 'vendor codes CBC.*, or PPS.4xxx' },
});

/**
 * What `PartnersService.grantVoucherQuota` supplies: the platform's grants of voucher quota to a
 * distributor (`platform_grant`, decided from voucher-issuance 1.2.0 on). Kept out of the contract
 * set on purpose, so that versions before 1.2.0 stay valid for what they decide; the use case checks
 * that the version in force knows the operation (else 409 PPS.4015) before evaluating under this.
 */
export const VOUCHER_PLATFORM_GRANT_CONTRACT = defineContract({
  ruleSet: 'voucher-issuance',
  description: "The platform's grants of voucher quota to distributors (voucher-issuance 1.2.0 and later)",
  facts: {
    operation: fact.enum(['platform_grant']),
    issuerKind: fact.enum(['platform']),
    amount: fact.decimal(),
    recipientKind: fact.enum(PARTNER_KINDS),
  },
  reasonCodes: { pattern: '^(CBC\\.\\d{4,8}|PPS\\.4\\d{3})$', description: 'vendor codes CBC.*, or PPS.4xxx' },
});

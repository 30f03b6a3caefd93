import { defineContract, fact, parameter } from '@pps/rules/files';

/** What `DealRegistrationsService` (and the registration check of associations) supplies and reads. */
export const DEAL_REGISTRATION_CONTRACT = defineContract({
  ruleSet: 'deal-registration',
  description: 'Deal registrations: register, approve, invite, accept an invitation',
  facts: {
    operation: fact.enum(['register', 'approve', 'invite', 'accept']),
    now: fact.instant(),
    otherPartnerApprovedAt: fact.instant().orNull(),
    registrationStatus: fact.enum(['pending', 'approved', 'rejected']).orNull(),
    approvedAt: fact.instant().orNull(),
    invitationChannel: fact.enum(['online', 'offline']).orNull(),
    invitationCreatedAt: fact.instant().orNull(),
    invitationUsed: fact.boolean().orNull(),
    customerCreatedAt: fact.instant().orNull(),
    customerHasCashSpending: fact.boolean().orNull(),
    customerMatchesRegistration: fact.boolean().orNull(),
    customerAssociatedWithOtherPartner: fact.boolean().orNull(),
  },
  parameters: {
    registrationValidityDays: parameter.integer('The code stores expiresAt = approvedAt + this many days'),
    onlineInvitationValidityDays: parameter.integer(
      'The code stores an online link expiry = createdAt + this many days',
    ),
  },
  reasonCodes: { pattern: '^PPS\\.5\\d{3}$', description: 'PPS.5xxx' },
});

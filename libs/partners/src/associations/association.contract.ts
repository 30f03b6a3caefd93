import { defineContract, fact, parameter } from '@pps/rules/files';

const MODES = ['referral', 'resale'] as const;

/** What `AssociationsService` supplies to and reads from the `association` rule set. */
export const ASSOCIATION_CONTRACT = defineContract({
  ruleSet: 'association',
  description: 'Associating a customer with a partner, switching its mode, disassociating',
  facts: {
    operation: fact.enum(['associate', 'switch', 'disassociate']),
    requestedMode: fact.enum(MODES).orNull(),
    currentMode: fact.enum(MODES).orNull(),
    internal: fact.boolean(),
    directContract: fact.boolean(),
    liveReservedInstance: fact.boolean(),
    liveSupportPlan: fact.boolean(),
    uninvoicedBalance: fact.boolean(),
    unusedStoredValueCard: fact.boolean(),
    bonusBalance: fact.boolean(),
    frozen: fact.boolean(),
    inArrears: fact.boolean(),
    associatedWithOtherPartner: fact.boolean(),
    coveredByOtherPartnersRegistration: fact.boolean(),
    modeChangesInWindow: fact.integer(),
  },
  parameters: {
    modeChangeWindowMonths: parameter.integer('The window over which the code counts modeChangesInWindow'),
  },
  reasonCodes: { pattern: '^(CBC\\.0100|PPS\\.1\\d{3})$', description: 'CBC.0100, or PPS.1xxx' },
});

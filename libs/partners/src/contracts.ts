import { type AnyContract, ContractSet } from '@pps/rules/files';
import { ACCOUNT_ADJUSTMENT_CONTRACT } from './adjustments/account-adjustment.contract';
import { ASSOCIATION_CONTRACT } from './associations/association.contract';
import { DEAL_REGISTRATION_CONTRACT } from './deal-registrations/deal-registration.contract';
import { INCENTIVE_PAYOUT_CONTRACT } from './incentives/incentive-payout.contract';
import { PAYMENT_CONTRACT } from './orders/payment.contract';
import { REFUND_DESTINATION_CONTRACT } from './orders/refund-destination.contract';
import { VOUCHER_ISSUANCE_CONTRACT } from './vouchers/voucher-issuance.contract';

/** Every rule set the code evaluates, with its contract (each defined beside its use case). */
export const CONTRACTS: readonly AnyContract[] = [
  ACCOUNT_ADJUSTMENT_CONTRACT,
  ASSOCIATION_CONTRACT,
  DEAL_REGISTRATION_CONTRACT,
  INCENTIVE_PAYOUT_CONTRACT,
  PAYMENT_CONTRACT,
  REFUND_DESTINATION_CONTRACT,
  VOUCHER_ISSUANCE_CONTRACT,
];

export const RULE_SET_CONTRACT_SET = new ContractSet(CONTRACTS);

import type Decimal from 'decimal.js';

export type OwnerType = 'platform' | 'partner' | 'customer';

type PartnerAccountKind = 'partner_cash' | 'partner_incentive' | 'partner_voucher_quota' | 'partner_payout_pending';
type CustomerAccountKind = 'customer_cash' | 'customer_voucher';
/** The platform's clearing accounts: where money enters and leaves the ledger. No floor. */
export type PlatformAccountKind =
  | 'platform_funding' // top-ups received
  | 'platform_revenue' // consumption (orders) and refunds of it
  | 'platform_incentive_expense' // incentives accrued to partners
  | 'platform_bank_payout' // incentives paid out by bank transfer
  | 'platform_voucher_issuance'; // voucher quota granted and vouchers issued

export type AccountKind = PartnerAccountKind | CustomerAccountKind | PlatformAccountKind;

/** The platform's owner id: the accounts table keys every account by (owner type, owner id). */
export const PLATFORM_OWNER_ID = '00000000-0000-0000-0000-000000000000';

export interface AccountRef {
  ownerType: OwnerType;
  ownerId: string;
  kind: AccountKind;
  currency?: string;
}

/** An account row as locked inside a transaction. Ids are bigint, carried as strings. */
export interface LockedAccount {
  id: string;
  ownerType: OwnerType;
  ownerId: string;
  kind: AccountKind;
  currency: string;
  balance: Decimal;
  /** The lowest balance allowed; null for the platform's clearing accounts. */
  floor: Decimal | null;
}

interface Leg {
  accountId: string;
  /** Added to the account's balance: positive credits it, negative debits it. */
  amount: Decimal;
}

export interface TransferRequest {
  id: string;
  /** Why the money moves, e.g. `allocation`, `refund`, `top_up`. */
  code: string;
  /** The allow decision that authorised it: every transfer has one (the column is NOT NULL). */
  decisionId: string;
  legs: Leg[];
  createdAt: Date;
  metadata?: Record<string, unknown>;
}

/** A leg as written: the amount with two decimals, in the account's currency. */
export interface PostedLeg {
  accountId: string;
  amount: string;
  currency: string;
}

export interface PostedTransfer {
  id: string;
  code: string;
  decisionId: string;
  legs: PostedLeg[];
  balances: Map<string, Decimal>;
}

/** One owner's account by kind, as a plain read sees it (no lock). */
export interface AccountBalance {
  id: string;
  balance: Decimal;
  floor: Decimal | null;
}

/** A leg of a transfer as auditors and the console read it, with the account it moved. */
interface TransferLegView {
  accountId: string;
  ownerType: OwnerType;
  ownerId: string;
  /** The account's kind (cash, incentive, voucher_quota, revenue …). */
  kind: string;
  /** Signed decimal string: positive credits the account, negative debits it. */
  amount: string;
  currency: string;
}

/** A transfer with its legs, in leg order. */
export interface TransferView {
  id: string;
  code: string;
  /** The allow decision that authorised the transfer (an HTTP body: `decision_id`, as in every answer). */
  decision_id: string;
  /** ISO 8601, UTC, milliseconds. */
  createdAt: string;
  legs: TransferLegView[];
}

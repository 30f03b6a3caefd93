import type { Sql } from '@pps/platform';

/** One leg of a transfer a decision authorised, with the owner of its account. */
export interface TransferLegFact {
  transferId: string;
  /** Signed decimal text: positive credits the account, negative debits it. */
  amount: string;
  currency: string;
  ownerType: 'platform' | 'partner' | 'customer';
  ownerId: string;
}

/** The order behind a refund decision: who the refund could go to. */
export interface RefundOrderFact {
  /** The refund's decision. */
  decisionId: string;
  customerId: string;
  /** The association partner of the order, if any. */
  partnerId: string | null;
  /** The partner that paid for the order, if any. */
  paidByPartnerId: string | null;
}

/**
 * What impact and shadow reports need to price a changed decision, from the tables of the layers
 * above the audit log (the ledger's legs, the partners' orders and refunds). A port: the audit
 * library defines it, the partners library implements it, the service and the CLI wire it.
 */
export interface ImpactMoneySource {
  /** The legs of these transfers, in leg order within each transfer (transfers in id order). */
  transferLegs(db: Sql, transferIds: readonly string[]): Promise<TransferLegFact[]>;
  /** For refund decisions among these ids: the refunded order's customer and partners. */
  refundOrders(db: Sql, decisionIds: readonly string[]): Promise<RefundOrderFact[]>;
}

/** The DI token of the {@link ImpactMoneySource} (provided by the partners library). */
export const IMPACT_MONEY_SOURCE = 'IMPACT_MONEY_SOURCE';

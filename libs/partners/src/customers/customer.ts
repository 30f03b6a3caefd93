const CUSTOMER_FLAGS = [
  'internal',
  'directContract',
  'liveReservedInstance',
  'liveSupportPlan',
  'uninvoicedBalance',
  'unusedStoredValueCard',
  'bonusBalance',
  'frozen',
  'inArrears',
] as const;
type CustomerFlag = (typeof CUSTOMER_FLAGS)[number];
export type CustomerFlags = Record<CustomerFlag, boolean>;

/** Every flag, false unless set. */
export function fullFlags(flags: Partial<CustomerFlags> | undefined): CustomerFlags {
  return Object.fromEntries(CUSTOMER_FLAGS.map((f) => [f, flags?.[f] === true])) as CustomerFlags;
}

/** A customer as the use cases read it. */
export interface Customer {
  id: string;
  name: string;
  /** The company's tax id: how a deal registration's prospect is recognised. */
  taxId: string | null;
  flags: CustomerFlags;
  createdAt: Date;
}

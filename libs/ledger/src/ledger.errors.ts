import { CatalogueError, type ErrorDefinition } from '@pps/platform';

/** The ledger's errors catalogue: every code it answers with, defined once with its kind and both messages. */
const LEDGER_ERROR = {
  /** The vendor's "insufficient balance" (the rule sets deny with it first). */
  exceedsFloor: {
    code: 'CBC.5003',
    kind: 'policy_denied',
    messages: {
      zh: '余额不足',
      en: 'Insufficient balance: account {accountId} ({kind}) would go to {balance}, below its floor {floor}',
    },
  },
  /** Was PPS.1001 until #18, which the association rule set also uses (internal customer). */
  balanceOutOfRange: {
    code: 'PPS.0041',
    kind: 'conflict',
    messages: {
      zh: '账户 {accountId}（{kind}）的余额将超出可记录的范围',
      en: 'The balance of account {accountId} ({kind}) would leave the range the ledger records (below 10^18 in absolute value)',
    },
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Every code the ledger defines (the error-catalogue test enumerates these lists). */
export const LEDGER_ERRORS: readonly ErrorDefinition[] = Object.values(LEDGER_ERROR);

/**
 * A posting that would take an account below its floor. Policy should have refused the operation
 * first (CBC.5003); this is the ledger's own last line, so it shares the vendor's code.
 */
export class ExceedsFloorError extends CatalogueError {
  constructor(accountId: string, kind: string, balance: string, floor: string) {
    super(LEDGER_ERROR.exceedsFloor, {
      params: { accountId, kind, balance, floor },
      details: { accountId, kind, balance, floor },
    });
  }
}

/** A transfer that breaks double entry: a bug in the caller, never a client error. */
export class UnbalancedTransferError extends Error {
  constructor(message: string) {
    super(`Unbalanced transfer: ${message}`);
    this.name = 'UnbalancedTransferError';
  }
}

/**
 * A posting that would take a balance out of what the ledger stores (NUMERIC(20,2): |balance| <
 * 10^18). Without this check PostgreSQL refuses the row with "numeric field overflow" and the
 * client would see a 500 for a request it made; here it is a 409 that names the account.
 */
export class BalanceOutOfRangeError extends CatalogueError {
  constructor(accountId: string, kind: string) {
    super(LEDGER_ERROR.balanceOutOfRange, { params: { accountId, kind }, details: { accountId, kind } });
  }
}

/** A transfer that names no authorising decision: a bug in the caller (every transfer is gated). */
export class TransferWithoutDecisionError extends Error {
  constructor(transferId: string) {
    super(`Transfer ${transferId} names no decision: every transfer is authorised by an allow decision`);
    this.name = 'TransferWithoutDecisionError';
  }
}

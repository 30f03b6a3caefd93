import { DomainError } from '@pps/platform';

/**
 * A posting that would take an account below its floor. Policy should have refused the operation
 * first (CBC.5003); this is the ledger's own last line, so it shares the vendor's code.
 */
export class ExceedsFloorError extends DomainError {
  constructor(accountId: string, kind: string, balance: string, floor: string) {
    super(
      'policy_denied',
      'CBC.5003',
      { zh: '余额不足', en: `Insufficient balance: account ${accountId} (${kind}) would go to ${balance}, below its floor ${floor}` },
      { accountId, kind, balance, floor },
    );
  }
}

/** A transfer that breaks double entry: a bug in the caller, never a client error. */
export class UnbalancedTransferError extends Error {
  constructor(message: string) {
    super(`Unbalanced transfer: ${message}`);
    this.name = 'UnbalancedTransferError';
  }
}

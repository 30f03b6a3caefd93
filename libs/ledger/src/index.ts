/**
 * The double-entry ledger (its tables: accounts, transfers, transfer_legs). Imported through this
 * file only.
 */
export type { AccountKind, AccountRef, OwnerType, TransferRequest } from './ledger.types';
export {
  ExceedsFloorError,
  LEDGER_ERRORS,
  TransferWithoutDecisionError,
  UnbalancedTransferError,
} from './ledger.errors';
export { LedgerService } from './ledger.service';
export { lockOwnedSql } from './accounts.repository';
export { TransfersQueryService } from './transfers-query.service';
export { legsOfAccountSql, TransfersRepository } from './transfers.repository';
export { LedgerModule } from './ledger.module';
export { LEDGER_MIGRATIONS } from './migrations';

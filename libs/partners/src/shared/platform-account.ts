import { type AccountKind, type LedgerService, PLATFORM_OWNER_ID } from '@pps/ledger';
import type { Sql } from '@pps/platform';

/**
 * The platform's account of a kind (revenue, funding, incentive expense, …), opened on first use,
 * without a floor. One copy for every use case; to be replaced by `LedgerService.platformAccount`.
 */
export function platformAccount(sql: Sql, ledger: LedgerService, kind: AccountKind): Promise<string> {
  return ledger.openAccount(sql, { ownerType: 'platform', ownerId: PLATFORM_OWNER_ID, kind }, null);
}

import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261203000100TransferDecisionRequired } from './Migration20261203000100TransferDecisionRequired';

/**
 * The ledger's migrations (its tables: accounts, transfers, transfer_legs), in order, applied after
 * the platform's `MIGRATIONS` (which created those tables). Listed, not globbed, like the platform's.
 */
export const LEDGER_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261203000100TransferDecisionRequired', class: Migration20261203000100TransferDecisionRequired },
];

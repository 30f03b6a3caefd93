import type { MigrationObject } from '@mikro-orm/core';
import { LEDGER_MIGRATIONS } from '@pps/ledger';
import { MIGRATIONS } from '@pps/platform';

/**
 * Every migration of the schema, in the order they apply: the platform's (which created every
 * table so far), then each library's own over its tables. The platform imports no other library,
 * so the list is assembled here, where the app is composed.
 */
export const SCHEMA_MIGRATIONS: MigrationObject[] = [...MIGRATIONS, ...LEDGER_MIGRATIONS];

import type { MigrationObject } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { ormConfig } from './orm.config';

const MIGRATION_LOCK_KEY = 7_241_003; // fixed and arbitrary: "policy service migrations"

/**
 * Applies every committed migration that the database lacks, in one transaction, while holding an
 * advisory lock on a connection of its own, so that processes starting together on one database
 * take turns. Returns the names applied (empty when the schema is current).
 */
async function migrate(orm: MikroORM): Promise<string[]> {
  const lock = new Client({ connectionString: orm.config.get('clientUrl') });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await lock.end(); // ends the session, which releases the lock
  }
}

/**
 * Opens a short-lived ORM on `url`, applies `migrations` (default: the platform's; see
 * `OrmSettings.migrations`), closes. Used by the service, the CLI and the test setup.
 */
export async function migrateUrl(url: string, migrations?: MigrationObject[]): Promise<string[]> {
  const orm = await MikroORM.init(ormConfig({ url, poolSize: 1, migrations }));
  try {
    return await migrate(orm);
  } finally {
    await orm.close(true);
  }
}

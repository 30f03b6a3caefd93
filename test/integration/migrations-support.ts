import { migrateUrl as migrateUrlWith } from '@pps/platform';
import { Client } from 'pg';
import { SCHEMA_MIGRATIONS } from '../../apps/policy-service/src/schema-migrations';
import { createTestDatabase, dropTestDatabase } from '../support/database';

/** Applies every migration of the schema (the platform's, then the libs'), as the service does. */
export function migrateUrl(url: string): Promise<string[]> {
  return migrateUrlWith(url, SCHEMA_MIGRATIONS);
}

/** Runs `fn` against a new empty database, dropped afterwards. */
export async function withEmptyDatabase(
  fn: (url: string, listTables: () => Promise<string[]>, countApplied: () => Promise<number>) => Promise<void>,
): Promise<void> {
  const db = await createTestDatabase({ empty: true });
  const query = async <T>(sql: string): Promise<T[]> => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(sql)).rows as T[];
    } finally {
      await c.end();
    }
  };
  try {
    await fn(
      db.url,
      async () =>
        (await query<{ t: string }>(`select tablename as t from pg_tables where schemaname = 'public'`)).map(
          (r) => r.t,
        ),
      async () => Number((await query<{ n: string }>('select count(*) as n from schema_migrations'))[0].n),
    );
  } finally {
    await dropTestDatabase(db.name);
  }
}

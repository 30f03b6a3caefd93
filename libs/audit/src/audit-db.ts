import { clientSql, type PgQueryable, type Sql } from '@pps/platform';

/** The SQL surface the audit code runs on: the platform's `Sql` (the pool, a transaction, or one bare `pg` client via {@link pgAuditDb}). */
export type AuditDb = Sql;

export type { PgQueryable };

/** An AuditDb over one `pg` client (the CLI, the benchmark). */
export function pgAuditDb(client: PgQueryable): AuditDb {
  return clientSql(client);
}

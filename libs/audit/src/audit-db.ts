import { type Sql } from '@pps/platform';

/** The SQL surface the audit code runs on: the platform's `Sql` (the pool, a transaction, or one bare `pg` client via {@link pgAuditDb}). */
export type AuditDb = Sql;

/** A PostgreSQL array literal of simple tokens (uuids, integers): `{a,b,c}`. */
export function pgArray(values: readonly string[]): string {
  for (const value of values) if (!/^[0-9A-Za-z-]+$/.test(value)) throw new Error(`pgArray: unsafe element ${value}`);
  return `{${values.join(',')}}`;
}

/** The part of `pg.Client` this needs (kept structural so that libs/audit does not import `pg`). */
export interface PgQueryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** `?` → `$1, $2 …` (the audit SQL never has a `?` inside a literal or a jsonb operator). */
function toDollarParams(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** An AuditDb over one `pg` client (the CLI, the benchmark). */
export function pgAuditDb(client: PgQueryable): AuditDb {
  const query = async <T>(sql: string, params: unknown[] = []) =>
    (await client.query(toDollarParams(sql), params)).rows as T[];
  const db: AuditDb = {
    query,
    transaction: async <T>(fn: (inner: AuditDb) => Promise<T>) => {
      await client.query('begin');
      try {
        const result = await fn({ query, transaction: (f) => f(db) });
        await client.query('commit');
        return result;
      } catch (e) {
        await client.query('rollback');
        throw e;
      }
    },
  };
  return db;
}

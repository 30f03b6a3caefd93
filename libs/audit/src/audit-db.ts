import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The little SQL surface the audit code needs, so that the same functions run in the service (on
 * MikroORM's connection) and in the CLI and the benchmark (on a bare `pg` client). SQL is written
 * with `?` placeholders; arrays are passed as one PostgreSQL array literal (see {@link pgArray})
 * and cast in the SQL (`= any(?::uuid[])`), which works the same through knex and through `pg`.
 */
export interface AuditDb {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction (READ COMMITTED) and commits, or rolls back on a throw. */
  transaction<T>(fn: (db: AuditDb) => Promise<T>): Promise<T>;
}

/** A PostgreSQL array literal of simple tokens (uuids, integers): `{a,b,c}`. */
export function pgArray(values: readonly string[]): string {
  for (const value of values) if (!/^[0-9A-Za-z-]+$/.test(value)) throw new Error(`pgArray: unsafe element ${value}`);
  return `{${values.join(',')}}`;
}

/** An AuditDb over a MikroORM entity manager (a fork is taken for every call outside a transaction). */
export function mikroAuditDb(em: EntityManager): AuditDb {
  return {
    query: <T>(sql: string, params: unknown[] = []) => em.fork().execute<T[]>(sql, params),
    transaction: <T>(fn: (db: AuditDb) => Promise<T>) => em.fork().transactional((tx) => fn(transactionAuditDb(tx))),
  };
}

/** An AuditDb inside a MikroORM transaction (every query on `tx`). */
export function transactionAuditDb(tx: EntityManager): AuditDb {
  return {
    query: <T>(sql: string, params: unknown[] = []) => tx.execute<T[]>(sql, params),
    transaction: <T>(fn: (db: AuditDb) => Promise<T>) => fn(transactionAuditDb(tx)),
  };
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

import type { Sql, Write } from '../database/sql';

/**
 * The `idempotency_keys` table: one row per (scope, key), claimed by the transaction that does the
 * work, answered in that same transaction. A concurrent claim of the same key waits on the row
 * lock until the first commits, then finds the stored answer.
 */
export const idempotencyKeys = {
  /** True when this transaction claimed the key; false when it was claimed before (read {@link stored}). */
  async claim(sql: Sql, scope: string, key: string, requestHash: string): Promise<boolean> {
    const rows = await sql.query(
      `insert into idempotency_keys (scope, key, request_hash) values (?, ?, ?) on conflict do nothing returning key`,
      [scope, key, requestHash],
    );
    return rows.length > 0;
  },

  /**
   * The claim as a statement to send with BEGIN (see `Database.transaction`'s `first`): its values
   * written in as literals. Returns a row when this transaction claimed the key; when the key was
   * claimed before, none — after waiting for that claim's transaction to end.
   */
  claimStatement(literal: (v: string) => string, scope: string, key: string, requestHash: string): string {
    return `insert into idempotency_keys (scope, key, request_hash) values (${literal(scope)}, ${literal(key)}, ${literal(requestHash)})
            on conflict do nothing returning key`;
  },

  /** The request hash and answer stored for a claimed key. */
  async stored<T>(sql: Sql, scope: string, key: string): Promise<{ requestHash: string; response: T }> {
    const [row] = await sql.query<{ request_hash: string; response: T }>(
      `select request_hash, response from idempotency_keys where scope = ? and key = ?`,
      [scope, key],
    );
    return { requestHash: row.request_hash, response: row.response };
  },

  /** The answer to a claimed key, as a write held with the use case's last writes (see `write`). */
  answerWrite(scope: string, key: string, response: unknown, statusCode: number): Write {
    return {
      text: `update idempotency_keys set response = ?::jsonb, status_code = ? where scope = ? and key = ?`,
      values: [JSON.stringify(response), statusCode, scope, key],
    };
  },

  /** Stores the first answer to a claimed key (JSON) with the HTTP status it was given. */
  async answer(sql: Sql, scope: string, key: string, response: unknown, statusCode: number): Promise<void> {
    const w = idempotencyKeys.answerWrite(scope, key, response, statusCode);
    await sql.query(w.text, w.values);
  },
};

import { createHash } from 'node:crypto';
import { IdempotencyConflictError, InvalidIdempotencyKeyError } from '../errors/platform.errors';
import type { Sql } from '../database/sql';
import { idempotencyKeys } from './idempotency.repository';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** Keys sorted, so that two bodies with the same members in another order are the same request. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `Idempotency-Key` for the POSTs that live outside the ledger use cases (API keys, rule
 * activations): the same table and rules as the ledger's TransactionRunner — the key is claimed in
 * the transaction that does the work, a retry with the same request gets the stored answer, the
 * same key with another request is 409 CBC.99007009, and an error stores nothing (a retry runs
 * again). `stored` says what to keep of the answer (an issued API key's secret is never stored).
 */
export async function runIdempotent<T>(
  em: Sql,
  options: { scope: string; key: string | undefined; request: unknown; stored?: (answer: T) => T },
  body: (tx: Sql) => Promise<T>,
): Promise<{ answer: T; replayed: boolean }> {
  const { scope, key } = options;
  if (key === undefined) return { answer: await em.transaction((tx) => body(tx)), replayed: false };
  if (!KEY_PATTERN.test(key)) {
    throw new InvalidIdempotencyKeyError();
  }
  const requestHash = createHash('sha256').update(stableJson(options.request)).digest('hex');
  return em.transaction(async (tx) => {
    if (!(await idempotencyKeys.claim(tx, scope, key, requestHash))) {
      const stored = await idempotencyKeys.stored<{ ok: true; body: T }>(tx, scope, key);
      if (stored.requestHash !== requestHash) {
        throw new IdempotencyConflictError(key);
      }
      return { answer: stored.response.body, replayed: true };
    }
    const answer = await body(tx);
    const keep = options.stored ? options.stored(answer) : answer;
    await idempotencyKeys.answer(tx, scope, key, { ok: true, body: keep }, 200);
    return { answer, replayed: false };
  });
}

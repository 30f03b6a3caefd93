import { Client } from 'pg';
import type { TestApp } from '../../support/test-app';
import type { Json } from '../../support/json';

/** Runs SQL on the test app's database on a connection of its own (as the database owner). */
export async function sql<T = Record<string, Json>>(t: TestApp, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: t.databaseUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Polls `GET /v1/decisions/verify` until nothing is pending (or the deadline passes). */
export async function verifiedChain(t: TestApp, key?: string, deadlineMs = 5000) {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const res = await t.request('GET', '/v1/decisions/verify', { key });
    if (res.status !== 200) throw new Error(`verify → ${res.status} ${res.text}`);
    if (res.body.pending === 0 || Date.now() > until)
      return res.body as { ok: boolean; checked: number; pending: number; firstBrokenId?: string };
    await new Promise((r) => setTimeout(r, 100));
  }
}

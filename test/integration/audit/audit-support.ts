import { Client } from 'pg';
import type { TestApp } from '../../support/test-app';
import type { Json } from '../../support/json';

/** The account-adjustment rule file's example facts: a recorded check that is allowed. */
export const CHECK_FACTS = {
  operation: 'allocate',
  amount: '100.00',
  associationMode: 'resale',
  associatedWithPartner: true,
  partnerAvailable: '1000.00',
  customerBalance: '300.00',
  adjustmentInProgress: false,
};

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

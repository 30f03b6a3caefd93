import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { bumped, highestShipped } from '../support/rule-files';
import { type ServiceProcess, spawnService, stopService, waitHealthy } from '../support/service-process';
import type { Json } from '../support/json';

/**
 * Two service processes on one PostgreSQL: an activation through either reaches the other within
 * a second (LISTEN/NOTIFY), and so does a rollback.
 */
describe('every instance switches together', () => {
  const adminKey = `pps_e2e_${randomBytes(16).toString('hex')}`;
  const dirs: string[] = [];
  let db: { name: string; url: string };
  let a: ServiceProcess;
  let b: ServiceProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = (n: string) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), `pps-two-${n}-`));
      dirs.push(dir);
      return { DATABASE_URL: db.url, ADMIN_API_KEY: adminKey, DATA_DIR: dir, LOG_LEVEL: 'warn' };
    };
    a = await spawnService(env('a'));
    await waitHealthy(a);
    b = await spawnService(env('b'));
    await waitHealthy(b);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a && stopService(a), b && stopService(b)]);
    await dropTestDatabase(db.name);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const call = async (svc: ServiceProcess, method: string, url: string, body?: unknown) => {
    const res = await fetch(`${svc.baseUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const facts = {
    operation: 'reclaim',
    amount: '1.00',
    associationMode: 'resale',
    associatedWithPartner: true,
    partnerAvailable: '0.00',
    customerBalance: '5.00',
    adjustmentInProgress: false,
  };
  const decisionHash = async (svc: ServiceProcess) =>
    (await call(svc, 'POST', '/v1/rule-sets/account-adjustment/evaluate', { facts })).body.contentHash as string;

  /** Polls `svc` until its decisions carry `hash`; returns how long that took. */
  async function followTime(svc: ServiceProcess, hash: string, limitMs = 3000): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < limitMs) {
      if ((await decisionHash(svc)) === hash) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no switch to ${hash} within ${limitMs} ms`);
  }

  it('activate through A: B records the new version within 1 s; roll back through B: A follows', async () => {
    const original = await decisionHash(b);
    const published = await call(
      a,
      'POST',
      '/v1/rule-sets/account-adjustment/versions',
      bumped('account-adjustment', '2.0.0'),
    );
    expect(published.status).toBe(201);
    const activated = await call(a, 'POST', '/v1/rule-sets/account-adjustment/activate', {
      version: '2.0.0',
      reason: 'two-process test',
    });
    expect(activated.status).toBe(200);
    expect(await decisionHash(a)).toBe(published.body.contentHash);
    expect(await followTime(b, published.body.contentHash)).toBeLessThan(1000);

    const rolled = await call(b, 'POST', '/v1/rule-sets/account-adjustment/rollback', { reason: 'back' });
    expect(rolled.body.version).toBe(highestShipped('account-adjustment')); // what a fresh start activated
    expect(await followTime(a, original)).toBeLessThan(1000);
  }, 30_000);
});

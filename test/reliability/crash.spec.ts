import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { checkLedgerInvariants, NO_VIOLATIONS } from '../support/ledger-invariants';
import { type ServiceProcess, spawnService, stopService, waitHealthy } from '../support/service-process';
import {
  BankWorkload,
  isEnvelope,
  type Op,
  type OpRecord,
  runClients,
  sleep,
  type Transport,
  transferIds,
  transferOf,
  transfersWithoutExactlyOneAllow,
  waitForBankPayouts,
} from './reliability-support';

const CRASHES = 3;
const CLIENTS = 6;

/**
 * The crash test: the built service runs as a child process on a database of its own (so that
 * PostgreSQL outlives it) under random money operations with idempotency keys, and is killed with
 * SIGKILL at a random moment, three times, restarted each time. Afterwards the invariants hold, every
 * acknowledged (2xx) mutation is in the ledger, retrying any request with its key returns the first
 * answer (same ids), and requests cut off by a crash converge when retried with their keys.
 */
describe('crash test: kill -9 under load, restart, retry with the same keys', () => {
  const adminKey = `pps_crash_admin_${randomBytes(16).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pps-crash-'));
  let db: { name: string; url: string };
  let service: ServiceProcess | undefined;

  const start = async () => {
    service = await spawnService({
      DATABASE_URL: db.url,
      ADMIN_API_KEY: adminKey,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      DB_POOL_SIZE: '8',
      BANK_RETRY_DELAY_MS: '200',
    });
    await waitHealthy(service);
    return service;
  };
  const send: Transport = async (method, url, body, headers = {}) => {
    const res = await fetch(`${service!.baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${adminKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (res.status < 300) acks++;
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  /** 2xx answers so far: each crash waits for some, so that every cycle has acknowledged work to lose. */
  let acks = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    if (service) await stopService(service);
    await dropTestDatabase(db.name);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged mutation and answers retries with the original answers', async () => {
    await start();
    const workload = new BankWorkload(send);
    await workload.setUp();
    const before = await transferIds(db.url);

    const acknowledged: OpRecord[] = [];
    const cutOff: Array<{ op: Op; key: string }> = [];
    for (let crash = 0; crash < CRASHES; crash++) {
      let stop = false;
      const load = runClients(workload, send, CLIENTS, () => stop, {
        onError: (op, _e, key) => cutOff.push({ op, key }),
      });
      // Kill at a random moment once this cycle has some acknowledged mutations (a shared, busy machine
      // may be slow), within 15 s.
      const target = acks + 8;
      const until = Date.now() + 15_000;
      while (acks < target && Date.now() < until) await sleep(50);
      await sleep(Math.random() * 700);
      service!.child.kill('SIGKILL');
      await service!.exited;
      stop = true;
      acknowledged.push(...(await load));
      await start();
    }

    expect(acknowledged.filter((r) => r.status >= 200 && r.status < 300).length).toBeGreaterThan(20);
    expect(cutOff.length).toBeGreaterThan(0); // the kills did land mid-request
    expect(acknowledged.filter((r) => r.status >= 500)).toEqual([]);
    expect(acknowledged.filter((r) => r.status >= 400 && !isEnvelope(r.body))).toEqual([]);

    // Every committed answer — a success, or a policy denial (422, its decision record committed) — comes back
    // unchanged when retried with its key after the restarts. Other refusals (400, 404, 409) roll back and store
    // nothing, so their retry is evaluated afresh.
    for (const r of acknowledged.filter((a) => a.status < 300 || a.status === 422)) {
      const again = await send(r.op.method, r.op.url, r.op.body, { 'idempotency-key': r.idempotencyKey! });
      expect({ key: r.idempotencyKey, status: again.status, body: again.body }).toEqual({
        key: r.idempotencyKey,
        status: r.status,
        body: r.body,
      });
    }
    // A request cut off by a crash either never committed or did; its retry settles which, once.
    const settled: OpRecord[] = [];
    for (const c of cutOff) {
      const first = await send(c.op.method, c.op.url, c.op.body, { 'idempotency-key': c.key });
      const second = await send(c.op.method, c.op.url, c.op.body, { 'idempotency-key': c.key });
      expect(first.status).toBeLessThan(500);
      expect(second).toEqual(first);
      settled.push({ op: c.op, status: first.status, body: first.body, idempotencyKey: c.key });
    }

    // Acknowledged and settled answers together name every transfer made during the run, once each.
    const reported = [...acknowledged, ...settled]
      .filter((r) => r.status >= 200 && r.status < 300)
      .map((r) => transferOf(r.op, r.body));
    expect(reported.filter((id) => id === undefined)).toEqual([]);
    await waitForBankPayouts(db.url); // approvals cut off mid-send are retried by the restarted service
    const after = await transferIds(db.url);
    const created = [...after].filter((id) => !before.has(id)).sort();
    expect([...(reported as string[])].sort()).toEqual(created);

    expect(await transfersWithoutExactlyOneAllow(db.url)).toEqual([]);
    expect(await checkLedgerInvariants(db.url)).toEqual(NO_VIOLATIONS);
  }, 120_000);
});

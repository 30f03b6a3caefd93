import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { checkLedgerInvariants, NO_VIOLATIONS } from '../support/ledger-invariants';
import { type ServiceProcess, spawnService, stopService, waitHealthy } from '../support/service-process';
import { sleep, withClient } from './reliability-support';

const HOLDER = '杭州某某科技有限公司';
const ACCOUNT = { holderName: HOLDER, number: '6222000011112223' };

/**
 * Issue 17: a kill -9 between our commit and the bank's answer. The built service approves a
 * bank-transfer payout (committed `sending`), the simulated bank pays it and never answers
 * (`BANK_SIMULATOR_SCRIPT=hang-after-settle`), and the service is killed. Restarted, it finds the
 * payout still `sending`, sends it again with the same bank reference, the bank answers settled
 * (that reference is paid already) and the payout is `paid`: one payment at the bank, one
 * settlement transfer in the ledger. The same for a kill before the bank was reached at all.
 */
describe('bank gateway: kill -9 between approval and the bank’s answer', () => {
  const adminKey = `pps_bank_crash_${randomBytes(16).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pps-bank-crash-'));
  let db: { name: string; url: string };
  let service: ServiceProcess | undefined;
  /** Every process started here: afterAll stops those still running, so none outlives the file. */
  const started: ServiceProcess[] = [];

  const start = async (env: Record<string, string> = {}) => {
    service = await spawnService({
      DATABASE_URL: db.url,
      ADMIN_API_KEY: adminKey,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      DB_POOL_SIZE: '4',
      BANK_RETRY_DELAY_MS: '300',
      ...env,
    });
    started.push(service);
    await waitHealthy(service);
  };
  const kill = async () => {
    service!.child.kill('SIGKILL');
    await service!.exited;
    service = undefined;
  };
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${service!.baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${adminKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const ok = async (method: string, url: string, body?: unknown) => {
    const res = await call(method, url, body);
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const query = <T>(text: string, params: unknown[] = []) =>
    withClient(db.url, async (c) => (await c.query(text, params)).rows as T[]);

  async function approvedPayout() {
    const partner = await ok('POST', '/v1/partners', {
      name: 'Crash partner',
      kind: 'reseller',
      realName: HOLDER,
      bankAccount: ACCOUNT,
    });
    const inc = await ok('POST', '/v1/incentives', {
      partnerId: partner.id,
      amount: '100.00',
      mode: 'referral',
      generatedAt: '2024-03-01T00:00:00+08:00',
    });
    const req = await ok('POST', `/v1/incentives/${inc.id}/payouts`, { method: 'bank_transfer', bankAccount: ACCOUNT });
    const approved = await ok('POST', `/v1/payouts/${req.id}/approve`);
    expect(approved).toMatchObject({ status: 'sending', bank: { reference: expect.any(String) } });
    return {
      partnerId: partner.id as string,
      payoutId: req.id as string,
      reference: approved.bank.reference as string,
    };
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  const bankPayments = async (reference: string) =>
    (
      await query<{ n: number }>(`select count(*)::int as n from simulated_bank_payments where reference = $1`, [
        reference,
      ])
    )[0].n;
  const settlements = async (payoutId: string) =>
    (
      await query<{ n: number }>(
        `select count(*)::int as n from transfers where code = 'bank_payout' and metadata->>'payoutId' = $1`,
        [payoutId],
      )
    )[0].n;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const s of started) if (s.child.exitCode === null && s.child.signalCode === null) await stopService(s);
    await dropTestDatabase(db.name);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the bank paid, the service died before hearing it: after the restart the same reference is retried and the payout is paid once', async () => {
    await start({ BANK_SIMULATOR_SCRIPT: 'hang-after-settle' });
    const { partnerId, payoutId, reference } = await approvedPayout();
    await until('the bank to pay', async () => ((await bankPayments(reference)) === 1 ? true : undefined));
    await sleep(100);
    await kill();

    const [stuck] = await query<{ status: string; bank_attempts: number }>(
      `select status, bank_attempts from payouts where id = $1`,
      [payoutId],
    );
    expect(stuck).toEqual({ status: 'sending', bank_attempts: 1 });
    expect(await settlements(payoutId)).toBe(0);

    await start(); // the simulated bank settles by default now
    const paid = await until('the payout to be paid', async () => {
      const p = await ok('GET', `/v1/payouts/${payoutId}`);
      return p.status === 'paid' ? p : undefined;
    });
    expect(paid.bank.reference).toBe(reference);
    expect(paid.bank.attempts).toBeGreaterThanOrEqual(2);
    expect(await bankPayments(reference)).toBe(1);
    expect(await settlements(payoutId)).toBe(1);
    expect((await ok('GET', `/v1/partners/${partnerId}`)).balances).toMatchObject({
      incentive: '0.00',
      payoutPending: '0.00',
    });
    expect(await checkLedgerInvariants(db.url)).toEqual(NO_VIOLATIONS);
    await stopService(service!);
    service = undefined;
  }, 90_000);

  it('a retryable failure, then the bank pays and the service dies; the next process finds the reference paid: paid once, one reference', async () => {
    await start({ BANK_SIMULATOR_SCRIPT: 'CBC.99007262,hang-after-settle' });
    const { payoutId, reference } = await approvedPayout();
    await until('the bank to pay', async () => ((await bankPayments(reference)) === 1 ? true : undefined));
    await kill();
    await start({ BANK_SIMULATOR_SCRIPT: 'hang-after-settle' }); // pays nothing new: the reference is paid
    await until('a retry after the restart', async () => {
      const [row] = await query<{ bank_attempts: number }>(`select bank_attempts from payouts where id = $1`, [
        payoutId,
      ]);
      return row.bank_attempts >= 3 ? true : undefined;
    });
    // The simulated bank answered "settled" at once for the paid reference: the second process records it.
    const paid = await until('the payout to be paid', async () => {
      const p = await ok('GET', `/v1/payouts/${payoutId}`);
      return p.status === 'paid' ? p : undefined;
    });
    expect(paid.bank).toMatchObject({ reference, lastCode: 'CBC.99007262' });
    await kill();
    await start();
    expect(await bankPayments(reference)).toBe(1);
    expect(await settlements(payoutId)).toBe(1);
    expect((await ok('GET', `/v1/payouts/${payoutId}`)).status).toBe('paid');
    expect(await checkLedgerInvariants(db.url)).toEqual(NO_VIOLATIONS);
  }, 90_000);

  it('two processes on one database: the bank hangs for one, its lease expires, the other resends the same reference — paid once; both stop cleanly', async () => {
    await start({ BANK_SIMULATOR_SCRIPT: 'hang-after-settle', BANK_RETRY_DELAY_MS: '200' });
    const first = service!;
    const { payoutId, reference } = await approvedPayout(); // the first process sends it and hangs
    await until('the bank to pay', async () => ((await bankPayments(reference)) === 1 ? true : undefined));
    service = undefined;
    await start({ BANK_RETRY_DELAY_MS: '200' });
    const second = service!;
    const paid = await until('the payout to be paid', async () => {
      const p = await ok('GET', `/v1/payouts/${payoutId}`);
      return p.status === 'paid' ? p : undefined;
    });
    expect(paid.bank).toMatchObject({ reference, attempts: 2 });
    expect(await bankPayments(reference)).toBe(1);
    expect(await settlements(payoutId)).toBe(1);
    // The hung process shuts down on SIGTERM (its bank call gives up, the answer recorded elsewhere stays).
    expect(await stopService(first)).toBeLessThan(10_000);
    expect([0, 143]).toContain(first.child.exitCode); // 143: ended by its SIGTERM handler, after a clean stop
    service = second;
    expect((await ok('GET', `/v1/payouts/${payoutId}`)).status).toBe('paid');
    expect(await settlements(payoutId)).toBe(1);
    expect(await checkLedgerInvariants(db.url)).toEqual(NO_VIOLATIONS);
  }, 90_000);
});

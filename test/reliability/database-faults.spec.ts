import { checkLedgerInvariants, NO_VIOLATIONS } from '../support/ledger-invariants';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  BankWorkload,
  isEnvelope,
  type OpRecord,
  runClients,
  sleep,
  type Transport,
  transferIds,
  transferOf,
  transfersWithoutExactlyOneAllow,
  waitForBankPayouts,
  withClient,
} from './reliability-support';

const CLIENTS = 6;
const FAULTS = 4;
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Database faults: while clients run random money operations, every server connection of the
 * service's database is ended with pg_terminate_backend, four times. Each request then either
 * succeeds or fails cleanly — a 5xx in the error envelope within the time limit, never a hang — and
 * retried with its Idempotency-Key it converges to one answer; nothing is half-applied; and the
 * pool recovers by itself: afterwards requests succeed again on the same app, no restart.
 */
describe('database faults: connections terminated under load', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A bank answer lost to a fault is retried after the retry delay: short here, as in the crash test.
    t = await startTestApp({ config: { dbPoolSize: 8, bankRetryDelayMs: 200 } });
  });
  afterAll(() => t.close());

  const send: Transport = async (method, url, body, headers) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${method} ${url} hung for ${REQUEST_TIMEOUT_MS} ms`)),
        REQUEST_TIMEOUT_MS,
      );
    });
    try {
      const res = await Promise.race([t.request(method, url, { body, headers }), timeout]);
      return { status: res.status, body: res.body };
    } finally {
      clearTimeout(timer);
    }
  };

  const terminateServiceConnections = () =>
    withClient(t.databaseUrl.replace(/\/[^/]*$/, '/postgres'), async (c) => {
      const db = new URL(t.databaseUrl).pathname.slice(1);
      const { rows } = await c.query<{ n: number }>(
        `select count(*) filter (where pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
        [db],
      );
      return rows[0].n;
    });

  it('answers cleanly, converges on retry with the same key, and recovers without a restart', async () => {
    const workload = new BankWorkload(send);
    await workload.setUp();
    const before = await transferIds(t.databaseUrl);

    let stop = false;
    const load = runClients(workload, send, CLIENTS, () => stop);
    let terminated = 0;
    for (let i = 0; i < FAULTS; i++) {
      await sleep(400 + Math.random() * 600);
      terminated += await terminateServiceConnections();
    }
    await sleep(300);
    stop = true;
    const records = await load;
    expect(terminated).toBeGreaterThan(0);

    // Clean answers only: 2xx, a client error in the envelope, or a 5xx in the envelope.
    expect(
      records.filter((r) => r.status >= 400 && !isEnvelope(r.body)).map((r) => `${r.status} ${JSON.stringify(r.body)}`),
    ).toEqual([]);
    const failed = records.filter((r) => r.status >= 500);
    expect(failed.length).toBeGreaterThan(0); // the faults did hit requests in flight
    expect(
      failed
        .filter((r) => r.status !== 503 || r.body.error_code !== 'PPS.0503')
        .map((r) => `${r.op.kind} ${r.status} ${JSON.stringify(r.body)}`),
    ).toEqual([]);

    // Failed requests, retried with their keys, converge: the second retry repeats the first.
    const settled: OpRecord[] = [];
    for (const r of failed) {
      const first = await send(r.op.method, r.op.url, r.op.body, { 'idempotency-key': r.idempotencyKey! });
      const second = await send(r.op.method, r.op.url, r.op.body, { 'idempotency-key': r.idempotencyKey! });
      expect(first.status).toBeLessThan(500);
      expect(second).toEqual(first);
      settled.push({ ...r, status: first.status, body: first.body });
    }

    // Approvals settle through the bank gateway's worker after their answer (and it, too, lost its
    // connections): wait until none is still sending, so that every reported settlement exists.
    await waitForBankPayouts(t.databaseUrl);
    // Nothing half-applied: the reported transfers are exactly the new ones, each with its one allow decision.
    const reported = [...records, ...settled]
      .filter((r) => r.status >= 200 && r.status < 300)
      .map((r) => transferOf(r.op, r.body));
    expect(reported.filter((id) => id === undefined)).toEqual([]);
    const created = [...(await transferIds(t.databaseUrl))].filter((id) => !before.has(id)).sort();
    expect([...(reported as string[])].sort()).toEqual(created);
    expect(await transfersWithoutExactlyOneAllow(t.databaseUrl)).toEqual([]);
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);

    // The pool recovered by itself: a burst of requests on the same app all succeed or are refused by policy.
    const deadline = Date.now() + 1_500;
    const after = await runClients(workload, send, CLIENTS, () => Date.now() > deadline);
    expect(after.filter((r) => r.status >= 500)).toEqual([]);
    expect(after.filter((r) => r.status < 300).length).toBeGreaterThan(5);
  }, 90_000);
});

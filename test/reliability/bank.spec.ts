import { checkLedgerInvariants, NO_VIOLATIONS } from '../support/ledger-invariants';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  allowDecisionsWithoutTransfer,
  BankWorkload,
  isEnvelope,
  runClients,
  type Transport,
  transferIds,
  transferOf,
  transfersWithoutExactlyOneAllow,
  waitForBankPayouts,
} from './reliability-support';

const CLIENTS = 8;
const LOAD_MS = 8_000;

/**
 * The bank test (Jepsen style): 8 concurrent clients run random allocations, reclamations, orders,
 * refunds, incentive accruals, payouts and settlements for a bounded time over a few partners and
 * customers, so that they collide on the same rows. Afterwards the ledger's invariants hold, every
 * accepted answer names exactly one transfer that exists (and no two answers the same one), every
 * transfer made during the run was reported to exactly one client, and each transfer has exactly one
 * allow decision naming it.
 */
describe('bank test: concurrent random money operations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { dbPoolSize: 10 } });
  });
  afterAll(() => t.close());

  it('keeps every invariant, and accepted answers and transfers match one to one', async () => {
    const send: Transport = async (method, url, body, headers) => {
      const res = await t.request(method, url, { body, headers });
      return { status: res.status, body: res.body };
    };
    const workload = new BankWorkload(send);
    await workload.setUp();
    const before = await transferIds(t.databaseUrl);

    const deadline = Date.now() + LOAD_MS;
    const records = await runClients(workload, send, CLIENTS, () => Date.now() > deadline);

    // Every answer is a success or a clean refusal in the envelope; nothing a client sent is a 5xx.
    const serverErrors = records.filter((r) => r.status >= 500);
    expect(serverErrors.map((r) => `${r.op.kind} ${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
    const badRefusals = records.filter((r) => r.status >= 400 && !isEnvelope(r.body));
    expect(badRefusals).toEqual([]);

    const accepted = records.filter((r) => r.status >= 200 && r.status < 300);
    const kinds = new Set(accepted.map((r) => r.op.kind));
    // The run must have exercised the mix, with collisions (denials) as well as successes.
    expect(accepted.length).toBeGreaterThan(50);
    for (const kind of ['adjust', 'order', 'refund', 'incentive', 'payout'] as const) expect(kinds).toContain(kind);
    expect(records.some((r) => r.status === 422)).toBe(true);

    const reported = accepted.map((r) => transferOf(r.op, r.body));
    expect(
      accepted.filter((r, i) => reported[i] === undefined).map((r) => `${r.op.kind} ${JSON.stringify(r.body)}`),
    ).toEqual([]);
    const reportedIds = reported as string[];
    expect(new Set(reportedIds).size).toBe(reportedIds.length); // no two answers share a transfer

    await waitForBankPayouts(t.databaseUrl); // approvals settle through the bank gateway after answering
    const after = await transferIds(t.databaseUrl);
    const created = [...after].filter((id) => !before.has(id)).sort();
    expect([...reportedIds].sort()).toEqual(created); // each accepted answer ↔ exactly one new transfer

    expect(await transfersWithoutExactlyOneAllow(t.databaseUrl)).toEqual([]);
    expect(await allowDecisionsWithoutTransfer(t.databaseUrl)).toEqual([]);
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
  }, 60_000);
});

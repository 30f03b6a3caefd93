import { BankPayoutsService, SimulatedBankGateway } from '@pps/partners';
import { Client } from 'pg';
import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

const HOLDER = '杭州某某科技有限公司';
const ACCOUNT = { holderName: HOLDER, number: '6222000011112223' };

/**
 * Issue 17: bank-transfer payouts settle through the BankGateway port (the simulated bank here,
 * its answers scripted per test). Approve → `sending`; settled → `paid` (one transfer); CBC.99007262
 * → still `sending`, retried with the same bank reference; CBC.99007260 → `failed`, the reserve back
 * in the incentive balance. The kill -9 case is in test/reliability/bank-gateway-crash.spec.ts.
 */
describe('bank-transfer payouts through the bank gateway over HTTP', () => {
  let t: TestApp;
  let w: World;
  let bank: SimulatedBankGateway;
  let worker: BankPayoutsService;
  beforeAll(async () => {
    t = await startTestApp({ config: { bankRetryDelayMs: 300 } });
    w = new World(t);
    bank = t.app.get(SimulatedBankGateway);
    worker = t.app.get(BankPayoutsService);
  });
  afterAll(async () => {
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
    await t.close();
  });

  async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  /** A referral incentive of 100.00 requested as a bank transfer, and approved. */
  async function approvedPayout() {
    const partner = await w.partner({ realName: HOLDER, bankAccount: ACCOUNT });
    const inc = await w.ok('POST', '/v1/incentives', {
      partnerId: partner.id,
      amount: '100.00',
      mode: 'referral',
      generatedAt: '2024-03-01T00:00:00+08:00',
    });
    const req = await w.ok('POST', `/v1/incentives/${inc.id}/payouts`, {
      method: 'bank_transfer',
      bankAccount: ACCOUNT,
    });
    expect(req.status).toBe('pending');
    const approved = await t.request('POST', `/v1/payouts/${req.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'sending', bank: { reference: expect.any(String) } });
    return { partner, incentive: inc, payoutId: req.id as string, approved: approved.body };
  }

  interface PayoutBody {
    status: string;
    bank: { lastCode: string | null };
  }
  async function waitFor(payoutId: string, test: (p: PayoutBody) => boolean, ms = 10_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const p = await w.ok('GET', `/v1/payouts/${payoutId}`);
      if (test(p)) return p;
      if (Date.now() > deadline) throw new Error(`payout ${payoutId} stuck: ${JSON.stringify(p)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const bankRows = (reference: string) =>
    sql<{ n: number }>(`select count(*)::int as n from simulated_bank_payments where reference = $1`, [reference]);
  const settlementTransfers = (payoutId: string) =>
    sql<{ n: number }>(
      `select count(*)::int as n from transfers where code = 'bank_payout' and metadata->>'payoutId' = $1`,
      [payoutId],
    );

  it('settled: sending → paid, one settlement transfer, paid once at the bank', async () => {
    bank.script([]);
    const { partner, incentive, payoutId, approved } = await approvedPayout();
    const paid = await waitFor(payoutId, (p) => p.status === 'paid');
    expect(paid).toMatchObject({
      status: 'paid',
      settlementTransferId: approved.settlementTransferId,
      bank: { reference: approved.bank.reference, attempts: 1, lastCode: null, nextAttemptAt: null },
    });
    expect(await w.partnerBalances(partner.id)).toMatchObject({ incentive: '0.00', payoutPending: '0.00' });
    expect((await w.ok('GET', `/v1/incentives/${incentive.id}`)).status).toBe('paid');
    const transfer = await w.ok('GET', `/v1/transfers/${approved.settlementTransferId}`);
    expect(JSON.stringify(transfer)).toContain('platform_bank_payout');
    expect((await bankRows(approved.bank.reference))[0].n).toBe(1);
    expect((await settlementTransfers(payoutId))[0].n).toBe(1);
    // Nothing more happens however often the worker runs; approving again is 409.
    await worker.drain();
    expect((await t.request('POST', `/v1/payouts/${payoutId}/approve`)).status).toBe(409);
    expect((await settlementTransfers(payoutId))[0].n).toBe(1);
  });

  it('CBC.99007262 (bank system or network exception): stays sending, retried with the same reference, then paid once', async () => {
    bank.script(['CBC.99007262', 'CBC.99007262']);
    const { partner, payoutId, approved } = await approvedPayout();
    const failedOnce = await waitFor(payoutId, (p) => p.bank.lastCode === 'CBC.99007262');
    expect(failedOnce).toMatchObject({
      status: 'sending',
      bank: { reference: approved.bank.reference, lastCode: 'CBC.99007262', nextAttemptAt: expect.any(String) },
    });
    expect(await w.partnerBalances(partner.id)).toMatchObject({ payoutPending: '100.00', incentive: '0.00' });
    expect((await bankRows(approved.bank.reference))[0].n).toBe(0);
    const paid = await waitFor(payoutId, (p) => p.status === 'paid');
    expect(paid.bank).toMatchObject({ reference: approved.bank.reference, attempts: 3, lastCode: 'CBC.99007262' });
    expect(await w.partnerBalances(partner.id)).toMatchObject({ payoutPending: '0.00', incentive: '0.00' });
    expect((await bankRows(approved.bank.reference))[0].n).toBe(1);
    expect((await settlementTransfers(payoutId))[0].n).toBe(1);
  });

  it('CBC.99007260 (card network ↔ issuing bank failed): failed, the reserve back in the incentive balance, the incentive free again', async () => {
    bank.script(['CBC.99007260']);
    const { partner, incentive, payoutId, approved } = await approvedPayout();
    expect(await w.partnerBalances(partner.id)).toMatchObject({ payoutPending: '100.00', incentive: '0.00' });
    const failed = await waitFor(payoutId, (p) => p.status === 'failed');
    expect(failed).toMatchObject({
      status: 'failed',
      settlementTransferId: null,
      bank: {
        reference: approved.bank.reference,
        attempts: 1,
        lastCode: 'CBC.99007260',
        releaseTransferId: expect.any(String),
      },
    });
    expect(await w.partnerBalances(partner.id)).toMatchObject({ payoutPending: '0.00', incentive: '100.00' });
    expect((await w.ok('GET', `/v1/incentives/${incentive.id}`)).status).toBe('accrued');
    expect((await bankRows(approved.bank.reference))[0].n).toBe(0);
    expect((await settlementTransfers(payoutId))[0].n).toBe(0);
    // The release is its own allow decision naming its transfer, and it replays equal.
    const [release] = await sql<{ decision_id: string; code: string }>(
      `select decision_id, code from transfers where id = $1`,
      [failed.bank.releaseTransferId],
    );
    expect(release.code).toBe('payout_release');
    const decision = await w.ok('GET', `/v1/decisions/${release.decision_id}`);
    expect(decision).toMatchObject({
      ruleSet: 'payment',
      effect: 'allow',
      transferId: failed.bank.releaseTransferId,
      subject: { operation: 'payout.bank-failed', bankCode: 'CBC.99007260', payoutId },
    });
    expect((await w.ok('POST', `/v1/decisions/${release.decision_id}/replay`)).match).toBe(true);
    // A failed bank transfer frees the incentive: another method may be asked for.
    const again = await t.request('POST', `/v1/incentives/${incentive.id}/payouts`, {
      body: { method: 'credit_withdrawable' },
    });
    expect(again.status).toBe(201);
    expect(await w.partnerBalances(partner.id)).toMatchObject({ incentive: '0.00', cash: '100.00' });
  });

  it('a retryable failure, then a final one: failed after two attempts, nothing paid', async () => {
    bank.script(['CBC.99007262', 'CBC.99007260']);
    const { partner, payoutId, approved } = await approvedPayout();
    const failed = await waitFor(payoutId, (p) => p.status === 'failed');
    expect(failed.bank).toMatchObject({ attempts: 2, lastCode: 'CBC.99007260' });
    expect((await bankRows(approved.bank.reference))[0].n).toBe(0);
    expect(await w.partnerBalances(partner.id)).toMatchObject({ payoutPending: '0.00', incentive: '100.00' });
  });

  it('GET /v1/payouts/:id: the partner sees its own payout only; unknown → 404', async () => {
    bank.script([]);
    const { partner, payoutId } = await approvedPayout();
    await waitFor(payoutId, (p) => p.status === 'paid');
    const own = await t.key('partner', partner.id);
    expect((await t.request('GET', `/v1/payouts/${payoutId}`, { key: own })).status).toBe(200);
    const other = await t.key('partner', (await w.partner()).id);
    expect((await t.request('GET', `/v1/payouts/${payoutId}`, { key: other })).status).toBe(403);
    expect((await t.request('GET', `/v1/payouts/00000000-0000-4000-8000-000000000009`)).status).toBe(404);
    expect((await t.request('GET', `/v1/payouts/${payoutId}`, { key: await t.key('auditor') })).status).toBe(200);
  });
});

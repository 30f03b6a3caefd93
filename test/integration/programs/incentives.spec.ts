import { BankPayoutsService } from '@pps/partners';
import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

describe('incentives and payouts (激励发放) over HTTP', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp({ config: { dbPoolSize: 12 } });
    w = new World(t);
  });
  afterAll(async () => {
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
    await t.close();
  });

  async function incentive(body: Record<string, unknown> = {}, partnerOverrides: Record<string, unknown> = {}) {
    const partner = await w.partner({
      realName: '杭州某某科技有限公司',
      bankAccount: { holderName: '杭州某某科技有限公司', number: '6222000011112223' },
      ...partnerOverrides,
    });
    const inc = await w.ok('POST', '/v1/incentives', {
      partnerId: partner.id,
      amount: '100.00',
      mode: 'resale',
      generatedAt: '2024-03-01T00:00:00Z',
      ...body,
    });
    return { partner, incentive: inc };
  }
  const options = (id: string) => w.ok('GET', `/v1/incentives/${id}/payout-options`);
  const payout = (id: string, body: Record<string, unknown>) =>
    t.request('POST', `/v1/incentives/${id}/payouts`, { body });

  it('accrual credits the partner incentive account through an allow decision', async () => {
    const { partner, incentive: inc } = await incentive();
    expect(inc).toMatchObject({
      amount: '100.00',
      status: 'accrued',
      transferId: expect.any(String),
      decision_id: expect.any(String),
    });
    expect((await w.partnerBalances(partner.id)).incentive).toBe('100.00');
  });

  it('resale incentive generated 2023-10-01 offers only credit_with_owed_invoice and voucher_quota, with no invoice needed', async () => {
    const { incentive: inc } = await incentive({ generatedAt: '2023-10-01T00:00:00Z' });
    const o = await options(inc.id);
    expect(o).toMatchObject({
      methods: ['credit_with_owed_invoice', 'voucher_quota'],
      requiresInvoice: { credit_with_owed_invoice: false, voucher_quota: false },
      decision_id: expect.any(String),
    });
  });

  it('resale incentive generated 2023-09-30 (Beijing time) offers bank_transfer, credit_withdrawable and voucher_quota', async () => {
    const { incentive: inc } = await incentive({ generatedAt: '2023-09-30T23:59:59+08:00' });
    expect((await options(inc.id)).methods).toEqual(['bank_transfer', 'credit_withdrawable', 'voucher_quota']);
  });

  it.each(['2022-01-01T00:00:00Z', '2023-10-01T00:00:00Z', '2026-01-01T00:00:00Z'])(
    'referral incentive generated %s offers the older methods',
    async (generatedAt) => {
      const { incentive: inc } = await incentive({ mode: 'referral', generatedAt });
      expect((await options(inc.id)).methods).toEqual(['bank_transfer', 'credit_withdrawable', 'voucher_quota']);
    },
  );

  it('credit_with_owed_invoice credits partner cash and opens an owed-invoice record that can be listed', async () => {
    const { partner, incentive: inc } = await incentive({ generatedAt: '2024-01-01T00:00:00Z' });
    const res = await payout(inc.id, { method: 'credit_with_owed_invoice' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'completed',
      transferId: expect.any(String),
      owedInvoiceId: expect.any(String),
      decision_id: expect.any(String),
    });
    expect(await w.partnerBalances(partner.id)).toMatchObject({ cash: '100.00', incentive: '0.00' });
    const invoices = await w.ok('GET', `/v1/partners/${partner.id}/owed-invoices`);
    expect(invoices).toEqual([
      expect.objectContaining({ id: res.body.owedInvoiceId, incentiveId: inc.id, amount: '100.00', status: 'open' }),
    ]);
  });

  it('voucher_quota converts the incentive into voucher quota', async () => {
    const { partner, incentive: inc } = await incentive();
    expect((await payout(inc.id, { method: 'voucher_quota' })).status).toBe(201);
    expect(await w.partnerBalances(partner.id)).toMatchObject({
      voucherQuota: '100.00',
      incentive: '0.00',
      cash: '0.00',
    });
  });

  it('credit_withdrawable credits withdrawable cash for a referral incentive', async () => {
    const { partner, incentive: inc } = await incentive({ mode: 'referral' });
    const res = await payout(inc.id, { method: 'credit_withdrawable' });
    expect(res.body).toMatchObject({ status: 'completed', withdrawable: true });
    expect((await w.partnerBalances(partner.id)).cash).toBe('100.00');
  });

  it('a method the incentive does not offer → 422 PPS.2004, nothing moves', async () => {
    const { partner, incentive: inc } = await incentive({ generatedAt: '2023-10-01T00:00:00Z' });
    const res = await payout(inc.id, { method: 'bank_transfer' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error_code: 'PPS.2004', decision_id: expect.any(String) });
    expect((await w.partnerBalances(partner.id)).incentive).toBe('100.00');
  });

  it('the chosen method is final: a second payout request → 422 PPS.2003', async () => {
    const { incentive: inc } = await incentive();
    expect((await payout(inc.id, { method: 'voucher_quota' })).status).toBe(201);
    const again = await payout(inc.id, { method: 'credit_with_owed_invoice' });
    expect(again.status).toBe(422);
    expect(again.body.error_code).toBe('PPS.2003');
  });

  it('a frozen incentive cannot be paid → 422 PPS.2001, and offers no methods', async () => {
    const { incentive: inc } = await incentive({ frozen: true });
    expect((await options(inc.id)).methods).toEqual([]);
    const res = await payout(inc.id, { method: 'voucher_quota' });
    expect(res.status).toBe(422);
    expect(res.body.error_code).toBe('PPS.2001');
  });

  it('an incentive is void more than 1 year after the partner leaves the program (PPS.2002), payable within it', async () => {
    const { partner, incentive: inc } = await incentive();
    await w.ok('POST', `/v1/partners/${partner.id}/exit`, { exitedAt: '2025-01-10T00:00:00Z' });
    t.clock.set('2026-01-10T00:00:01Z');
    const late = await payout(inc.id, { method: 'voucher_quota' });
    expect(late.status).toBe(422);
    expect(late.body.error_code).toBe('PPS.2002');
    t.clock.set('2026-01-09T23:59:59Z');
    expect((await payout(inc.id, { method: 'voucher_quota' })).status).toBe(201);
    t.clock.set('2026-01-15T08:00:00Z');
  });

  it('bank transfer needs an account in the verified real name: a mismatch is refused with both names', async () => {
    const { incentive: inc } = await incentive({ mode: 'referral' });
    const res = await payout(inc.id, {
      method: 'bank_transfer',
      bankAccount: { holderName: '杭州某某网络有限公司', number: '11112222333' },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      error_code: 'PPS.2005',
      details: { bankAccountHolderName: '杭州某某网络有限公司', verifiedRealName: '杭州某某科技有限公司' },
    });
  });

  it('the holder name is compared after trimming and Unicode normalisation', async () => {
    const { incentive: inc } = await incentive({ mode: 'referral' }, { realName: 'ACME Cloud Ltd.' });
    const res = await payout(inc.id, {
      method: 'bank_transfer',
      bankAccount: { holderName: '  ＡＣＭＥ Cloud  Ltd． ', number: '99998888777' },
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('pending');
  });

  it('bank transfer is two-phase: reserved on request (not spendable), sent on approval, posted when the bank settles', async () => {
    const { partner, incentive: inc } = await incentive({ mode: 'referral' });
    const req = await payout(inc.id, { method: 'bank_transfer' });
    expect(req.body).toMatchObject({ status: 'pending', transferId: expect.any(String) });
    expect(await w.partnerBalances(partner.id)).toMatchObject({
      incentive: '0.00',
      cash: '0.00',
      available: '0.00',
      payoutPending: '100.00',
    });
    const approved = await t.request('POST', `/v1/payouts/${req.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'sending',
      settlementTransferId: expect.any(String),
      decision_id: expect.any(String),
      bank: { reference: expect.any(String) },
    });
    await t.app.get(BankPayoutsService).drain();
    expect(await w.ok('GET', `/v1/payouts/${req.body.id}`)).toMatchObject({
      status: 'paid',
      settlementTransferId: approved.body.settlementTransferId,
    });
    expect(await w.partnerBalances(partner.id)).toMatchObject({
      incentive: '0.00',
      cash: '0.00',
      payoutPending: '0.00',
    });
    expect((await t.request('POST', `/v1/payouts/${req.body.id}/approve`)).status).toBe(409);
    expect((await t.request('POST', `/v1/payouts/${req.body.id}/reject`)).status).toBe(409);
  });

  it('a rejected bank transfer returns the reserve to the incentive account', async () => {
    const { partner, incentive: inc } = await incentive({ mode: 'referral' });
    const req = await payout(inc.id, { method: 'bank_transfer' });
    const rejected = await t.request('POST', `/v1/payouts/${req.body.id}/reject`);
    expect(rejected.body.status).toBe('rejected');
    expect((await w.partnerBalances(partner.id)).incentive).toBe('100.00');
    expect((await w.ok('GET', `/v1/incentives/${inc.id}`)).status).toBe('accrued');
  });

  it('only an admin approves; a partner key acts on its own incentives only', async () => {
    const { partner, incentive: inc } = await incentive({ mode: 'referral' });
    const own = await t.key('partner', partner.id);
    const other = await t.key('partner', (await w.partner()).id);
    expect((await t.request('GET', `/v1/incentives/${inc.id}/payout-options`, { key: other })).status).toBe(403);
    const req = await t.request('POST', `/v1/incentives/${inc.id}/payouts`, {
      key: own,
      body: { method: 'bank_transfer' },
    });
    expect(req.status).toBe(201);
    expect((await t.request('POST', `/v1/payouts/${req.body.id}/approve`, { key: own })).status).toBe(403);
  });

  it('two payout requests for the same incentive at the same moment: exactly one succeeds', async () => {
    const { partner, incentive: inc } = await incentive();
    const [a, b] = await Promise.all([
      payout(inc.id, { method: 'voucher_quota' }),
      payout(inc.id, { method: 'credit_with_owed_invoice' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 422]);
    const balances = await w.partnerBalances(partner.id);
    expect(new Set([balances.cash, balances.voucherQuota])).toEqual(new Set(['100.00', '0.00']));
    expect(balances.incentive).toBe('0.00');
  });
});

import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

describe('partners, customers and top-ups over HTTP', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
  });
  afterAll(async () => {
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
    await t.close();
  });

  it('creates a partner with zero balances and its credit line as available', async () => {
    const p = await w.partner({
      kind: 'distributor',
      creditLimit: '500.00',
      bankAccount: { holderName: '某某科技有限公司', number: '6222000011112223' },
    });
    const view = await w.ok('GET', `/v1/partners/${p.id}`);
    expect(view).toMatchObject({
      kind: 'distributor',
      creditLimit: '500.00',
      bankAccount: { holderName: '某某科技有限公司' },
      balances: { cash: '0.00', available: '500.00', incentive: '0.00', voucherQuota: '0.00', payoutPending: '0.00' },
    });
  });

  it('a reseller may name a distributor; a non-distributor as distributor → 400', async () => {
    const distributor = await w.partner({ kind: 'distributor' });
    expect((await w.partner({ kind: 'reseller', distributorId: distributor.id })).distributorId).toBe(distributor.id);
    const notOne = await w.partner({ kind: 'reseller' });
    const res = await t.request('POST', '/v1/partners', {
      body: { name: 'x', kind: 'reseller', realName: 'x', distributorId: notOne.id },
    });
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('distributorId');
  });

  it('a top-up credits partner cash through an allow decision of the payment rule set', async () => {
    const p = await w.partner();
    const res = await t.request('POST', `/v1/partners/${p.id}/top-ups`, { body: { amount: '88.80' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      transferId: expect.any(String),
      decision_id: expect.any(String),
      balances: { cash: '88.80', available: '88.80', incentive: '0.00', voucherQuota: '0.00', payoutPending: '0.00' },
    });
  });

  it('a partner key reads its own partner, and gets 403 for another', async () => {
    const mine = await w.partner();
    const theirs = await w.partner();
    const key = await t.key('partner', mine.id);
    expect((await t.request('GET', `/v1/partners/${mine.id}`, { key })).status).toBe(200);
    const other = await t.request('GET', `/v1/partners/${theirs.id}`, { key });
    expect(other.status).toBe(403);
    expect(other.body.error_code).toBe('PPS.0014');
  });

  it('a partner key reads only customers associated with it', async () => {
    const mine = await w.partner();
    const key = await t.key('partner', mine.id);
    const c1 = await w.customer();
    await w.associate(mine.id, c1.id, 'referral');
    const c2 = await w.customer();
    expect((await t.request('GET', `/v1/customers/${c1.id}`, { key })).status).toBe(200);
    expect((await t.request('GET', `/v1/customers/${c2.id}`, { key })).status).toBe(403);
  });

  it('a customer carries its flags and creation time', async () => {
    const c = await w.customer({ createdAt: '2025-12-01T00:00:00Z', flags: { directContract: true } });
    const view = await w.customerView(c.id);
    expect(view).toMatchObject({
      createdAt: '2025-12-01T00:00:00.000Z',
      balance: '0.00',
      voucherBalance: '0.00',
      association: null,
    });
    expect(view.flags).toMatchObject({ directContract: true, internal: false });
  });

  it('auditors read but cannot create or move money', async () => {
    const auditor = await t.key('auditor');
    const p = await w.partner();
    expect((await t.request('GET', `/v1/partners/${p.id}`, { key: auditor })).status).toBe(200);
    expect(
      (await t.request('POST', `/v1/partners/${p.id}/top-ups`, { key: auditor, body: { amount: '1.00' } })).status,
    ).toBe(403);
    expect(
      (await t.request('POST', '/v1/partners', { key: auditor, body: { name: 'x', kind: 'reseller', realName: 'x' } }))
        .status,
    ).toBe(403);
  });
});

import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

describe('voucher quota and vouchers (代金券) over HTTP', () => {
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

  /** A partner holding `quota` of voucher quota, converted from an incentive. */
  async function withQuota(kind: string, quota: string, extra: Record<string, unknown> = {}) {
    const p = await w.partner({ kind, ...extra });
    const inc = await w.ok('POST', '/v1/incentives', {
      partnerId: p.id,
      amount: quota,
      mode: 'resale',
      generatedAt: '2024-01-01T00:00:00Z',
    });
    await w.ok('POST', `/v1/incentives/${inc.id}/payouts`, { method: 'voucher_quota' });
    return p;
  }

  it('a distributor grants voucher quota to its own reseller, up to what it holds', async () => {
    const distributor = await withQuota('distributor', '300.00');
    const reseller = await w.partner({ kind: 'reseller', distributorId: distributor.id });
    const ok = await t.request('POST', '/v1/voucher-quota-grants', {
      body: { distributorId: distributor.id, resellerId: reseller.id, amount: '300.00' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      distributorQuota: '0.00',
      resellerQuota: '300.00',
      decision_id: expect.any(String),
    });
    const over = await t.request('POST', '/v1/voucher-quota-grants', {
      body: { distributorId: distributor.id, resellerId: reseller.id, amount: '0.01' },
    });
    expect(over.status).toBe(422);
    expect(over.body.error_code).toBe('PPS.4003');
  });

  it("a distributor cannot grant quota to another distributor's reseller (PPS.4012), and a reseller cannot grant (PPS.4011)", async () => {
    const distributor = await withQuota('distributor', '100.00');
    const stranger = await w.partner({ kind: 'reseller' });
    const res = await t.request('POST', '/v1/voucher-quota-grants', {
      body: { distributorId: distributor.id, resellerId: stranger.id, amount: '1.00' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error_code).toBe('PPS.4012');
    const reseller = await withQuota('reseller', '100.00');
    const res2 = await t.request('POST', '/v1/voucher-quota-grants', {
      body: { distributorId: reseller.id, resellerId: stranger.id, amount: '1.00' },
    });
    expect(res2.body.error_code).toBe('PPS.4011');
  });

  it('a reseller issues a voucher from its quota to its referral customer, who pays an order with it', async () => {
    const reseller = await withQuota('reseller', '80.00');
    const customer = await w.customer();
    await w.associate(reseller.id, customer.id, 'referral');
    const v = await t.request('POST', '/v1/vouchers', {
      body: { partnerId: reseller.id, customerId: customer.id, amount: '50.00' },
    });
    expect(v.status).toBe(201);
    expect((await w.customerView(customer.id)).voucherBalance).toBe('50.00');
    expect((await w.partnerBalances(reseller.id)).voucherQuota).toBe('30.00');
    const order = await t.request('POST', '/v1/orders', {
      body: { customerId: customer.id, amount: '20.00', paymentMethod: 'voucher' },
    });
    expect(order.status).toBe(201);
    expect((await w.customerView(customer.id)).voucherBalance).toBe('30.00');
    const tooMuch = await t.request('POST', '/v1/orders', {
      body: { customerId: customer.id, amount: '30.01', paymentMethod: 'voucher' },
    });
    expect(tooMuch.body.error_code).toBe('CBC.5003');
  });

  it('a voucher to a resale customer is refused (PPS.4002)', async () => {
    const reseller = await withQuota('reseller', '80.00');
    const customer = await w.customer();
    await w.associate(reseller.id, customer.id, 'resale');
    const res = await t.request('POST', '/v1/vouchers', {
      body: { partnerId: reseller.id, customerId: customer.id, amount: '10.00' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error_code).toBe('PPS.4002');
  });

  it('a voucher beyond the quota is refused (PPS.4003); exactly the quota is allowed', async () => {
    const provider = await withQuota('solution_provider', '40.00');
    const customer = await w.customer();
    await w.associate(provider.id, customer.id, 'referral');
    const over = await t.request('POST', '/v1/vouchers', {
      body: { partnerId: provider.id, customerId: customer.id, amount: '40.01' },
    });
    expect(over.body.error_code).toBe('PPS.4003');
    expect(
      (
        await t.request('POST', '/v1/vouchers', {
          body: { partnerId: provider.id, customerId: customer.id, amount: '40.00' },
        })
      ).status,
    ).toBe(201);
  });

  it("a voucher to another partner's customer → CBC.5004; a distributor cannot issue vouchers (PPS.4001)", async () => {
    const reseller = await withQuota('reseller', '10.00');
    const customer = await w.customer();
    await w.associate((await w.partner()).id, customer.id, 'referral');
    expect(
      (
        await t.request('POST', '/v1/vouchers', {
          body: { partnerId: reseller.id, customerId: customer.id, amount: '1.00' },
        })
      ).body.error_code,
    ).toBe('CBC.5004');
    const distributor = await withQuota('distributor', '10.00');
    const own = await w.customer();
    await w.associate(distributor.id, own.id, 'referral');
    expect(
      (
        await t.request('POST', '/v1/vouchers', {
          body: { partnerId: distributor.id, customerId: own.id, amount: '1.00' },
        })
      ).body.error_code,
    ).toBe('PPS.4001');
  });

  it("a referral customer's voucher cannot be reclaimed (CBC.99000045); after the customer leaves referral, the unspent part returns to the quota", async () => {
    const reseller = await withQuota('reseller', '60.00');
    const customer = await w.customer();
    const a = await w.associate(reseller.id, customer.id, 'referral');
    const v = await w.ok('POST', '/v1/vouchers', { partnerId: reseller.id, customerId: customer.id, amount: '60.00' });
    const refused = await t.request('POST', `/v1/vouchers/${v.id}/reclaim`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error_code: 'CBC.99000045', decision_id: expect.any(String) });
    expect((await w.customerView(customer.id)).voucherBalance).toBe('60.00');

    await w.ok('POST', '/v1/orders', { customerId: customer.id, amount: '15.00', paymentMethod: 'voucher' });
    await w.ok('POST', `/v1/associations/${a.id}/disassociate`);
    const back = await t.request('POST', `/v1/vouchers/${v.id}/reclaim`);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'reclaimed', reclaimedAmount: '45.00' });
    expect((await w.partnerBalances(reseller.id)).voucherQuota).toBe('45.00');
    expect((await t.request('POST', `/v1/vouchers/${v.id}/reclaim`)).status).toBe(409);
  });
});

import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

/**
 * Issue 17: a distributor's voucher quota has a source — the platform grants it
 * (`POST /v1/partners/:id/voucher-quota`, voucher-issuance 1.2.0 `platform_grant`), and it flows on
 * to a reseller, a referral customer's voucher and a voucher order.
 */
describe('platform grants of voucher quota (POST /v1/partners/:id/voucher-quota) over HTTP', () => {
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

  const grant = (partnerId: string, body: unknown, opts: { key?: string; idem?: string } = {}) =>
    t.request('POST', `/v1/partners/${partnerId}/voucher-quota`, {
      body,
      key: opts.key,
      headers: opts.idem ? { 'idempotency-key': opts.idem } : undefined,
    });

  it('platform → distributor → its reseller → the reseller’s referral customer → a voucher order: all 201', async () => {
    const distributor = await w.partner({ kind: 'distributor' });
    const granted = await grant(distributor.id, { amount: '10000.00' });
    expect({ status: granted.status, body: granted.body }).toMatchObject({
      status: 201,
      body: {
        transferId: expect.any(String),
        decision_id: expect.any(String),
        balances: { voucherQuota: '10000.00', cash: '0.00', incentive: '0.00' },
      },
    });
    const decision = await w.ok('GET', `/v1/decisions/${granted.body.decision_id}`);
    expect(decision).toMatchObject({
      ruleSet: 'voucher-issuance',
      version: '1.2.0',
      transferId: granted.body.transferId,
      facts: { operation: 'platform_grant', issuerKind: 'platform', recipientKind: 'distributor', amount: '10000.00' },
    });
    const transfer = await w.ok('GET', `/v1/transfers/${granted.body.transferId}`);
    expect(JSON.stringify(transfer)).toContain('platform_voucher_issuance');

    const reseller = await w.partner({ kind: 'reseller', distributorId: distributor.id });
    const toReseller = await t.request('POST', '/v1/voucher-quota-grants', {
      body: { distributorId: distributor.id, resellerId: reseller.id, amount: '3000.00' },
    });
    expect({ status: toReseller.status, body: toReseller.body }).toMatchObject({
      status: 201,
      body: { distributorQuota: '7000.00', resellerQuota: '3000.00' },
    });

    const customer = await w.customer();
    await w.associate(reseller.id, customer.id, 'referral');
    const voucher = await t.request('POST', '/v1/vouchers', {
      body: { partnerId: reseller.id, customerId: customer.id, amount: '500.00' },
    });
    expect(voucher.status).toBe(201);
    const order = await t.request('POST', '/v1/orders', {
      body: { customerId: customer.id, amount: '200.00', paymentMethod: 'voucher' },
    });
    expect(order.status).toBe(201);
    expect((await w.customerView(customer.id)).voucherBalance).toBe('300.00');
    expect((await w.partnerBalances(reseller.id)).voucherQuota).toBe('2500.00');
    expect((await w.partnerBalances(distributor.id)).voucherQuota).toBe('7000.00');
  });

  it('is documented in /docs (OpenAPI): the route, its amount body and its answer', async () => {
    const docs = await t.request('GET', '/docs-json');
    expect(docs.status).toBe(200);
    const op = docs.body.paths['/v1/partners/{id}/voucher-quota']?.post;
    expect(op).toMatchObject({ summary: expect.stringContaining('platform grants voucher quota') });
    expect(JSON.stringify(op.requestBody)).toContain('VoucherQuotaGrantDto');
    expect(op.responses['201'].description).toContain('transferId');
    for (const path of ['/v1/payouts/{id}', '/v1/partners/{id}/consumption', '/v1/partners/{id}/consumption/summary'])
      expect(docs.body.paths[path]?.get).toBeDefined();
  });

  it('only distributors (PPS.4013), at most the per-grant limit (PPS.4014): 422 with a decision, nothing moves', async () => {
    for (const kind of ['reseller', 'solution_provider']) {
      const partner = await w.partner({ kind });
      const res = await grant(partner.id, { amount: '100.00' });
      expect({ kind, status: res.status, code: res.body.error_code }).toEqual({ kind, status: 422, code: 'PPS.4013' });
      expect(res.body.decision_id).toEqual(expect.any(String));
      expect((await w.partnerBalances(partner.id)).voucherQuota).toBe('0.00');
    }
    const distributor = await w.partner({ kind: 'distributor' });
    const over = await grant(distributor.id, { amount: '1000000.01' });
    expect({ status: over.status, code: over.body.error_code }).toEqual({ status: 422, code: 'PPS.4014' });
    const limit = await grant(distributor.id, { amount: '1000000.00' });
    expect(limit.status).toBe(201);
    expect(limit.body.balances.voucherQuota).toBe('1000000.00');
  });

  it('bad amounts are 400 CBC.0100, an unknown partner 404, other roles 403 — nothing written', async () => {
    const distributor = await w.partner({ kind: 'distributor' });
    for (const amount of ['0', '0.00', '-1.00', '1.001', 1.5, 'abc', '1e3', undefined]) {
      const res = await grant(distributor.id, amount === undefined ? {} : { amount });
      expect({ amount, status: res.status, code: res.body.error_code }).toEqual({
        amount,
        status: 400,
        code: 'CBC.0100',
      });
    }
    expect((await grant(distributor.id, { amount: '1.00', extra: true })).status).toBe(400);
    expect((await grant('00000000-0000-4000-8000-000000000001', { amount: '1.00' })).status).toBe(404);
    expect((await grant('not-a-uuid', { amount: '1.00' })).status).toBe(400);
    for (const role of ['service', 'auditor'] as const) {
      const res = await grant(distributor.id, { amount: '1.00' }, { key: await t.key(role) });
      expect({ role, status: res.status }).toEqual({ role, status: 403 });
    }
    const own = await grant(distributor.id, { amount: '1.00' }, { key: await t.key('partner', distributor.id) });
    expect(own.status).toBe(403);
    expect((await w.partnerBalances(distributor.id)).voucherQuota).toBe('0.00');
  });

  it('is idempotent: the same key answers the first grant (one transfer); the same key with another amount is 409', async () => {
    const distributor = await w.partner({ kind: 'distributor' });
    const first = await grant(distributor.id, { amount: '250.00' }, { idem: 'grant-1' });
    const again = await grant(distributor.id, { amount: '250.00' }, { idem: 'grant-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.transferId).toBe(first.body.transferId);
    expect(again.body.decision_id).toBe(first.body.decision_id);
    expect((await w.partnerBalances(distributor.id)).voucherQuota).toBe('250.00');
    const other = await grant(distributor.id, { amount: '251.00' }, { idem: 'grant-1' });
    expect({ status: other.status, code: other.body.error_code }).toEqual({ status: 409, code: 'CBC.99007009' });
  });

  it('a voucher-issuance version that does not decide platform grants (1.1.0) → 409 PPS.4015, nothing moves', async () => {
    const distributor = await w.partner({ kind: 'distributor' });
    const down = await t.request('POST', '/v1/rule-sets/voucher-issuance/activate', {
      body: { version: '1.1.0', reason: 'test: a version before platform grants' },
    });
    expect(down.status).toBeLessThan(300);
    try {
      const res = await grant(distributor.id, { amount: '10.00' });
      expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 409, code: 'PPS.4015' });
      expect((await w.partnerBalances(distributor.id)).voucherQuota).toBe('0.00');
    } finally {
      const up = await t.request('POST', '/v1/rule-sets/voucher-issuance/activate', {
        body: { version: '1.2.0', reason: 'test: back to platform grants' },
      });
      expect(up.status).toBeLessThan(300);
    }
    expect((await grant(distributor.id, { amount: '10.00' })).status).toBe(201);
  });
});

import { Client } from 'pg';
import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

/**
 * Issue 14, the high finding: a partner key associated any unassociated customer by its own word,
 * then reclaimed that customer's own money. A customer becomes a partner's by accepting its
 * invitation, by being created through it, or by the platform; a reclamation takes back at most
 * what the partner allocated and the customer did not spend.
 */
describe('partners reach only their own customers (consent, reclaim limit) over HTTP', () => {
  let t: TestApp;
  let w: World;
  let db: Client;
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
    await db.end();
    await t.close();
  });

  /** A customer with 30.00 of its own: a refund of its own online order to its account. */
  async function customerWithOwnMoney() {
    const customer = await w.customer();
    const order = await w.ok('POST', '/v1/orders', {
      customerId: customer.id,
      amount: '30.00',
      paymentMethod: 'online',
    });
    await w.ok('POST', `/v1/orders/${order.id}/refunds`, {});
    expect((await w.customerView(customer.id)).balance).toBe('30.00');
    return customer;
  }

  const decisionsOf = async (customerId: string) =>
    (await db.query(`select count(*)::int as n from decisions where customer_id = $1`, [customerId])).rows[0].n;

  it('a partner key cannot associate an existing customer on its own word (403 PPS.0015), and nothing is written', async () => {
    const b = await w.partner();
    const key = await t.key('partner', b.id);
    const stranger = await customerWithOwnMoney();
    const before = await decisionsOf(stranger.id);
    const res = await t.request('POST', '/v1/associations', {
      key,
      body: { partnerId: b.id, customerId: stranger.id, mode: 'resale' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error_code).toBe('PPS.0015');
    expect((await w.customerView(stranger.id)).association).toBeNull();
    expect(await decisionsOf(stranger.id)).toBe(before);
    // and so the reclamation of the stranger's money is refused as not its customer
    const reclaim = await t.request('POST', '/v1/adjustments', {
      key,
      body: { partnerId: b.id, customerId: stranger.id, operation: 'reclaim', amount: '30.00' },
    });
    expect(reclaim.status).toBe(422);
    expect(reclaim.body.error_code).toBe('CBC.5004');
    expect((await w.customerView(stranger.id)).balance).toBe('30.00');
  });

  it('an admin or service key associates (the platform), and the decision records who', async () => {
    const partner = await w.partner();
    for (const role of ['admin', 'service'] as const) {
      const key = role === 'admin' ? t.adminKey : await t.key('service');
      const me = (await t.request('GET', '/v1/api-keys/me', { key })).body;
      const customer = await w.customer();
      const res = await t.request('POST', '/v1/associations', {
        key,
        body: { partnerId: partner.id, customerId: customer.id, mode: 'referral' },
      });
      expect(res.status).toBe(201);
      const decision = (await t.request('GET', `/v1/decisions/${res.body.decision_id}`)).body;
      expect(decision).toMatchObject({ callerRole: role, callerKeyId: me.id, effect: 'allow' });
    }
  });

  it('POST /v1/customers with a partner key and { name, mode } creates the customer associated with that partner, one gated decision', async () => {
    const p = await w.partner();
    const key = await t.key('partner', p.id);
    const res = await t.request('POST', '/v1/customers', { key, body: { name: '某某商贸', mode: 'resale' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: '某某商贸',
      balance: '0.00',
      association: { partnerId: p.id, mode: 'resale', id: expect.any(String) },
      decision_id: expect.any(String),
    });
    const rows = (
      await db.query(`select rule_set, effect, operation, partner_id from decisions where customer_id = $1`, [
        res.body.id,
      ])
    ).rows;
    expect(rows).toEqual([
      { rule_set: 'association', effect: 'allow', operation: 'association.associate', partner_id: p.id },
    ]);
    // it is the partner's customer now: it reads it and may allocate to it
    expect((await t.request('GET', `/v1/customers/${res.body.id}`, { key })).status).toBe(200);
    await w.topUp(p.id, '50.00');
    const alloc = await t.request('POST', '/v1/adjustments', {
      key,
      body: { partnerId: p.id, customerId: res.body.id, operation: 'allocate', amount: '50.00' },
    });
    expect(alloc.status).toBe(201);
  });

  it('a partner key creating a customer: mode is required, flags and createdAt are the platform’s; mode without a partner key is refused', async () => {
    const p = await w.partner();
    const key = await t.key('partner', p.id);
    const noMode = await t.request('POST', '/v1/customers', { key, body: { name: 'X' } });
    expect(noMode.status).toBe(400);
    expect(noMode.body.error_code).toBe('CBC.0100');
    const flags = await t.request('POST', '/v1/customers', {
      key,
      body: { name: 'X', mode: 'resale', flags: { internal: false } },
    });
    expect(flags.status).toBe(403);
    expect(flags.body.error_code).toBe('PPS.0016');
    const createdAt = await t.request('POST', '/v1/customers', {
      key,
      body: { name: 'X', mode: 'resale', createdAt: '2020-01-01T00:00:00Z' },
    });
    expect(createdAt.status).toBe(403);
    const adminMode = await t.request('POST', '/v1/customers', { body: { name: 'X', mode: 'resale' } });
    expect(adminMode.status).toBe(400);
    expect(adminMode.body.error_code).toBe('CBC.0100');
  });

  it("a denied creation through a partner (prospect covered by another partner's registration) commits only its decision: no customer", async () => {
    t.clock.set('2026-03-01T00:00:00Z');
    const owner = await w.partner();
    const taxId = '91330100MA99990001';
    const reg = await w.ok('POST', '/v1/deal-registrations', { partnerId: owner.id, prospect: { name: 'P', taxId } });
    await w.ok('POST', `/v1/deal-registrations/${reg.id}/approve`);
    const rival = await w.partner();
    const res = await t.request('POST', '/v1/customers', {
      key: await t.key('partner', rival.id),
      body: { name: 'P', taxId, mode: 'referral' },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error_code: 'PPS.1003', decision_id: expect.any(String) });
    expect((await db.query(`select count(*)::int as n from customers where tax_id = $1`, [taxId])).rows[0].n).toBe(0);
    const decision = (await t.request('GET', `/v1/decisions/${res.body.decision_id}`)).body;
    expect(decision).toMatchObject({ ruleSet: 'association', effect: 'deny' });
    t.clock.set('2026-01-15T08:00:00Z');
  });

  it('the invitation path still works with a partner key: register, approve, invite, the customer accepts', async () => {
    t.clock.set('2026-03-01T00:00:00Z');
    const p = await w.partner();
    const key = await t.key('partner', p.id);
    const taxId = '91330100MA99990002';
    const reg = await t.request('POST', '/v1/deal-registrations', {
      key,
      body: { partnerId: p.id, prospect: { name: 'Q', taxId } },
    });
    expect(reg.status).toBe(201);
    await w.ok('POST', `/v1/deal-registrations/${reg.body.id}/approve`);
    const inv = await t.request('POST', `/v1/deal-registrations/${reg.body.id}/invitations`, {
      key,
      body: { channel: 'online' },
    });
    expect(inv.status).toBe(201);
    const customer = await w.customer({ taxId });
    const accepted = await t.request('POST', `/v1/invitations/${inv.body.token}/accept`, {
      key: await t.key('service'),
      body: { customerId: customer.id, mode: 'resale' },
    });
    expect(accepted.status).toBe(201);
    expect((await t.request('GET', `/v1/customers/${customer.id}`, { key })).body.association).toMatchObject({
      partnerId: p.id,
      mode: 'resale',
    });
    t.clock.set('2026-01-15T08:00:00Z');
  });

  it("reclamation takes back at most the partner's net allocations: never the customer's own money", async () => {
    const b = await w.partner();
    await w.topUp(b.id, '1000.00');
    const key = await t.key('partner', b.id);
    const u2 = await customerWithOwnMoney(); // 30.00 of its own
    await w.associate(b.id, u2.id, 'resale'); // the platform associates it
    const reclaim = (amount: string) =>
      t.request('POST', '/v1/adjustments', {
        key,
        body: { partnerId: b.id, customerId: u2.id, operation: 'reclaim', amount },
      });

    const own = await reclaim('30.00');
    expect(own.status).toBe(422);
    expect(own.body.error_code).toBe('CBC.5003');
    expect((await w.customerView(u2.id)).balance).toBe('30.00');

    await w.allocate(b.id, u2.id, '100.00'); // balance 130.00, of which 100.00 the partner's
    await w.ok('POST', '/v1/orders', { customerId: u2.id, amount: '40.00', paymentMethod: 'balance' }); // spends 40 of it
    expect((await w.customerView(u2.id)).balance).toBe('90.00');
    expect((await reclaim('60.01')).status).toBe(422);
    const ok = await reclaim('60.00');
    expect(ok.status).toBe(201);
    expect((await w.customerView(u2.id)).balance).toBe('30.00'); // its own money stays
    const after = await reclaim('0.01');
    expect(after.status).toBe(422);
    expect(after.body.error_code).toBe('CBC.5003');
  });
});

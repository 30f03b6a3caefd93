import Decimal from 'decimal.js';
import { checkLedgerInvariants, countRows, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

describe('idempotency and concurrency of gated operations', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp({ config: { dbPoolSize: 20 } });
    w = new World(t);
  });
  afterAll(async () => {
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
    await t.close();
  });

  it('the same request with the same key 10 times concurrently → one transfer, ten identical answers', async () => {
    const { partner, customer } = await w.resaleCustomer({ partnerFunds: '1000.00' });
    const before = await countRows(t.databaseUrl);
    const body = { partnerId: partner.id, customerId: customer.id, operation: 'allocate', amount: '10.00' };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.request('POST', '/v1/adjustments', { body, headers: { 'idempotency-key': 'alloc-001' } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    for (const a of answers) expect(a.body).toEqual(answers[0].body);
    expect(await countRows(t.databaseUrl)).toEqual({
      decisions: before.decisions + 1,
      transfers: before.transfers + 1,
    });
    expect((await w.customerView(customer.id)).balance).toBe('10.00');

    const other = await t.request('POST', '/v1/adjustments', {
      body: { ...body, amount: '11.00' },
      headers: { 'idempotency-key': 'alloc-001' },
    });
    expect(other.status).toBe(409);
    expect(other.body.error_code).toBe('CBC.99007009');
  });

  it('a denial is idempotent too: the same 422 with the same decision id, one decision record', async () => {
    const { partner, customer } = await w.resaleCustomer({ partnerFunds: '5.00' });
    const body = { partnerId: partner.id, customerId: customer.id, operation: 'allocate', amount: '10.00' };
    const first = await t.request('POST', '/v1/adjustments', { body, headers: { 'idempotency-key': 'deny-1' } });
    const before = await countRows(t.databaseUrl);
    const again = await t.request('POST', '/v1/adjustments', { body, headers: { 'idempotency-key': 'deny-1' } });
    expect(first.status).toBe(422);
    expect(again.status).toBe(422);
    expect(again.body).toEqual(first.body);
    expect(await countRows(t.databaseUrl)).toEqual(before);
  });

  it('keys are per API key: another caller may use the same key string', async () => {
    const { partner, customer } = await w.resaleCustomer({ partnerFunds: '100.00' });
    const service = await t.key('service');
    const body = { partnerId: partner.id, customerId: customer.id, operation: 'allocate', amount: '1.00' };
    const a = await t.request('POST', '/v1/adjustments', { body, headers: { 'idempotency-key': 'shared' } });
    const b = await t.request('POST', '/v1/adjustments', {
      body,
      key: service,
      headers: { 'idempotency-key': 'shared' },
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.transferId).not.toBe(b.body.transferId);
  });

  it('50 concurrent allocations and reclamations on one partner and a few customers: no lost update, no deadlock surfacing', async () => {
    const partner = await w.partner({ creditLimit: '100.00' });
    await w.topUp(partner.id, '500.00');
    const customers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await w.customer();
      await w.associate(partner.id, c.id, 'resale');
      await w.allocate(partner.id, c.id, '20.00');
      customers.push(c.id);
    }
    const ops = Array.from({ length: 50 }, (_, i) => ({
      partnerId: partner.id,
      customerId: customers[i % customers.length],
      operation: i % 3 === 0 ? 'reclaim' : 'allocate',
      amount: `${(i % 7) + 1}.${String(i % 100).padStart(2, '0')}`,
    }));
    const results = await Promise.all(ops.map((body) => t.request('POST', '/v1/adjustments', { body })));
    for (const r of results) {
      expect([201, 422]).toContain(r.status);
      if (r.status === 422) expect(['CBC.99007461', 'CBC.5003']).toContain(r.body.error_code);
    }
    const accepted = ops.filter((_, i) => results[i].status === 201);
    expect(accepted.length).toBeGreaterThan(0);
    const expected = new Map(customers.map((c) => [c, new Decimal('20.00')]));
    for (const op of accepted) {
      const delta = new Decimal(op.amount);
      expected.set(
        op.customerId,
        expected.get(op.customerId)!.plus(op.operation === 'allocate' ? delta : delta.negated()),
      );
    }
    let total = new Decimal(0);
    for (const c of customers) {
      expect((await w.customerView(c)).balance).toBe(expected.get(c)!.toFixed(2));
      total = total.plus(expected.get(c)!);
    }
    expect((await w.partnerBalances(partner.id)).cash).toBe(new Decimal('500.00').minus(total).toFixed(2));
  });
});

import { checkLedgerInvariants, countRows, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

describe('account adjustments (调账) over HTTP', () => {
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

  const adjust = (body: Record<string, unknown>, key?: string, headers?: Record<string, string>) =>
    t.request('POST', '/v1/adjustments', { body, key, headers });

  it('allocation moves partner cash to a resale customer, with a decision and a transfer', async () => {
    const { partner, customer } = await w.resaleCustomer({ partnerFunds: '1000.00' });
    const res = await adjust({
      partnerId: partner.id,
      customerId: customer.id,
      operation: 'allocate',
      amount: '250.50',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      transferId: expect.any(String),
      decision_id: expect.any(String),
      partnerBalance: '749.50',
      customerBalance: '250.50',
    });
    expect((await w.customerView(customer.id)).balance).toBe('250.50');
    expect(await w.partnerBalances(partner.id)).toMatchObject({ cash: '749.50', available: '749.50' });
  });

  it('allocation to a referral customer → 422 CBC.5021 with a decision id, and no balance changes', async () => {
    const partner = await w.partner();
    await w.topUp(partner.id, '500.00');
    const customer = await w.customer();
    await w.associate(partner.id, customer.id, 'referral');
    const res = await adjust({
      partnerId: partner.id,
      customerId: customer.id,
      operation: 'allocate',
      amount: '10.00',
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error_code: 'CBC.5021', decision_id: expect.any(String) });
    expect((await w.customerView(customer.id)).balance).toBe('0.00');
    expect((await w.partnerBalances(partner.id)).cash).toBe('500.00');
  });

  it("allocation to another partner's customer → 422 CBC.5004", async () => {
    const { customer } = await w.resaleCustomer({ partnerFunds: '100.00' });
    const intruder = await w.partner();
    await w.topUp(intruder.id, '100.00');
    const res = await adjust({
      partnerId: intruder.id,
      customerId: customer.id,
      operation: 'allocate',
      amount: '1.00',
    });
    expect(res.status).toBe(422);
    expect(res.body.error_code).toBe('CBC.5004');
  });

  it('allocation above the available balance (cash + credit line) → CBC.5003; exactly the available is allowed', async () => {
    const { partner, customer } = await w.resaleCustomer({ partnerFunds: '100.00', creditLimit: '50.00' });
    expect((await w.partnerBalances(partner.id)).available).toBe('150.00');
    const over = await adjust({
      partnerId: partner.id,
      customerId: customer.id,
      operation: 'allocate',
      amount: '150.01',
    });
    expect(over.status).toBe(422);
    expect(over.body.error_code).toBe('CBC.5003');
    const exact = await adjust({
      partnerId: partner.id,
      customerId: customer.id,
      operation: 'allocate',
      amount: '150.00',
    });
    expect(exact.status).toBe(201);
    expect(await w.partnerBalances(partner.id)).toMatchObject({ cash: '-50.00', available: '0.00' });
  });

  it('reclamation above the customer balance → CBC.5003; the whole balance is allowed', async () => {
    const { partner, customer } = await w.resaleCustomer({ partnerFunds: '100.00', customerBalance: '40.00' });
    const over = await adjust({
      partnerId: partner.id,
      customerId: customer.id,
      operation: 'reclaim',
      amount: '40.01',
    });
    expect(over.status).toBe(422);
    expect(over.body.error_code).toBe('CBC.5003');
    const all = await adjust({ partnerId: partner.id, customerId: customer.id, operation: 'reclaim', amount: '40.00' });
    expect(all.status).toBe(201);
    expect(all.body).toMatchObject({ partnerBalance: '100.00', customerBalance: '0.00' });
  });

  it.each([
    ['"0"', '0'],
    ['"-1"', '-1'],
    ['"1.001"', '1.001'],
    ['1.5 (a JSON number)', 1.5],
    ['"abc"', 'abc'],
    ['"1e3"', '1e3'],
    ['a 40-digit amount', '1'.repeat(40)],
  ])('amount %s → 400 CBC.0100 and nothing written', async (_label, amount) => {
    const { partner, customer } = await w.resaleCustomer({ partnerFunds: '100.00' });
    const before = await countRows(t.databaseUrl);
    const res = await adjust({ partnerId: partner.id, customerId: customer.id, operation: 'allocate', amount });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('CBC.0100');
    expect(res.body.details[0].field).toBe('amount');
    expect((await w.customerView(customer.id)).balance).toBe('0.00');
    expect((await w.partnerBalances(partner.id)).cash).toBe('100.00');
    expect(await countRows(t.databaseUrl)).toEqual(before);
  });

  it('a number for money is refused with a message that says so', async () => {
    const { partner, customer } = await w.resaleCustomer();
    const res = await adjust({ partnerId: partner.id, customerId: customer.id, operation: 'allocate', amount: 10 });
    expect(res.body.error_msg).toContain('not a JSON number');
  });

  it('a partner key may adjust for its own partner only', async () => {
    const { partner, customer } = await w.resaleCustomer({ partnerFunds: '100.00' });
    const own = await t.key('partner', partner.id);
    const other = await t.key('partner', (await w.partner()).id);
    expect(
      (await adjust({ partnerId: partner.id, customerId: customer.id, operation: 'allocate', amount: '1.00' }, own))
        .status,
    ).toBe(201);
    expect(
      (await adjust({ partnerId: partner.id, customerId: customer.id, operation: 'allocate', amount: '1.00' }, other))
        .status,
    ).toBe(403);
  });

  it('an unknown customer or partner → 404, not a decision', async () => {
    const { partner } = await w.resaleCustomer({ partnerFunds: '100.00' });
    const res = await adjust({
      partnerId: partner.id,
      customerId: '00000000-0000-4000-8000-00000000dead',
      operation: 'allocate',
      amount: '1.00',
    });
    expect(res.status).toBe(404);
  });
});

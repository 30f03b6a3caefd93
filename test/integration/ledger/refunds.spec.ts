import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

/** Each row of DOMAIN.md's refund destination matrix lands in the right account. */
describe('orders and the refund destination matrix (退款去向)', () => {
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

  const order = (body: Record<string, unknown>) => w.ok('POST', '/v1/orders', body);
  const refund = (orderId: string, amount?: string) =>
    t.request('POST', `/v1/orders/${orderId}/refunds`, { body: amount ? { amount } : {} });

  it('paying from the balance debits the customer account; above the balance → 422 CBC.5003', async () => {
    const { customer } = await w.resaleCustomer({ partnerFunds: '100.00', customerBalance: '60.00' });
    const o = await order({ customerId: customer.id, amount: '25.00', paymentMethod: 'balance' });
    expect(o).toMatchObject({ modeAtPurchase: 'resale', paymentMethod: 'balance', decision_id: expect.any(String) });
    expect((await w.customerView(customer.id)).balance).toBe('35.00');
    const over = await t.request('POST', '/v1/orders', {
      body: { customerId: customer.id, amount: '35.01', paymentMethod: 'balance' },
    });
    expect(over.status).toBe(422);
    expect(over.body.error_code).toBe('CBC.5003');
  });

  it('referral customer, paid online → refund to the customer account (also after disassociation)', async () => {
    const partner = await w.partner();
    const customer = await w.customer();
    const a = await w.associate(partner.id, customer.id, 'referral');
    const o1 = await order({ customerId: customer.id, amount: '80.00', paymentMethod: 'online' });
    const r1 = await refund(o1.id, '30.00');
    expect(r1.status).toBe(201);
    expect(r1.body.destination).toMatchObject({
      ownerType: 'customer',
      ownerId: customer.id,
      kind: 'customer_account',
    });
    await w.ok('POST', `/v1/associations/${a.id}/disassociate`);
    const r2 = await refund(o1.id);
    expect(r2.body).toMatchObject({ amount: '50.00', destination: { ownerType: 'customer', ownerId: customer.id } });
    expect((await w.customerView(customer.id)).balance).toBe('80.00');
    expect((await refund(o1.id, '0.01')).status).toBe(400); // nothing left to refund
  });

  it('resale customer, paid from its balance → refund to the customer account', async () => {
    const { customer } = await w.resaleCustomer({ partnerFunds: '100.00', customerBalance: '40.00' });
    const o = await order({ customerId: customer.id, amount: '40.00', paymentMethod: 'balance' });
    const r = await refund(o.id);
    expect(r.body.destination).toMatchObject({ ownerType: 'customer', ownerId: customer.id, kind: 'customer_account' });
    expect((await w.customerView(customer.id)).balance).toBe('40.00');
  });

  it("customer switched from referral to resale → refund to the partner's account", async () => {
    const partner = await w.partner();
    const customer = await w.customer();
    const a = await w.associate(partner.id, customer.id, 'referral');
    const o = await order({ customerId: customer.id, amount: '70.00', paymentMethod: 'online' });
    await w.ok('POST', `/v1/associations/${a.id}/switch`, { mode: 'resale' });
    const r = await refund(o.id);
    expect(r.body.destination).toMatchObject({
      ownerType: 'partner',
      ownerId: partner.id,
      kind: 'association_partner_account',
    });
    expect((await w.partnerBalances(partner.id)).cash).toBe('70.00');
    expect((await w.customerView(customer.id)).balance).toBe('0.00');
  });

  it('resale customer since disassociated → refund to the partner that held the association', async () => {
    const { partner, customer, association } = await w.resaleCustomer({
      partnerFunds: '100.00',
      customerBalance: '50.00',
    });
    const o = await order({ customerId: customer.id, amount: '50.00', paymentMethod: 'balance' });
    await w.ok('POST', `/v1/associations/${association.id}/disassociate`);
    const newPartner = await w.partner();
    await w.associate(newPartner.id, customer.id, 'referral');
    const r = await refund(o.id);
    expect(r.body.destination).toMatchObject({
      ownerType: 'partner',
      ownerId: partner.id,
      kind: 'association_partner_account',
    });
    expect((await w.partnerBalances(partner.id)).cash).toBe('100.00');
  });

  it("order paid by the partner on the customer's behalf (代付) → refund to the paying partner", async () => {
    const partner = await w.partner();
    await w.topUp(partner.id, '300.00');
    const customer = await w.customer();
    await w.associate(partner.id, customer.id, 'resale');
    const o = await order({
      customerId: customer.id,
      amount: '120.00',
      paymentMethod: 'partner_paid',
      paidByPartnerId: partner.id,
    });
    expect((await w.partnerBalances(partner.id)).cash).toBe('180.00');
    const r = await refund(o.id);
    expect(r.body.destination).toMatchObject({
      ownerType: 'partner',
      ownerId: partner.id,
      kind: 'paying_partner_account',
    });
    expect((await w.partnerBalances(partner.id)).cash).toBe('300.00');
  });

  it('a partner may not pay for a customer it does not hold → 422 CBC.5004', async () => {
    const partner = await w.partner();
    await w.topUp(partner.id, '100.00');
    const customer = await w.customer();
    const res = await t.request('POST', '/v1/orders', {
      body: { customerId: customer.id, amount: '1.00', paymentMethod: 'partner_paid', paidByPartnerId: partner.id },
    });
    expect(res.status).toBe(422);
    expect(res.body.error_code).toBe('CBC.5004');
  });

  it('every refund records its decision with the destination as the outcome value', async () => {
    const customer = await w.customer();
    const o = await order({ customerId: customer.id, amount: '5.00', paymentMethod: 'online' });
    const r = await refund(o.id);
    const em = t.app.get((await import('@mikro-orm/postgresql')).EntityManager).fork();
    const [d] = await em.execute('select rule_set, effect, outcome, transfer_id from decisions where id = ?', [
      r.body.decision_id,
    ]);
    expect(d).toMatchObject({ rule_set: 'refund-destination', effect: 'allow', transfer_id: r.body.transferId });
    expect(d.outcome.value).toEqual({ destination: 'customer_account' });
  });
});

import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

describe('associations (关联模式) over HTTP', () => {
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

  const associate = (partnerId: string, customerId: string, mode: string) =>
    t.request('POST', '/v1/associations', { body: { partnerId, customerId, mode } });

  it('associates a customer in a mode and shows it on the customer', async () => {
    const partner = await w.partner();
    const customer = await w.customer();
    const res = await associate(partner.id, customer.id, 'resale');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      partnerId: partner.id,
      mode: 'resale',
      decision_id: expect.any(String),
    });
    expect((await w.customerView(customer.id)).association).toEqual({
      id: res.body.id,
      partnerId: partner.id,
      mode: 'resale',
    });
  });

  it('refuses an internal customer', async () => {
    const res = await associate(
      (await w.partner()).id,
      (await w.customer({ flags: { internal: true } })).id,
      'referral',
    );
    expect(res.status).toBe(422);
    expect(res.body.decision_id).toEqual(expect.any(String));
  });

  it('refuses a customer already associated with another partner', async () => {
    const customer = await w.customer();
    await w.associate((await w.partner()).id, customer.id, 'referral');
    const res = await associate((await w.partner()).id, customer.id, 'referral');
    expect(res.status).toBe(422);
  });

  it.each(['directContract', 'liveReservedInstance', 'uninvoicedBalance', 'unusedStoredValueCard', 'bonusBalance'])(
    'refuses resale for a customer with %s, and allows referral',
    async (flag) => {
      const partner = await w.partner();
      const customer = await w.customer({ flags: { [flag]: true } });
      expect((await associate(partner.id, customer.id, 'resale')).status).toBe(422);
      expect((await associate(partner.id, customer.id, 'referral')).status).toBe(201);
    },
  );

  it("disassociation returns exactly the resale customer's remaining balance to the partner, in the same transaction", async () => {
    const { partner, customer, association } = await w.resaleCustomer({
      partnerFunds: '1000.00',
      customerBalance: '123.45',
    });
    const res = await t.request('POST', `/v1/associations/${association.id}/disassociate`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      associationId: association.id,
      returnedAmount: '123.45',
      transferId: expect.any(String),
      decision_id: expect.any(String),
    });
    expect(await w.partnerBalances(partner.id)).toMatchObject({ cash: '1000.00' });
    const view = await w.customerView(customer.id);
    expect(view).toMatchObject({ balance: '0.00', association: null });
  });

  it('disassociating a referral customer moves no money', async () => {
    const partner = await w.partner();
    const customer = await w.customer();
    const a = await w.associate(partner.id, customer.id, 'referral');
    const res = await t.request('POST', `/v1/associations/${a.id}/disassociate`);
    expect(res.status).toBe(200);
    expect(res.body.returnedAmount).toBe('0.00');
    expect(res.body.transferId).toBeUndefined();
  });

  it.each(['liveReservedInstance', 'liveSupportPlan', 'frozen', 'inArrears'])(
    'refuses disassociation while the customer has %s',
    async (flag) => {
      const partner = await w.partner();
      const customer = await w.customer({ flags: { [flag]: true } });
      const a = await w.associate(partner.id, customer.id, 'referral');
      const res = await t.request('POST', `/v1/associations/${a.id}/disassociate`);
      expect(res.status).toBe(422);
      expect((await w.customerView(customer.id)).association).not.toBeNull();
    },
  );

  it('switching twice within 3 months is denied, and allowed again after the window (injected clock)', async () => {
    t.clock.set('2026-02-01T00:00:00Z');
    const partner = await w.partner();
    const customer = await w.customer();
    const a = await w.associate(partner.id, customer.id, 'referral');
    const first = await t.request('POST', `/v1/associations/${a.id}/switch`, { body: { mode: 'resale' } });
    expect(first.status).toBe(200);
    expect(first.body.mode).toBe('resale');

    t.clock.set('2026-04-30T23:59:59Z'); // inside 3 months of 2026-02-01
    const second = await t.request('POST', `/v1/associations/${a.id}/switch`, { body: { mode: 'referral' } });
    expect(second.status).toBe(422);
    expect((await w.customerView(customer.id)).association.mode).toBe('resale');

    t.clock.set('2026-05-01T00:00:01Z'); // 3 months later
    const third = await t.request('POST', `/v1/associations/${a.id}/switch`, { body: { mode: 'referral' } });
    expect(third.status).toBe(200);
    t.clock.set('2026-01-15T08:00:00Z');
  });

  it('a partner key cannot associate for another partner', async () => {
    const partner = await w.partner();
    const key = await t.key('partner', (await w.partner()).id);
    const res = await t.request('POST', '/v1/associations', {
      key,
      body: { partnerId: partner.id, customerId: (await w.customer()).id, mode: 'referral' },
    });
    expect(res.status).toBe(403);
  });

  it('an id that is not a UUID → 400 CBC.0100, an unknown one → 404', async () => {
    expect((await t.request('POST', '/v1/associations/not-a-uuid/disassociate')).status).toBe(400);
    expect((await t.request('POST', '/v1/associations/00000000-0000-4000-8000-000000000000/disassociate')).status).toBe(
      404,
    );
  });
});

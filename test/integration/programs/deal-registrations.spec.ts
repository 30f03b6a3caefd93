import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

const DAY = 86_400_000;

describe('deal registrations (报备客户) and invitation links over HTTP', () => {
  let t: TestApp;
  let w: World;
  let taxSeq = 0;
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-01T00:00:00Z'));

  const at = (ms: number) => t.clock.set(new Date(Date.parse('2026-03-01T00:00:00Z') + ms));
  const taxId = () => `91330100MA${String(++taxSeq).padStart(8, '0')}`;
  const register = (partnerId: string, tax: string) =>
    t.request('POST', '/v1/deal-registrations', { body: { partnerId, prospect: { name: '某某科技', taxId: tax } } });

  async function approved(tax = taxId()) {
    const partner = await w.partner();
    const reg = await register(partner.id, tax);
    expect(reg.body).toMatchObject({ status: 'pending', decision_id: expect.any(String) });
    const ok = await t.request('POST', `/v1/deal-registrations/${reg.body.id}/approve`);
    expect(ok.status).toBe(200);
    return { partner, registration: ok.body, tax };
  }

  it('approval makes a registration valid for 15 days', async () => {
    const { registration } = await approved();
    expect(registration).toMatchObject({
      status: 'approved',
      approvedAt: '2026-03-01T00:00:00.000Z',
      expiresAt: '2026-03-16T00:00:00.000Z',
    });
  });

  it("another partner's registration of the same prospect is refused while the first is valid (day 15), allowed after (day 16)", async () => {
    const { tax } = await approved();
    const rival = await w.partner();
    at(15 * DAY - 1000); // still within the 15 days
    const refused = await register(rival.id, tax);
    expect(refused.status).toBe(422);
    expect(refused.body.error_code).toBe('PPS.5001');
    at(15 * DAY); // expired
    expect((await register(rival.id, tax)).status).toBe(201);
  });

  it('an approved registration cannot be approved again (PPS.5006)', async () => {
    const { registration } = await approved();
    const again = await t.request('POST', `/v1/deal-registrations/${registration.id}/approve`);
    expect(again.status).toBe(422);
    expect(again.body.error_code).toBe('PPS.5006');
  });

  it('an invitation needs an approved registration (PPS.5002)', async () => {
    const partner = await w.partner();
    const reg = await register(partner.id, taxId());
    const res = await t.request('POST', `/v1/deal-registrations/${reg.body.id}/invitations`, {
      body: { channel: 'online' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error_code).toBe('PPS.5002');
  });

  it('an online link works on day 7 and has expired on day 8 (PPS.5012)', async () => {
    const { registration, tax, partner } = await approved();
    const early = await w.ok('POST', `/v1/deal-registrations/${registration.id}/invitations`, { channel: 'online' });
    const late = await w.ok('POST', `/v1/deal-registrations/${registration.id}/invitations`, { channel: 'online' });
    expect(early).toMatchObject({ token: expect.any(String), expiresAt: '2026-03-08T00:00:00.000Z' });
    const c1 = await w.customer({ taxId: tax });
    const c2 = await w.customer({ taxId: tax });

    at(7 * DAY - 1000); // the last second of day 7
    const inTime = await t.request('POST', `/v1/invitations/${early.token}/accept`, {
      body: { customerId: c1.id, mode: 'resale' },
    });
    expect(inTime.status).toBe(201);
    expect(inTime.body).toMatchObject({
      associationId: expect.any(String),
      mode: 'resale',
      decision_id: expect.any(String),
      registration_decision_id: expect.any(String),
    });
    expect((await w.customerView(c1.id)).association).toMatchObject({ partnerId: partner.id, mode: 'resale' });

    at(7 * DAY); // day 8
    const expired = await t.request('POST', `/v1/invitations/${late.token}/accept`, {
      body: { customerId: c2.id, mode: 'referral' },
    });
    expect(expired.status).toBe(422);
    expect(expired.body.error_code).toBe('PPS.5012');
  });

  it('a link can be used once (PPS.5011)', async () => {
    const { registration, tax } = await approved();
    const link = await w.ok('POST', `/v1/deal-registrations/${registration.id}/invitations`, { channel: 'offline' });
    expect(link.expiresAt).toBeNull();
    const c1 = await w.customer({ taxId: tax });
    expect(
      (
        await t.request('POST', `/v1/invitations/${link.token}/accept`, {
          body: { customerId: c1.id, mode: 'referral' },
        })
      ).status,
    ).toBe(201);
    const c2 = await w.customer({ taxId: tax });
    const again = await t.request('POST', `/v1/invitations/${link.token}/accept`, {
      body: { customerId: c2.id, mode: 'referral' },
    });
    expect(again.status).toBe(422);
    expect(again.body.error_code).toBe('PPS.5011');
  });

  it('an offline link does not expire, but the registration does (PPS.5003 after day 15)', async () => {
    const { registration, tax } = await approved();
    const link = await w.ok('POST', `/v1/deal-registrations/${registration.id}/invitations`, { channel: 'offline' });
    const c = await w.customer({ taxId: tax });
    at(15 * DAY);
    const res = await t.request('POST', `/v1/invitations/${link.token}/accept`, {
      body: { customerId: c.id, mode: 'referral' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error_code).toBe('PPS.5003');
  });

  it('a customer older than 7 days, or with cash spending, can only be invited under its own registration (PPS.5005)', async () => {
    const { registration, tax } = await approved();
    const link = await w.ok('POST', `/v1/deal-registrations/${registration.id}/invitations`, { channel: 'offline' });
    const old = await w.customer({ createdAt: '2026-02-01T00:00:00Z', taxId: '91330100XX99999999' });
    const refused = await t.request('POST', `/v1/invitations/${link.token}/accept`, {
      body: { customerId: old.id, mode: 'referral' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error_code).toBe('PPS.5005');
    const spender = await w.customer();
    await w.ok('POST', '/v1/orders', { customerId: spender.id, amount: '1.00', paymentMethod: 'online' });
    expect(
      (
        await t.request('POST', `/v1/invitations/${link.token}/accept`, {
          body: { customerId: spender.id, mode: 'referral' },
        })
      ).body.error_code,
    ).toBe('PPS.5005');
    const fresh = await w.customer(); // new and without spending: may be invited
    expect(
      (
        await t.request('POST', `/v1/invitations/${link.token}/accept`, {
          body: { customerId: fresh.id, mode: 'referral' },
        })
      ).status,
    ).toBe(201);
    const matching = await w.customer({ createdAt: '2025-01-01T00:00:00Z', taxId: tax }); // old, but the registered prospect
    const link2 = await w.ok('POST', `/v1/deal-registrations/${registration.id}/invitations`, { channel: 'offline' });
    expect(
      (
        await t.request('POST', `/v1/invitations/${link2.token}/accept`, {
          body: { customerId: matching.id, mode: 'referral' },
        })
      ).status,
    ).toBe(201);
  });

  it('accepting goes through the association rules too: a refused association leaves the link unused', async () => {
    const { registration, tax } = await approved();
    const link = await w.ok('POST', `/v1/deal-registrations/${registration.id}/invitations`, { channel: 'offline' });
    const direct = await w.customer({ taxId: tax, flags: { directContract: true } });
    const refused = await t.request('POST', `/v1/invitations/${link.token}/accept`, {
      body: { customerId: direct.id, mode: 'resale' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error_code).toMatch(/^PPS\.11/);
    expect(
      (
        await t.request('POST', `/v1/invitations/${link.token}/accept`, {
          body: { customerId: direct.id, mode: 'referral' },
        })
      ).status,
    ).toBe(201);
  });

  it("a customer covered by another partner's live registration cannot be associated directly", async () => {
    const { tax } = await approved();
    const customer = await w.customer({ taxId: tax });
    const res = await t.request('POST', '/v1/associations', {
      body: { partnerId: (await w.partner()).id, customerId: customer.id, mode: 'referral' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error_code).toBe('PPS.1003');
    at(15 * DAY);
    expect(
      (
        await t.request('POST', '/v1/associations', {
          body: { partnerId: (await w.partner()).id, customerId: customer.id, mode: 'referral' },
        })
      ).status,
    ).toBe(201);
  });

  it('an unknown token → 404; a partner key cannot approve', async () => {
    const c = await w.customer();
    expect(
      (await t.request('POST', '/v1/invitations/nope/accept', { body: { customerId: c.id, mode: 'referral' } })).status,
    ).toBe(404);
    const partner = await w.partner();
    const reg = await register(partner.id, taxId());
    const key = await t.key('partner', partner.id);
    expect((await t.request('POST', `/v1/deal-registrations/${reg.body.id}/approve`, { key })).status).toBe(403);
  });
});

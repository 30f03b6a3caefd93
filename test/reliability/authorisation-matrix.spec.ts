import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app';
import { World } from '../support/world';
import { appRoutes } from './reliability-support';

type Caller = 'admin' | 'service' | 'auditor' | 'partner-own' | 'partner-other';
const CALLERS: Caller[] = ['partner-other', 'partner-own', 'auditor', 'service', 'admin']; // the refused first: allowed calls may change state

interface Fixtures {
  partnerId: string;
  customerId: string;
  associationId: string;
  incentiveId: string;
  payoutId: string;
  voucherId: string;
  dealRegistrationId: string;
  decisionId: string;
}

interface Entry {
  /** Who may call it (anything but 401/403); everyone else gets 403. */
  allowed: Caller[];
  /** Path parameters; ids of the own partner's resources, so a scope check has something to check. */
  params?: (f: Fixtures) => Record<string, string>;
  body?: (f: Fixtures) => unknown;
}

const ALL: Caller[] = ['admin', 'service', 'auditor', 'partner-own', 'partner-other'];
const ADMIN: Caller[] = ['admin'];
const ADMIN_SERVICE: Caller[] = ['admin', 'service'];
const STAFF_AND_OWN: Caller[] = ['admin', 'service', 'partner-own'];
const READERS_AND_OWN: Caller[] = ['admin', 'service', 'auditor', 'partner-own'];
const any = () => ({ id: randomUUID(), ruleSet: 'account-adjustment', token: 'no-such-token' });

/**
 * The maintained table: every route of the app, who may call it. A route the app serves without an
 * entry here (or an entry without a route) fails the test, so a new route has to be placed in it.
 */
const MATRIX: Record<string, Entry> = {
  'GET /health': { allowed: ALL },
  'GET /v1/ping': { allowed: ALL },
  'GET /metrics': { allowed: ['admin', 'service', 'auditor'] },
  'POST /v1/api-keys': { allowed: ADMIN, body: () => ({}) },
  'GET /v1/api-keys/me': { allowed: ALL },
  'GET /v1/api-keys': { allowed: ADMIN },
  'DELETE /v1/api-keys/:id': { allowed: ADMIN, params: any },
  'POST /v1/partners': { allowed: ADMIN_SERVICE, body: () => ({}) },
  'GET /v1/partners/:id': { allowed: READERS_AND_OWN, params: (f) => ({ id: f.partnerId }) },
  'GET /v1/partners/:id/transfers': {
    allowed: ['admin', 'service', 'auditor', 'partner-own'],
    params: (f) => ({ id: f.partnerId }),
  },
  'GET /v1/transfers/:id': { allowed: ['admin', 'service', 'auditor'], params: any },
  'POST /v1/partners/:id/top-ups': { allowed: ADMIN_SERVICE, params: any, body: () => ({}) },
  // a partner key creates customers for itself (associated with it: issue 14)
  'POST /v1/customers': { allowed: ['admin', 'service', 'partner-own', 'partner-other'], body: () => ({}) },
  'GET /v1/customers/:id': { allowed: READERS_AND_OWN, params: (f) => ({ id: f.customerId }) },
  // association by a partner's word alone is refused (PPS.0015): the platform associates
  'POST /v1/associations': {
    allowed: ADMIN_SERVICE,
    body: (f) => ({ partnerId: f.partnerId, customerId: f.customerId, mode: 'resale' }),
  },
  'POST /v1/associations/:id/switch': {
    allowed: STAFF_AND_OWN,
    params: (f) => ({ id: f.associationId }),
    body: () => ({ mode: 'referral' }),
  },
  'POST /v1/associations/:id/disassociate': { allowed: STAFF_AND_OWN, params: (f) => ({ id: f.associationId }) },
  'POST /v1/adjustments': {
    allowed: STAFF_AND_OWN,
    body: (f) => ({ partnerId: f.partnerId, customerId: f.customerId, operation: 'allocate', amount: '1.00' }),
  },
  'POST /v1/orders': {
    allowed: STAFF_AND_OWN,
    body: (f) => ({
      customerId: f.customerId,
      amount: '1.00',
      paymentMethod: 'partner_paid',
      paidByPartnerId: f.partnerId,
    }),
  },
  'POST /v1/orders/:id/refunds': { allowed: ADMIN_SERVICE, params: any, body: () => ({}) },
  'POST /v1/incentives': { allowed: ADMIN_SERVICE, body: () => ({}) },
  'GET /v1/incentives/:id': { allowed: READERS_AND_OWN, params: (f) => ({ id: f.incentiveId }) },
  'GET /v1/incentives/:id/payout-options': { allowed: STAFF_AND_OWN, params: (f) => ({ id: f.incentiveId }) },
  'POST /v1/incentives/:id/payouts': {
    allowed: STAFF_AND_OWN,
    params: (f) => ({ id: f.incentiveId }),
    body: () => ({ method: 'voucher_quota' }),
  },
  'GET /v1/payouts/:id': { allowed: READERS_AND_OWN, params: (f) => ({ id: f.payoutId }) },
  'POST /v1/payouts/:id/approve': { allowed: ADMIN, params: any },
  'POST /v1/payouts/:id/reject': { allowed: ADMIN, params: any },
  'GET /v1/partners/:id/owed-invoices': { allowed: READERS_AND_OWN, params: (f) => ({ id: f.partnerId }) },
  'POST /v1/partners/:id/exit': { allowed: ADMIN, params: any, body: () => ({}) },
  'POST /v1/partners/:id/voucher-quota': { allowed: ADMIN, params: any, body: () => ({}) },
  'GET /v1/partners/:id/consumption': { allowed: READERS_AND_OWN, params: (f) => ({ id: f.partnerId }) },
  'GET /v1/partners/:id/consumption/summary': { allowed: READERS_AND_OWN, params: (f) => ({ id: f.partnerId }) },
  'POST /v1/voucher-quota-grants': {
    allowed: STAFF_AND_OWN,
    body: (f) => ({ distributorId: f.partnerId, resellerId: randomUUID(), amount: '1.00' }),
  },
  'POST /v1/vouchers': {
    allowed: STAFF_AND_OWN,
    body: (f) => ({ partnerId: f.partnerId, customerId: f.customerId, amount: '1.00' }),
  },
  'POST /v1/vouchers/:id/reclaim': { allowed: STAFF_AND_OWN, params: (f) => ({ id: f.voucherId }) },
  'POST /v1/deal-registrations': {
    allowed: STAFF_AND_OWN,
    body: (f) => ({ partnerId: f.partnerId, prospect: { name: 'Prospect', taxId: 'TAX-1' } }),
  },
  'GET /v1/deal-registrations/:id': { allowed: READERS_AND_OWN, params: (f) => ({ id: f.dealRegistrationId }) },
  'POST /v1/deal-registrations/:id/approve': { allowed: ADMIN, params: any },
  'POST /v1/deal-registrations/:id/invitations': {
    allowed: STAFF_AND_OWN,
    params: (f) => ({ id: f.dealRegistrationId }),
    body: () => ({ channel: 'online' }),
  },
  'POST /v1/invitations/:token/accept': { allowed: ADMIN_SERVICE, params: any, body: () => ({}) },
  'GET /v1/rule-sets': { allowed: ['admin', 'service', 'auditor'] },
  'GET /v1/rule-sets/:ruleSet/versions': { allowed: ['admin', 'service', 'auditor'], params: any },
  'GET /v1/rule-sets/:ruleSet/versions/:version': {
    allowed: ['admin', 'service', 'auditor'],
    params: () => ({ ruleSet: 'account-adjustment', version: '1.0.0' }),
  },
  'GET /v1/rule-sets/:ruleSet/diff': { allowed: ['admin', 'service', 'auditor'], params: any },
  'GET /v1/rule-sets/:ruleSet/contract': { allowed: ALL, params: any },
  'POST /v1/rule-sets/:ruleSet/versions': { allowed: ADMIN, params: any, body: () => ({}) },
  'POST /v1/rule-sets/:ruleSet/activate': { allowed: ADMIN, params: any, body: () => ({}) },
  'POST /v1/rule-sets/:ruleSet/rollback': { allowed: ADMIN, params: any, body: () => ({}) },
  'POST /v1/rule-sets/:ruleSet/evaluate': { allowed: ADMIN_SERVICE, params: any, body: () => ({}) },
  'POST /v1/rule-sets/:ruleSet/impact': { allowed: ['admin', 'auditor'], params: any, body: () => ({}) },
  // A partner key lists its own partner's decisions (a filter, not a refusal).
  'GET /v1/decisions': { allowed: ALL },
  'GET /v1/decisions/verify': { allowed: ['admin', 'auditor'] },
  'GET /v1/decisions/export': { allowed: ['admin', 'auditor'] },
  'GET /v1/decisions/:id': { allowed: READERS_AND_OWN, params: (f) => ({ id: f.decisionId }) },
  'POST /v1/decisions/:id/replay': { allowed: ['admin', 'auditor'], params: (f) => ({ id: f.decisionId }) },
  'GET /v1/decisions/:id/shadow': { allowed: ['admin', 'auditor'], params: (f) => ({ id: f.decisionId }) },
  'GET /v1/instances': { allowed: ['admin', 'auditor'] },
  'POST /v1/rule-sets/:ruleSet/simulate': { allowed: ['admin', 'auditor'], params: any, body: () => ({}) },
  'GET /v1/rule-sets/:ruleSet/shadow': { allowed: ['admin', 'auditor'], params: any },
  'POST /v1/rule-sets/:ruleSet/shadow': { allowed: ADMIN, params: any, body: () => ({}) },
  'DELETE /v1/rule-sets/:ruleSet/shadow': { allowed: ADMIN, params: any, body: () => ({}) },
  'GET /v1/rule-sets/:ruleSet/shadow/report': { allowed: ['admin', 'auditor'], params: any },
  'GET /v1/rule-sets/:ruleSet/change-requests': { allowed: ['admin', 'auditor'], params: any },
  'GET /v1/rule-sets/:ruleSet/change-requests/:id': { allowed: ['admin', 'auditor'], params: any },
  'POST /v1/rule-sets/:ruleSet/change-requests/:id/approve': { allowed: ADMIN, params: any, body: () => ({}) },
  'POST /v1/rule-sets/:ruleSet/change-requests/:id/reject': { allowed: ADMIN, params: any, body: () => ({}) },
};

describe('authorisation matrix: every route × every role', () => {
  let t: TestApp;
  let keys: Record<Caller, string>;
  let fixtures: Fixtures;
  beforeAll(async () => {
    t = await startTestApp();
    const w = new World(t);
    const own = await w.partner({ realName: 'Own', bankAccount: { holderName: 'Own', number: '11112222333' } });
    const other = await w.partner({ realName: 'Other' });
    await w.topUp(own.id, '1000.00');
    const customer = await w.customer();
    const association = await w.associate(own.id, customer.id, 'resale');
    const incentive = await w.ok('POST', '/v1/incentives', {
      partnerId: own.id,
      amount: '100.00',
      mode: 'resale',
      generatedAt: '2024-03-01T00:00:00Z',
    });
    const payout = await w.ok('POST', `/v1/incentives/${incentive.id}/payouts`, { method: 'voucher_quota' });
    const referral = await w.customer();
    await w.associate(own.id, referral.id, 'referral');
    const voucher = await w.ok('POST', '/v1/vouchers', { partnerId: own.id, customerId: referral.id, amount: '10.00' });
    const registration = await w.ok('POST', '/v1/deal-registrations', {
      partnerId: own.id,
      prospect: { name: 'Prospect', taxId: 'TAX-0' },
    });
    fixtures = {
      partnerId: own.id,
      customerId: customer.id,
      associationId: association.id,
      incentiveId: incentive.id,
      payoutId: payout.id,
      voucherId: voucher.id,
      dealRegistrationId: registration.id,
      decisionId: association.decision_id as string,
    };
    keys = {
      admin: t.adminKey,
      service: await t.key('service'),
      auditor: await t.key('auditor'),
      'partner-own': await t.key('partner', own.id),
      'partner-other': await t.key('partner', other.id),
    };
  });
  afterAll(() => t.close());

  it('the table lists exactly the routes the app serves', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(appRoutes(t));
  });

  it('each caller is allowed (not 401/403) exactly where the table says, and refused with 403 in the envelope elsewhere', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [route, entry] of Object.entries(MATRIX)) {
      const [method, pattern] = route.split(' ');
      const params = entry.params?.(fixtures) ?? {};
      const url = pattern.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'missing');
      for (const caller of CALLERS) {
        const res = await t.request(method, url, {
          key: keys[caller],
          body: method === 'POST' ? entry.body?.(fixtures) : undefined,
        });
        const allowed = entry.allowed.includes(caller);
        const seen =
          res.status === 401 || res.status === 403 ? `refused ${res.status} ${res.body?.error_code}` : `allowed`;
        outcomes.push(
          `${route} as ${caller}: ${seen === 'allowed' ? 'allowed' : seen.startsWith('refused 403 PPS.001') ? 'refused' : seen}`,
        );
        expected.push(`${route} as ${caller}: ${allowed ? 'allowed' : 'refused'}`);
        expect(res.status).toBeLessThan(500);
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('a request without a key, or with an unknown one, is 401 on every route but /health', async () => {
    for (const route of Object.keys(MATRIX)) {
      if (route === 'GET /health') continue;
      const [method, pattern] = route.split(' ');
      const url = pattern.replace(/:\w+/g, randomUUID());
      for (const key of [null, 'pps_unknown_key']) {
        const res = await t.request(method, url, { key });
        expect(`${route} ${key ?? 'no key'}: ${res.status} ${res.body?.error_code}`).toBe(
          `${route} ${key ?? 'no key'}: 401 ${key ? 'PPS.0012' : 'PPS.0011'}`,
        );
      }
    }
  });
});

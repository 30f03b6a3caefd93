import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';
import { sql } from './audit-support';
import type { Json } from '../../support/json';

/**
 * Issue 7: impact of a candidate `refund-destination` that sends the referral → resale-switched
 * case to the customer: over this test's history it reports exactly the refunds of that case, and
 * the money each partner would not have received — nothing else.
 */
describe('impact of a candidate rule version', () => {
  let t: TestApp;
  let w: World;
  let auditor: string;
  const candidate = JSON.parse(
    readFileSync(path.join(__dirname, '../../../rules/refund-destination/1.0.0.json'), 'utf8'),
  );
  candidate.version = '1.1.0';
  const rule = candidate.rules.find(
    (r: { name: string }) => r.name === 'referral-switched-to-resale-refunds-to-partner',
  );
  rule.event.params.value = { destination: 'customer_account' };
  rule.event.params.reason = {
    code: 'PPS.3103',
    message: { zh: '退款至客户账户', en: "Refund to the customer's account" },
  };
  // Its embedded tests say so too (publishing runs them).
  for (const test of candidate.tests) {
    if (
      /switched from referral to resale/.test(test.name) &&
      test.expected.value?.destination === 'association_partner_account'
    ) {
      test.expected = { ...test.expected, value: { destination: 'customer_account' }, reasons: ['PPS.3103'] };
    }
  }

  /** A referral customer of `partnerId` who buys online, then switches to resale. */
  async function switchedOrder(partnerId: string, amount: string) {
    const customer = await w.customer();
    const a = await w.associate(partnerId, customer.id, 'referral');
    const order = await w.ok('POST', '/v1/orders', { customerId: customer.id, amount, paymentMethod: 'online' });
    await w.ok('POST', `/v1/associations/${a.id}/switch`, { mode: 'resale' });
    return order;
  }

  const expected: { partnerA?: string; partnerB?: string; decisions: string[] } = { decisions: [] };
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    auditor = await t.key('auditor');
    const a = await w.partner();
    const b = await w.partner();
    expected.partnerA = a.id;
    expected.partnerB = b.id;
    // The case that changes: two refunds for A (one partial), one for B.
    const o1 = await switchedOrder(a.id, '70.00');
    const o2 = await switchedOrder(b.id, '30.00');
    for (const [order, amount] of [
      [o1, '50.00'],
      [o1, '20.00'],
      [o2, undefined],
    ] as const) {
      const r = await w.ok('POST', `/v1/orders/${order.id}/refunds`, amount ? { amount } : {});
      expect(r.destination.kind).toBe('association_partner_account');
      expected.decisions.push(r.decision_id);
    }
    // Everything else stays: a plain referral refund, a resale balance refund, a partner-paid refund,
    // a disassociated resale refund, and decisions of other rule sets.
    const referral = await w.customer();
    await w.associate(b.id, referral.id, 'referral');
    const online = await w.ok('POST', '/v1/orders', {
      customerId: referral.id,
      amount: '12.00',
      paymentMethod: 'online',
    });
    await w.ok('POST', `/v1/orders/${online.id}/refunds`, {});
    const resale = await w.resaleCustomer({ partnerFunds: '200.00', customerBalance: '60.00' });
    const paid = await w.ok('POST', '/v1/orders', {
      customerId: resale.customer.id,
      amount: '25.00',
      paymentMethod: 'balance',
    });
    const byPartner = await w.ok('POST', '/v1/orders', {
      customerId: resale.customer.id,
      amount: '10.00',
      paymentMethod: 'partner_paid',
      paidByPartnerId: resale.partner.id,
    });
    await w.ok('POST', `/v1/orders/${paid.id}/refunds`, { amount: '5.00' });
    await w.ok('POST', `/v1/orders/${byPartner.id}/refunds`, {});
    await w.ok('POST', `/v1/associations/${resale.association.id}/disassociate`);
    await w.ok('POST', `/v1/orders/${paid.id}/refunds`, {});
  });
  afterAll(async () => {
    await t.close();
  });

  function expectExactly(report: Json) {
    expect(report).toMatchObject({
      ruleSet: 'refund-destination',
      candidate: { version: '1.1.0', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      changed: 3,
    });
    expect(report.groups).toEqual([
      {
        from: { effect: 'allow', value: { destination: 'association_partner_account' } },
        to: { effect: 'allow', value: { destination: 'customer_account' } },
        reasonFrom: 'PPS.3102',
        reasonTo: 'PPS.3103',
        count: 3,
        sampleDecisionIds: expect.any(Array),
      },
    ]);
    expect([...report.groups[0].sampleDecisionIds].sort()).toEqual([...expected.decisions].sort());
    expect(report.money.byPartner).toEqual(
      [
        { partnerId: expected.partnerA, currency: 'CNY', amount: '-70.00', decisions: 2 },
        { partnerId: expected.partnerB, currency: 'CNY', amount: '-30.00', decisions: 1 },
      ].sort((x, y) => String(x.partnerId).localeCompare(String(y.partnerId))),
    );
    expect(report.money.total).toEqual([
      { currency: 'CNY', movedDifferently: '100.00', partners: '-100.00', customers: '100.00' },
    ]);
    expect(report.money.unquantified.count).toBe(0);
    expect(report.unevaluable.count).toBe(0);
  }

  it('an unpublished candidate file: exactly the switched-referral refunds change, and the partners would have received 70.00 and 30.00 less', async () => {
    const res = await t.request('POST', '/v1/rule-sets/refund-destination/impact', {
      key: auditor,
      body: { candidate },
    });
    expect(res.status).toBe(200);
    const [{ n }] = await sql(t, `select count(*)::int as n from decisions where rule_set = 'refund-destination'`);
    expect(res.body.examined).toBe(n);
    expectExactly(res.body);
  });

  it('a published version, and a window that excludes the history, and the active version itself (no change)', async () => {
    const published = await t.request('POST', '/v1/rule-sets/refund-destination/versions', { body: candidate });
    expect({ status: published.status, body: published.body }).toMatchObject({ status: 201 });
    const res = await t.request('POST', '/v1/rule-sets/refund-destination/impact', {
      key: auditor,
      body: { version: '1.1.0' },
    });
    expect(res.status).toBe(200);
    expectExactly(res.body);
    const later = await t.request('POST', '/v1/rule-sets/refund-destination/impact', {
      key: auditor,
      body: { version: '1.1.0', from: '2030-01-01T00:00:00Z' },
    });
    expect(later.body).toMatchObject({
      examined: 0,
      changed: 0,
      groups: [],
      money: { byPartner: [], total: [] },
      window: { from: '2030-01-01T00:00:00.000Z', to: null },
    });
    const same = await t.request('POST', '/v1/rule-sets/refund-destination/impact', {
      key: auditor,
      body: { version: '1.0.0' },
    });
    expect(same.body).toMatchObject({ changed: 0, groups: [] });
    expect(same.body.examined).toBeGreaterThan(0);
  });

  it('candidate as a stored version string (API.md: candidate: <rule file> | version): the active version → 200, 0 changed', async () => {
    const active = (await t.request('GET', '/v1/rule-sets', { key: auditor })).body.find(
      (r: { ruleSet: string }) => r.ruleSet === 'refund-destination',
    ).activeVersion;
    const res = await t.request('POST', '/v1/rule-sets/refund-destination/impact', {
      key: auditor,
      body: { candidate: active },
    });
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 200,
      body: { candidate: { version: active }, changed: 0, groups: [] },
    });
    expect(res.body.examined).toBeGreaterThan(0);
    const unknown = await t.request('POST', '/v1/rule-sets/refund-destination/impact', {
      key: auditor,
      body: { candidate: '9.9.9' },
    });
    expect(unknown.status).toBe(404);
    for (const candidate of ['1.0', 'latest', 42, ['1.0.0']]) {
      const bad = await t.request('POST', '/v1/rule-sets/refund-destination/impact', {
        key: auditor,
        body: { candidate },
      });
      expect({ candidate, status: bad.status, code: bad.body.error_code }).toEqual({
        candidate,
        status: 400,
        code: 'CBC.0100',
      });
    }
    const both = await t.request('POST', '/v1/rule-sets/refund-destination/impact', {
      key: auditor,
      body: { candidate: active, version: active },
    });
    expect(both.status).toBe(400);
  });

  it('an invalid candidate is 400 with every problem and its JSON path; neither or both of candidate/version is 400; an unknown version 404', async () => {
    const bad = structuredClone(candidate);
    bad.ruleSet = 'payment';
    bad.rules[0].priority = 'high';
    delete bad.default;
    const res = await t.request('POST', '/v1/rule-sets/refund-destination/impact', {
      key: auditor,
      body: { candidate: bad },
    });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('CBC.0100');
    const paths = res.body.details.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['$.ruleSet', '$.rules[0].priority']));
    expect(paths.length).toBeGreaterThanOrEqual(3);
    expect(
      (await t.request('POST', '/v1/rule-sets/refund-destination/impact', { key: auditor, body: {} })).status,
    ).toBe(400);
    expect(
      (
        await t.request('POST', '/v1/rule-sets/refund-destination/impact', {
          key: auditor,
          body: { candidate, version: '1.0.0' },
        })
      ).status,
    ).toBe(400);
    expect(
      (await t.request('POST', '/v1/rule-sets/refund-destination/impact', { key: auditor, body: { version: '9.9.9' } }))
        .status,
    ).toBe(404);
    expect(
      (
        await t.request('POST', '/v1/rule-sets/refund-destination/impact', {
          key: await t.key('service'),
          body: { version: '1.0.0' },
        })
      ).status,
    ).toBe(403);
  });
});

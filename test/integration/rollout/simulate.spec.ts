import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Json } from '../../support/json';
import { startTestApp, type TestApp } from '../../support/test-app';
import { sql } from '../audit/audit-support';

const file = (version: string): Record<string, Json> => {
  const f = JSON.parse(
    readFileSync(path.join(__dirname, '../../../rules/refund-destination/1.0.0.json'), 'utf8'),
  ) as Record<string, Json>;
  f.version = version;
  return f;
};

/** The simulator: one set of facts against several versions side by side; nothing is recorded. */
describe('POST /v1/rule-sets/:ruleSet/simulate', () => {
  let t: TestApp;
  let auditor: string;
  const facts = {
    modeAtPurchase: 'referral',
    currentAssociation: 'same_partner',
    switchedReferralToResale: true,
    paymentMethod: 'online',
  };
  const toCustomer = file('1.1.0');
  const rule = toCustomer.rules.find(
    (r: { name: string }) => r.name === 'referral-switched-to-resale-refunds-to-partner',
  );
  rule.event.params.value = { destination: 'customer_account' };
  rule.event.params.reason = {
    code: 'PPS.3103',
    message: { zh: '退款至客户账户', en: "Refund to the customer's account" },
  };
  for (const test of toCustomer.tests)
    if (
      /switched from referral to resale/.test(test.name) &&
      test.expected.value?.destination === 'association_partner_account'
    )
      test.expected = { ...test.expected, value: { destination: 'customer_account' }, reasons: ['PPS.3103'] };
  const needsMore = file('1.2.0');
  needsMore.facts.refundChannel = { type: 'enum', values: ['web', 'api'], example: 'web', description: 'x' };

  beforeAll(async () => {
    t = await startTestApp();
    auditor = await t.key('auditor');
    expect((await t.request('POST', '/v1/rule-sets/refund-destination/versions', { body: toCustomer })).status).toBe(
      201,
    );
    expect(
      (
        await t.request('POST', '/v1/rule-sets/refund-destination/shadow', {
          body: { version: '1.1.0', reason: 'sim' },
        })
      ).status,
    ).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('active, shadow, stored and uploaded side by side, with the condition trace and the differences marked; records nothing', async () => {
    const [{ n: before }] = await sql<{ n: number }>(t, `select count(*)::int as n from decisions`);
    const res = await t.request('POST', '/v1/rule-sets/refund-destination/simulate', {
      key: auditor,
      body: {
        facts,
        targets: [
          { kind: 'active' },
          { kind: 'shadow' },
          { kind: 'stored', version: '1.0.0' },
          { kind: 'uploaded', file: needsMore },
        ],
      },
    });
    expect(res.status).toBe(200);
    const [active, shadow, stored, uploaded] = res.body.results;
    expect(active).toMatchObject({
      version: '1.0.0',
      outcome: { value: { destination: 'association_partner_account' } },
      differsFromFirst: false,
      error: null,
    });
    expect(
      active.results.find((r: { rule: string }) => r.rule === 'referral-switched-to-resale-refunds-to-partner'),
    ).toMatchObject({
      result: true,
      conditions: expect.arrayContaining([
        expect.objectContaining({ fact: 'switchedReferralToResale', factValue: true, result: true }),
      ]),
    });
    expect(shadow).toMatchObject({
      target: { kind: 'shadow' },
      version: '1.1.0',
      outcome: { value: { destination: 'customer_account' } },
      differsFromFirst: true,
    });
    expect(stored).toMatchObject({ version: '1.0.0', differsFromFirst: false });
    expect(uploaded).toMatchObject({
      version: '1.2.0',
      outcome: null,
      differsFromFirst: true,
      error: { code: 'CBC.0100' },
    });
    expect(uploaded.error.message).toMatch(/refundChannel/);
    const [{ n: after }] = await sql<{ n: number }>(t, `select count(*)::int as n from decisions`);
    expect(after).toBe(before);
  });

  it('bad targets are 400, unknown versions 404, a service key 403', async () => {
    const call = (body: unknown, key = auditor) =>
      t.request('POST', '/v1/rule-sets/refund-destination/simulate', { key, body });
    expect((await call({ facts, targets: [] })).status).toBe(400);
    expect((await call({ facts, targets: [{ kind: 'live' }] })).status).toBe(400);
    expect((await call({ facts, targets: [{ kind: 'stored' }] })).status).toBe(400);
    expect(
      (await call({ facts, targets: [{ kind: 'uploaded', file: { ruleSet: 'refund-destination' } }] })).status,
    ).toBe(400);
    expect((await call({ facts, targets: [{ kind: 'stored', version: '9.9.9' }] })).status).toBe(404);
    expect((await call({ facts, targets: Array(5).fill({ kind: 'active' }) })).status).toBe(400);
    expect((await call({ facts, targets: [{ kind: 'active' }] }, await t.key('service'))).status).toBe(403);
  });
});

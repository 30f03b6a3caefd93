import { canonicalJson, sha256OfCanonicalJson } from '@pps/rules';
import Decimal from 'decimal.js';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import type { Json } from '../../support/json';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';
import { sql, verifiedChain } from '../audit/audit-support';

const run = promisify(execFile);
const CLI = path.join(__dirname, '../../../dist/apps/policy-cli/src/main.js');

const shipped = () =>
  JSON.parse(readFileSync(path.join(__dirname, '../../../rules/refund-destination/1.0.0.json'), 'utf8')) as Record<
    string,
    Json
  >;

/** refund-destination 1.1.0: switched-referral refunds go to the customer instead of the partner. */
function toCustomerCandidate(): Record<string, Json> {
  const candidate = shipped();
  candidate.version = '1.1.0';
  const rule = candidate.rules.find(
    (r: { name: string }) => r.name === 'referral-switched-to-resale-refunds-to-partner',
  );
  rule.event.params.value = { destination: 'customer_account' };
  rule.event.params.reason = {
    code: 'PPS.3103',
    message: { zh: '退款至客户账户', en: "Refund to the customer's account" },
  };
  for (const test of candidate.tests) {
    if (
      /switched from referral to resale/.test(test.name) &&
      test.expected.value?.destination === 'association_partner_account'
    )
      test.expected = { ...test.expected, value: { destination: 'customer_account' }, reasons: ['PPS.3103'] };
  }
  return candidate;
}

/**
 * refund-destination 1.2.0: needs a fact the service does not supply, so it breaks its contract on
 * live traffic. Publishing refuses such a file (contracts), so the test stores it straight into the
 * table, as a version stored before contracts existed.
 */
function throwingCandidate(): Record<string, Json> {
  const candidate = shipped();
  candidate.version = '1.2.0';
  candidate.facts.refundChannel = {
    type: 'enum',
    values: ['web', 'api'],
    example: 'web',
    description: 'A fact this service does not know (for the test).',
  };
  candidate.rules[0].conditions.all.push({ fact: 'refundChannel', operator: 'in', value: ['web', 'api'] });
  return candidate;
}

/**
 * Issue 20: a shadow version decides beside the active one on live traffic, inside the same
 * transaction; the report counts exactly what it would have done differently, with the money per
 * partner, while the active version's decisions and money are what they always were.
 */
describe('shadow versions on live traffic', () => {
  let t: TestApp;
  let w: World;
  let auditor: string;
  let service: string;
  const switched: string[] = [];
  const others: string[] = [];
  let partnerA: string;
  let partnerB: string;

  async function switchedOrder(partnerId: string, amount: string) {
    const customer = await w.customer();
    const a = await w.associate(partnerId, customer.id, 'referral');
    const order = await w.ok('POST', '/v1/orders', { customerId: customer.id, amount, paymentMethod: 'online' });
    await w.ok('POST', `/v1/associations/${a.id}/switch`, { mode: 'resale' });
    return order;
  }

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    auditor = await t.key('auditor');
    service = await t.key('service');
    partnerA = (await w.partner()).id;
    partnerB = (await w.partner()).id;
    expect(
      (await t.request('POST', '/v1/rule-sets/refund-destination/versions', { body: toCustomerCandidate() })).status,
    ).toBe(201);
    const throwing = throwingCandidate();
    await sql(
      t,
      `insert into rule_versions (content_hash, rule_set, version, content, published_at) values ($1, $2, $3, $4, now())`,
      [sha256OfCanonicalJson(throwing), throwing.ruleSet, throwing.version, canonicalJson(throwing)],
    );
  });
  afterAll(async () => {
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
    await t.close();
  });

  it('only an admin sets a shadow; not the active version, not an unknown one; the history keeps who and why', async () => {
    const body = { version: '1.1.0', reason: 'CHG-7 try refunds to customers' };
    expect((await t.request('POST', '/v1/rule-sets/refund-destination/shadow', { key: auditor, body })).status).toBe(
      403,
    );
    expect((await t.request('POST', '/v1/rule-sets/refund-destination/shadow', { key: service, body })).status).toBe(
      403,
    );
    const active = await t.request('POST', '/v1/rule-sets/refund-destination/shadow', {
      body: { ...body, version: '1.0.0' },
    });
    expect({ status: active.status, code: active.body.error_code }).toEqual({ status: 409, code: 'PPS.0033' });
    expect(
      (await t.request('POST', '/v1/rule-sets/refund-destination/shadow', { body: { ...body, version: '9.9.9' } }))
        .status,
    ).toBe(404);
    expect((await t.request('POST', '/v1/rule-sets/nope/shadow', { body })).status).toBe(404);
    expect(
      (await t.request('POST', '/v1/rule-sets/refund-destination/shadow', { body: { version: '1.1.0' } })).status,
    ).toBe(400);
    expect(
      (await t.request('DELETE', '/v1/rule-sets/refund-destination/shadow', { body: { reason: 'none set' } })).status,
    ).toBe(404);

    const set = await t.request('POST', '/v1/rule-sets/refund-destination/shadow', { body });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      kind: 'set',
      version: '1.1.0',
      reason: body.reason,
      changedBy: expect.any(String),
    });
    const view = await t.request('GET', '/v1/rule-sets/refund-destination/shadow', { key: auditor });
    expect(view.body.shadow).toMatchObject({ version: '1.1.0' });
    expect(view.body.history).toHaveLength(1);
  });

  it('mixed refunds: the report counts exactly the switched-referral refunds with 70.00 and 30.00 per partner; the active version moved the money as before', async () => {
    const before = { a: await w.partnerBalances(partnerA), b: await w.partnerBalances(partnerB) };
    const o1 = await switchedOrder(partnerA, '70.00');
    const o2 = await switchedOrder(partnerB, '30.00');
    for (const [order, amount] of [
      [o1, '50.00'],
      [o1, '20.00'],
      [o2, undefined],
    ] as const) {
      const r = await w.ok('POST', `/v1/orders/${order.id}/refunds`, amount ? { amount } : {});
      expect(r.destination.kind).toBe('association_partner_account');
      switched.push(r.decision_id);
    }
    // Refunds the shadow decides the same way.
    const referral = await w.customer();
    await w.associate(partnerB, referral.id, 'referral');
    const online = await w.ok('POST', '/v1/orders', {
      customerId: referral.id,
      amount: '12.00',
      paymentMethod: 'online',
    });
    others.push((await w.ok('POST', `/v1/orders/${online.id}/refunds`, {})).decision_id);
    const resale = await w.resaleCustomer({ partnerFunds: '200.00', customerBalance: '60.00' });
    const paid = await w.ok('POST', '/v1/orders', {
      customerId: resale.customer.id,
      amount: '25.00',
      paymentMethod: 'balance',
    });
    others.push((await w.ok('POST', `/v1/orders/${paid.id}/refunds`, { amount: '5.00' })).decision_id);

    // The active version's money: the partners received the refunds.
    const after = { a: await w.partnerBalances(partnerA), b: await w.partnerBalances(partnerB) };
    expect(new Decimal(after.a.cash).minus(before.a.cash).toFixed(2)).toBe('70.00');
    expect(new Decimal(after.b.cash).minus(before.b.cash).toFixed(2)).toBe('30.00');

    const report = await t.request('GET', '/v1/rule-sets/refund-destination/shadow/report', { key: auditor });
    expect(report.status).toBe(200);
    const [{ n }] = await sql<{ n: number }>(
      t,
      `select count(*)::int as n from decision_shadows where rule_set = 'refund-destination'`,
    );
    expect(n).toBe(5);
    expect(report.body).toMatchObject({ ruleSet: 'refund-destination', examined: 5, same: 2, differing: 3 });
    expect(report.body.shadows).toEqual([{ version: '1.1.0', contentHash: expect.any(String), decisions: 5 }]);
    expect(report.body.groups).toEqual([
      {
        from: { effect: 'allow', value: { destination: 'association_partner_account' } },
        to: { effect: 'allow', value: { destination: 'customer_account' } },
        reasonFrom: 'PPS.3102',
        reasonTo: 'PPS.3103',
        count: 3,
        sampleDecisionIds: expect.any(Array),
      },
    ]);
    expect([...report.body.groups[0].sampleDecisionIds].sort()).toEqual([...switched].sort());
    expect(report.body.money.byPartner).toEqual(
      [
        { partnerId: partnerA, currency: 'CNY', amount: '-70.00', decisions: 2 },
        { partnerId: partnerB, currency: 'CNY', amount: '-30.00', decisions: 1 },
      ].sort((x, y) => x.partnerId.localeCompare(y.partnerId)),
    );
    expect(report.body.money.total).toEqual([
      { currency: 'CNY', movedDifferently: '100.00', partners: '-100.00', customers: '100.00' },
    ]);
    expect(report.body.money.unquantified.count).toBe(0);
    expect(report.body.failed.count).toBe(0);
    // Per decision: the amount and the accounts (partner loses it, the customer gets it).
    const sample = report.body.money.samples.find((s: { decision_id: string }) => s.decision_id === switched[0]);
    expect(sample.deltas).toEqual(
      expect.arrayContaining([
        { ownerType: 'partner', ownerId: partnerA, currency: 'CNY', amount: '-50.00' },
        { ownerType: 'customer', ownerId: expect.any(String), currency: 'CNY', amount: '50.00' },
      ]),
    );
    expect(report.body.money.byDay).toEqual(
      expect.arrayContaining([
        { day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), partnerId: partnerA, currency: 'CNY', amount: '-70.00' },
      ]),
    );

    // The decision record is the active one's, replays equal, and the chain verifies.
    const record = await t.request('GET', `/v1/decisions/${switched[0]}`, { key: auditor });
    expect(record.body).toMatchObject({
      version: '1.0.0',
      outcome: { value: { destination: 'association_partner_account' } },
    });
    expect((await t.request('POST', `/v1/decisions/${switched[0]}/replay`, { key: auditor })).body.match).toBe(true);
    const shadow = await t.request('GET', `/v1/decisions/${switched[0]}/shadow`, { key: auditor });
    expect(shadow.body).toMatchObject({
      version: '1.1.0',
      status: 'evaluated',
      outcome: { effect: 'allow', value: { destination: 'customer_account' } },
      differs: true,
      replay: { match: true },
    });
    // The record says what would have moved differently: 50.00 from the partner's account to the customer's.
    expect(shadow.body.money).toEqual({
      deltas: expect.arrayContaining([
        { ownerType: 'partner', ownerId: partnerA, currency: 'CNY', amount: '-50.00' },
        { ownerType: 'customer', ownerId: expect.any(String), currency: 'CNY', amount: '50.00' },
      ]),
      requestedAmount: null,
      unquantified: false,
    });
    expect(shadow.body.money.deltas).toHaveLength(2);
    expect((await t.request('GET', `/v1/decisions/${others[0]}/shadow`, { key: auditor })).body.money).toBeNull();
    expect((await t.request('GET', `/v1/decisions/${others[0]}/shadow`, { key: auditor })).body.differs).toBe(false);
    expect(await verifiedChain(t, auditor)).toMatchObject({ ok: true, pending: 0 });

    // The CLI reports the same.
    const cli = await run(process.execPath, [CLI, 'shadow', 'report', 'refund-destination'], {
      cwd: path.join(__dirname, '../../..'),
      env: { ...process.env, DATABASE_URL: t.databaseUrl },
    });
    expect(cli.stdout).toContain('examined 5, same 2, differing 3, failed 0');
    expect(cli.stdout).toContain(`partner ${partnerA}: -70.00 CNY (2 decisions)`);
    expect(cli.stdout).toContain(`partner ${partnerB}: -30.00 CNY (1 decisions)`);
    expect(cli.stdout).toContain('total CNY: moved differently 100.00; partners -100.00; customers 100.00');

    // A window before the traffic is empty.
    const empty = await t.request('GET', '/v1/rule-sets/refund-destination/shadow/report?to=2000-01-01T00:00:00Z', {
      key: auditor,
    });
    expect(empty.body).toMatchObject({ examined: 0, groups: [], money: { byPartner: [] } });
    expect(
      (await t.request('GET', '/v1/rule-sets/refund-destination/shadow/report?from=yesterday', { key: auditor }))
        .status,
    ).toBe(400);
  });

  it('shadow outcomes are append-only', async () => {
    await expect(sql(t, `update decision_shadows set differs = false`)).rejects.toThrow();
    await expect(sql(t, `delete from decision_shadows`)).rejects.toThrow();
  });

  it('a shadow that throws: requests still 201, the shadow record says why; clearing it stops shadow records', async () => {
    const set = await t.request('POST', '/v1/rule-sets/refund-destination/shadow', {
      body: { version: '1.2.0', reason: 'throws' },
    });
    expect(set.status).toBe(200);
    const o = await switchedOrder(partnerA, '9.00');
    const res = await t.request('POST', `/v1/orders/${o.id}/refunds`, { body: {} });
    expect(res.status).toBe(201);
    const shadow = await t.request('GET', `/v1/decisions/${res.body.decision_id}/shadow`, { key: auditor });
    expect(shadow.body).toMatchObject({
      version: '1.2.0',
      status: 'failed',
      outcome: null,
      differs: true,
      replay: { match: true },
    });
    expect(shadow.body.error).toMatch(/breaks the contract \(facts\): \$\.facts\.refundChannel/);
    const report = await t.request('GET', '/v1/rule-sets/refund-destination/shadow/report', { key: auditor });
    expect(report.body.failed).toMatchObject({ count: 1, sampleDecisionIds: [res.body.decision_id] });
    expect(report.body.failed.errors[0].error).toMatch(/refundChannel/);

    // A shadow whose outcome breaks the contract (a destination the code does not know).
    const moon = shipped();
    moon.version = '1.3.0';
    moon.rules.find(
      (r: { name: string }) => r.name === 'referral-switched-to-resale-refunds-to-partner',
    ).event.params.value = { destination: 'moon_account' };
    await sql(
      t,
      `insert into rule_versions (content_hash, rule_set, version, content, published_at) values ($1, $2, $3, $4, now())`,
      [sha256OfCanonicalJson(moon), moon.ruleSet, moon.version, canonicalJson(moon)],
    );
    expect(
      (
        await t.request('POST', '/v1/rule-sets/refund-destination/shadow', {
          body: { version: '1.3.0', reason: 'moon' },
        })
      ).status,
    ).toBe(200);
    const o3 = await switchedOrder(partnerA, '6.00');
    const mooned = await t.request('POST', `/v1/orders/${o3.id}/refunds`, { body: {} });
    expect(mooned.status).toBe(201);
    expect(mooned.body.destination.kind).toBe('association_partner_account');
    const moonShadow = await t.request('GET', `/v1/decisions/${mooned.body.decision_id}/shadow`, { key: auditor });
    expect(moonShadow.body).toMatchObject({ version: '1.3.0', status: 'failed', replay: { match: true } });
    expect(moonShadow.body.error).toMatch(/breaks the contract \(outcome\): \$\.outcome\.value\.destination/);

    const cleared = await t.request('DELETE', '/v1/rule-sets/refund-destination/shadow', { body: { reason: 'done' } });
    expect(cleared.body).toMatchObject({ kind: 'clear', version: null });
    const o2 = await switchedOrder(partnerA, '4.00');
    const after = await w.ok('POST', `/v1/orders/${o2.id}/refunds`, {});
    expect((await t.request('GET', `/v1/decisions/${after.decision_id}/shadow`, { key: auditor })).status).toBe(404);
    const history = await t.request('GET', '/v1/rule-sets/refund-destination/shadow', { key: auditor });
    expect(history.body.shadow).toBeNull();
    expect(history.body.history.map((h: { kind: string; version: string | null }) => `${h.kind}:${h.version}`)).toEqual(
      ['set:1.1.0', 'set:1.2.0', 'set:1.3.0', 'clear:null'],
    );
  });
});

import type { Json } from '../../support/json';
import { shippedRuleFile } from '../../support/rule-files';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

/** A shadow that would allow what the active version denies: the record and the report carry the requested amount. */
describe('shadow deny → allow on a money operation', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    // The active account-adjustment without the partner-available check (and the embedded tests of it), as 9.0.0.
    const active = (await t.request('GET', '/v1/rule-sets')).body.find(
      (r: { ruleSet: string }) => r.ruleSet === 'account-adjustment',
    ).activeVersion as string;
    const file = shippedRuleFile('account-adjustment', active);
    file.version = '9.0.0';
    file.rules = file.rules.filter((r: { name: string }) => r.name !== 'allocation-exceeds-partner-available');
    file.tests = file.tests.filter(
      (c: { expected: Record<string, Json> }) => !JSON.stringify(c.expected).includes('CBC.5003'),
    );
    const published = await t.request('POST', '/v1/rule-sets/account-adjustment/versions', { body: file });
    expect({ status: published.status, body: published.body }).toMatchObject({ status: 201 });
    const set = await t.request('POST', '/v1/rule-sets/account-adjustment/shadow', {
      body: { version: '9.0.0', reason: 'no available check' },
    });
    expect(set.status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a denied allocation (422, nothing moves) records that the shadow would have moved the requested 80.00', async () => {
    const { partner, customer } = await w.resaleCustomer({ partnerFunds: '50.00' });
    const before = await w.partnerBalances(partner.id);
    const res = await t.request('POST', '/v1/adjustments', {
      body: { partnerId: partner.id, customerId: customer.id, operation: 'allocate', amount: '80.00' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error_code).toBe('CBC.5003');
    expect(await w.partnerBalances(partner.id)).toEqual(before);
    const shadow = await t.request('GET', `/v1/decisions/${res.body.decision_id}/shadow`);
    expect(shadow.body).toMatchObject({
      status: 'evaluated',
      outcome: { effect: 'allow' },
      differs: true,
      money: { deltas: [], requestedAmount: '80.00', unquantified: false },
    });
    const report = await t.request('GET', '/v1/rule-sets/account-adjustment/shadow/report');
    expect(report.body.groups).toEqual([
      expect.objectContaining({
        from: { effect: 'deny' },
        to: { effect: 'allow' },
        reasonFrom: 'CBC.5003',
        reasonTo: null,
        count: 1,
      }),
    ]);
    expect(report.body.money.requestedNowAllowed).toEqual([{ partnerId: partner.id, amount: '80.00', decisions: 1 }]);
    expect(report.body.money.byPartner).toEqual([]);
  });
});

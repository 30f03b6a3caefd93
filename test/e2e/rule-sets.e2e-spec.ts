import { countRows } from '../support/ledger-invariants';
import { startTestApp, type TestApp } from '../support/test-app';

describe('policy API: rule sets and recorded checks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /v1/rule-sets lists the six program rule sets (and payment) with their active version and hash', async () => {
    const res = await t.request('GET', '/v1/rule-sets');
    expect(res.status).toBe(200);
    expect(res.body.map((r: { ruleSet: string }) => r.ruleSet)).toEqual([
      'account-adjustment',
      'association',
      'deal-registration',
      'incentive-payout',
      'payment',
      'refund-destination',
      'voucher-issuance',
    ]);
    const highest: Record<string, string> = {
      payment: '1.1.0',
      'voucher-issuance': '1.2.0',
      'incentive-payout': '1.1.0',
      association: '1.1.0',
      'deal-registration': '1.1.0',
    };
    for (const r of res.body) {
      expect(r).toEqual({
        ruleSet: r.ruleSet,
        activeVersion: highest[r.ruleSet] ?? '1.0.0',
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    }
  });

  it('GET /v1/rule-sets/:ruleSet/versions shows the stored versions; an unknown set is 404', async () => {
    const res = await t.request('GET', '/v1/rule-sets/refund-destination/versions');
    expect(res.status).toBe(200);
    expect(res.body.versions).toEqual([
      {
        version: '1.0.0',
        contentHash: expect.any(String),
        publishedAt: expect.any(String),
        publishedBy: null,
        status: 'active',
        effectiveFrom: '1970-01-01T00:00:00.000Z',
      },
    ]);
    expect(res.body.history).toEqual([expect.objectContaining({ kind: 'bootstrap', version: '1.0.0' })]);
    expect((await t.request('GET', '/v1/rule-sets/nope/versions')).status).toBe(404);
  });

  const facts = {
    operation: 'allocate',
    amount: '100.00',
    associationMode: 'referral',
    associatedWithPartner: true,
    partnerAvailable: '500.00',
    customerBalance: '0.00',
    adjustmentInProgress: false,
  };

  it('evaluate records the check and explains it condition by condition; a deny is an answer, not an error', async () => {
    const res = await t.request('POST', '/v1/rule-sets/account-adjustment/evaluate', { body: { facts } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      decision_id: expect.any(String),
      ruleSet: 'account-adjustment',
      version: '1.0.0',
      outcome: { effect: 'deny' },
      reasons: [{ code: 'CBC.5021', message: { zh: expect.any(String), en: expect.any(String) } }],
      matchedRules: ['no-adjustment-for-referral-customers'],
    });
    const rule = res.body.results.find((r: { rule: string }) => r.rule === 'allocation-exceeds-partner-available');
    expect(rule.conditions).toContainEqual({
      fact: 'amount',
      operator: 'decimalGreaterThan',
      factValue: '100.00',
      value: '500.00',
      result: false,
    });
    const em = t.app.get((await import('@mikro-orm/postgresql')).EntityManager).fork();
    const [d] = await em.execute('select operation, effect, facts from decisions where id = ?', [res.body.decision_id]);
    expect(d).toMatchObject({
      operation: 'check',
      effect: 'deny',
      facts: expect.objectContaining({ amount: '100.00' }),
    });
  });

  it('a fact of the wrong type → 400 CBC.0100 naming the fact, and no decision', async () => {
    const before = await countRows(t.databaseUrl);
    const res = await t.request('POST', '/v1/rule-sets/account-adjustment/evaluate', {
      body: { facts: { ...facts, amount: 100 } },
    });
    expect(res.status).toBe(400);
    expect(await countRows(t.databaseUrl)).toEqual(before);
    expect(res.body.error_code).toBe('CBC.0100');
    expect(JSON.stringify(res.body.details)).toContain('amount');
  });

  it('evaluating an unknown rule set → 404; an auditor may not record checks', async () => {
    expect((await t.request('POST', '/v1/rule-sets/nope/evaluate', { body: { facts } })).status).toBe(404);
    const auditor = await t.key('auditor');
    expect(
      (await t.request('POST', '/v1/rule-sets/account-adjustment/evaluate', { key: auditor, body: { facts } })).status,
    ).toBe(403);
  });
});

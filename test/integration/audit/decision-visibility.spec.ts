import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

/**
 * Issue 14: a partner read another partner's customer (balance, mode, flags) through its own denied
 * decision. A partner key now sees a decision's facts about a customer that was not its own only as
 * the rule set's partner-visible table allows; the stored record and its hash are unchanged.
 */
describe('field-level visibility of decisions for partner keys over HTTP', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
  });
  afterAll(() => t.close());

  it("B's denied adjustment on A's customer: B sees its own facts, not the customer's balance or mode", async () => {
    const { partner: a, customer } = await w.resaleCustomer({ partnerFunds: '500.00', customerBalance: '123.45' });
    const b = await w.partner();
    await w.topUp(b.id, '77.00');
    const bKey = await t.key('partner', b.id);
    const denied = await t.request('POST', '/v1/adjustments', {
      key: bKey,
      body: { partnerId: b.id, customerId: customer.id, operation: 'reclaim', amount: '10.00' },
    });
    expect(denied).toMatchObject({ status: 422, body: { error_code: 'CBC.5004', decision_id: expect.any(String) } });
    const id = denied.body.decision_id as string;

    const seenByB = (await t.request('GET', `/v1/decisions/${id}`, { key: bKey })).body;
    expect(seenByB.facts).toMatchObject({
      operation: 'reclaim',
      amount: '10.00',
      associatedWithPartner: false,
      partnerAvailable: '77.00',
      associationMode: '[redacted]',
      customerBalance: '[redacted]',
      adjustmentInProgress: '[redacted]',
    });
    expect(seenByB.redactedFacts).toEqual(expect.arrayContaining(['associationMode', 'customerBalance']));
    const text = JSON.stringify(seenByB);
    expect(text).not.toContain('123.45');
    expect(text).not.toContain('"resale"');

    // the full record for an auditor, unchanged, and the chain still verifies
    const full = (await t.request('GET', `/v1/decisions/${id}`)).body;
    expect(full.facts).toMatchObject({ associationMode: 'resale', customerBalance: '123.45' });
    expect(full.redactedFacts).toBeUndefined();
    const verify = await t.request('GET', '/v1/decisions/verify');
    expect(verify.body).toMatchObject({ ok: true });
    const replay = await t.request('POST', `/v1/decisions/${id}/replay`);
    expect(replay.body.match).toBe(true);

    // A reads its own customer's decisions in full
    const aKey = await t.key('partner', a.id);
    const own = await t.request('POST', '/v1/adjustments', {
      key: aKey,
      body: { partnerId: a.id, customerId: customer.id, operation: 'allocate', amount: '1.00' },
    });
    const seenByA = (await t.request('GET', `/v1/decisions/${own.body.decision_id}`, { key: aKey })).body;
    expect(seenByA.facts).toMatchObject({ associationMode: 'resale', customerBalance: '123.45' });
    expect(seenByA.redactedFacts).toBeUndefined();
    // and cannot read B's at all
    expect((await t.request('GET', `/v1/decisions/${id}`, { key: aKey })).status).toBe(403);
  });

  it("a denied association for B of a stranger with flags: B does not see the customer's flags", async () => {
    const b = await w.partner();
    const bKey = await t.key('partner', b.id);
    const stranger = await w.customer({ flags: { internal: true, inArrears: true } });
    const denied = await t.request('POST', '/v1/associations', {
      body: { partnerId: b.id, customerId: stranger.id, mode: 'resale' },
    });
    expect(denied.status).toBe(422);
    const seen = (await t.request('GET', `/v1/decisions/${denied.body.decision_id}`, { key: bKey })).body;
    expect(seen.facts).toMatchObject({ operation: 'associate', requestedMode: 'resale', internal: '[redacted]' });
    for (const rule of seen.results) {
      for (const c of rule.conditions) {
        if (!['operation', 'requestedMode'].includes(c.fact))
          expect({ fact: c.fact, factValue: c.factValue }).toEqual({ fact: c.fact, factValue: '[redacted]' });
      }
    }
    // once associated (by the platform), its customer's decisions are its business
    const ok = await t.request('POST', '/v1/associations', {
      body: { partnerId: b.id, customerId: (await w.customer({ flags: { inArrears: true } })).id, mode: 'referral' },
    });
    const mine = (await t.request('GET', `/v1/decisions/${ok.body.decision_id}`, { key: bKey })).body;
    expect(mine.facts).toMatchObject({ inArrears: true });
  });
});

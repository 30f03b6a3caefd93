import { canonicalJson, PolicyRegistry, sha256OfCanonicalJson } from '@pps/rules';
import { Client } from 'pg';
import { bumped, shippedRuleFile } from '../../support/rule-files';
import { startTestApp, type TestApp } from '../../support/test-app';
import type { Json } from '../../support/json';
import { World } from '../../support/world';

/** Every rule set has a contract with the code: no version that breaks it enters service. */
describe('rule-set contracts: checked wherever a version can enter service', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
  });
  afterAll(() => t.close());

  const versionsOf = async (ruleSet: string) => {
    const view = await w.ok('GET', `/v1/rule-sets/${ruleSet}/versions`);
    return {
      versions: view.versions.map((v: Json) => `${v.version}:${v.status}`),
      active: view.versions.find((v: Json) => v.status === 'active')?.version,
      history: view.history.length,
    };
  };

  /** Answers 400 CBC.0100 naming each path, and leaves the stored versions and the active one as they were. */
  async function expectRefused(ruleSet: string, send: () => Promise<Json>, paths: string[]) {
    const before = await versionsOf(ruleSet);
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('CBC.0100');
    const reported = res.body.details.problems.map((p: Json) => p.path);
    for (const path of paths) expect(reported).toContain(path);
    expect(await versionsOf(ruleSet)).toEqual(before);
    return res.body.details.problems as Array<{ path: string; message: string }>;
  }
  const publish = (ruleSet: string, file: unknown) =>
    t.request('POST', `/v1/rule-sets/${ruleSet}/versions`, { body: file });
  const activate = (ruleSet: string, version: string, effectiveFrom?: string) =>
    t.request('POST', `/v1/rule-sets/${ruleSet}/activate`, {
      body: { version, reason: 'contract test', ...(effectiveFrom ? { effectiveFrom } : {}) },
    });

  /** Stores a version straight into the table, bypassing publish (as a version stored before contracts). */
  async function storeDirectly(file: Record<string, unknown>): Promise<string> {
    const hash = sha256OfCanonicalJson(file);
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `insert into rule_versions (content_hash, rule_set, version, content, published_at) values ($1, $2, $3, $4, now())`,
        [hash, file.ruleSet, file.version, canonicalJson(file)],
      );
    } finally {
      await db.end();
    }
    return hash;
  }
  /** Activates straight in the table (as an activation made before contracts), then lets the service follow. */
  async function activateDirectly(
    ruleSet: string,
    version: string,
    hash: string,
    from: { version: string; hash: string },
  ) {
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `insert into rule_activations (rule_set, version, content_hash, from_version, from_content_hash, kind, reason, effective_from, activated_at)
         values ($1, $2, $3, $4, $5, 'activate', 'before contracts', $6, $6)`,
        [ruleSet, version, hash, from.version, from.hash, t.clock.now()],
      );
    } finally {
      await db.end();
    }
    await t.app.get(PolicyRegistry).refresh();
  }

  /** refund-destination with customer_account renamed moon_account everywhere (embedded tests too). */
  const moonRefunds = (version: string) =>
    JSON.parse(JSON.stringify(bumped('refund-destination', version)).replace(/customer_account/g, 'moon_account'));
  const moonPaths = (file: Json) =>
    file.rules
      .map((r: Json, i: number) => (r.event.params.value?.destination === 'moon_account' ? i : -1))
      .filter((i: number) => i >= 0)
      .map((i: number) => `$.rules[${i}].event.params.value.destination`);

  async function referralOnlineOrder() {
    const partner = await w.partner();
    const customer = await w.customer();
    await w.associate(partner.id, customer.id, 'referral');
    const order = await w.ok('POST', '/v1/orders', {
      customerId: customer.id,
      amount: '10.00',
      paymentMethod: 'online',
    });
    return { partner, customer, order };
  }
  const refund = (orderId: string) => t.request('POST', `/v1/orders/${orderId}/refunds`, { body: {} });

  it('try 1: a version declaring a fact the code does not supply (riskScore) is refused at publish; adjustments still work', async () => {
    const file = bumped('account-adjustment', '1.81.0');
    file.facts.riskScore = { type: 'decimal', description: 'a new idea', example: '0.5' };
    const problems = await expectRefused('account-adjustment', () => publish('account-adjustment', file), [
      '$.facts.riskScore',
    ]);
    expect(problems.find((p) => p.path === '$.facts.riskScore')?.message).toContain('not supplied by the code');
    expect((await activate('account-adjustment', '1.81.0')).status).toBe(404); // nothing was stored
    const { partner, customer } = await w.resaleCustomer({ partnerFunds: '50.00' });
    const res = await t.request('POST', '/v1/adjustments', {
      body: { partnerId: partner.id, customerId: customer.id, operation: 'allocate', amount: '20.00' },
    });
    expect(res.status).toBe(201);
    expect((await w.customerView(customer.id)).balance).toBe('20.00');
    expect((await w.partnerBalances(partner.id)).cash).toBe('30.00');
  });

  it('a version declaring a supplied fact with another type is refused at publish', async () => {
    const file = bumped('account-adjustment', '1.2.0');
    file.facts.associationMode = { type: 'string', description: 'now free text' };
    await expectRefused('account-adjustment', () => publish('account-adjustment', file), [
      '$.facts.associationMode.type',
    ]);
  });

  it('a version that narrows an enum the code supplies is refused (the code would send a value it refuses)', async () => {
    const file = bumped('account-adjustment', '1.2.1');
    file.facts.operation = { ...file.facts.operation, values: ['allocate'] };
    file.tests = file.tests.filter((x: Json) => x.facts.operation !== 'reclaim');
    await expectRefused('account-adjustment', () => publish('account-adjustment', file), ['$.facts.operation.values']);
  });

  it('try 2: a refund destination outside the enum (moon_account) is refused at publish; refunds still go to the customer', async () => {
    const file = moonRefunds('1.2.0');
    const paths = moonPaths(file);
    expect(paths.length).toBeGreaterThan(0);
    const problems = await expectRefused('refund-destination', () => publish('refund-destination', file), paths);
    expect(problems.find((p) => p.path === paths[0])?.message).toContain('customer_account');
    const { customer, order } = await referralOnlineOrder();
    const res = await refund(order.id);
    expect(res.status).toBe(201);
    expect(res.body.destination).toMatchObject({
      ownerType: 'customer',
      ownerId: customer.id,
      kind: 'customer_account',
    });
    expect((await w.customerView(customer.id)).balance).toBe('10.00');
  });

  it('a payout method outside the enum is refused at publish, and so is an unknown requiresInvoice key', async () => {
    const file = bumped('incentive-payout', '1.1.0');
    const i = file.rules.findIndex((r: Json) => r.event.type === 'value');
    file.rules[i].event.params.value.methods[0] = 'cash_in_hand';
    file.rules[i].event.params.value.requiresInvoice.cash_in_hand = false;
    await expectRefused('incentive-payout', () => publish('incentive-payout', file), [
      `$.rules[${i}].event.params.value.methods[0]`,
      `$.rules[${i}].event.params.value.requiresInvoice`,
    ]);
  });

  it('a version missing a parameter the code reads is refused at publish', async () => {
    const file = bumped('association', '1.1.0');
    delete file.parameters.modeChangeWindowMonths;
    await expectRefused('association', () => publish('association', file), ['$.parameters.modeChangeWindowMonths']);
  });

  it('a reason code outside the namespace is refused; every problem is reported at once', async () => {
    const file = moonRefunds('1.3.0');
    file.rules[0].event.params.reason.code = 'CBC.5004';
    delete file.parameters.refundToPartnerBusinessDays; // not read by the code: no problem
    file.facts.orderAmount = { type: 'decimal' };
    await expectRefused('refund-destination', () => publish('refund-destination', file), [
      '$.rules[0].event.params.reason.code',
      '$.facts.orderAmount',
      ...moonPaths(file),
    ]);
  });

  it('try 3: a version using fewer facts (adjustmentInProgress and its rule removed) is published, activated, and allocations work', async () => {
    const file = bumped('account-adjustment', '1.3.0');
    delete file.facts.adjustmentInProgress;
    file.rules = file.rules.filter((r: Json) => r.name !== 'adjustment-in-progress');
    file.tests = file.tests
      .filter((x: Json) => !(x.expected.matchedRules ?? []).includes('adjustment-in-progress'))
      .filter((x: Json) => !(x.expected.reasons ?? []).includes('CBC.99007461'))
      .map((x: Json) => {
        const facts = { ...x.facts };
        delete facts.adjustmentInProgress;
        return { ...x, facts };
      });
    expect((await publish('account-adjustment', file)).status).toBe(201);
    // Its impact on past decisions is computed on the facts it declares: none is unevaluable.
    const impact = await w.ok('POST', '/v1/rule-sets/account-adjustment/impact', { version: '1.3.0' });
    expect(impact.examined).toBeGreaterThan(0);
    expect(impact.unevaluable.count).toBe(0);
    expect((await activate('account-adjustment', '1.3.0')).status).toBe(200);
    const { partner, customer } = await w.resaleCustomer({ partnerFunds: '40.00' });
    const res = await t.request('POST', '/v1/adjustments', {
      body: { partnerId: partner.id, customerId: customer.id, operation: 'allocate', amount: '15.00' },
    });
    expect(res.status).toBe(201);
    const decision = await w.ok('GET', `/v1/decisions/${res.body.decision_id}`);
    expect(decision).toMatchObject({ version: '1.3.0' });
    expect(Object.keys(decision.facts)).not.toContain('adjustmentInProgress');
    expect((await w.customerView(customer.id)).balance).toBe('15.00');
  });

  it('a version stored directly in the table is refused at activation (now or scheduled); a rule set without a contract cannot be activated', async () => {
    const file = moonRefunds('1.4.0');
    await storeDirectly(file);
    const paths = moonPaths(file);
    await expectRefused('refund-destination', () => activate('refund-destination', '1.4.0'), paths);
    await expectRefused(
      'refund-destination',
      () => activate('refund-destination', '1.4.0', new Date(t.clock.now().getTime() + 86_400_000).toISOString()),
      paths,
    );

    const stray = { ...bumped('refund-destination', '1.0.0'), ruleSet: 'stray-rules' };
    expect((await publish('stray-rules', stray)).status).toBe(201); // may be stored …
    const res = await activate('stray-rules', '1.0.0'); // … never activated
    expect(res.status).toBe(400);
    expect(res.body.details.problems).toEqual([{ path: '$.ruleSet', message: expect.stringContaining('no contract') }]);
    expect((await w.ok('GET', '/v1/rule-sets')).map((r: Json) => r.ruleSet)).not.toContain('stray-rules');
  });

  it('GET …/contract: account-adjustment lists amount as a decimal fact; refund-destination lists the destination enum', async () => {
    const auditor = await t.key('auditor');
    const adjustment = await t.request('GET', '/v1/rule-sets/account-adjustment/contract', { key: auditor });
    expect(adjustment.status).toBe(200);
    expect(adjustment.body.properties.facts.properties.amount).toMatchObject({
      type: 'string',
      'x-pps-type': 'decimal',
    });
    expect(adjustment.body.properties.facts.required).toContain('amount');
    expect(adjustment.body.properties.outcome.properties.value).toBeUndefined();
    const refundContract = await w.ok('GET', '/v1/rule-sets/refund-destination/contract');
    expect(refundContract.properties.outcome.properties.value.properties.destination.enum).toEqual([
      'customer_account',
      'association_partner_account',
      'paying_partner_account',
    ]);
    expect((await w.ok('GET', '/v1/rule-sets/deal-registration/contract')).properties.parameters.required).toEqual([
      'registrationValidityDays',
      'onlineInvitationValidityDays',
    ]);
    expect((await t.request('GET', '/v1/rule-sets/nope/contract')).status).toBe(404);
  });

  it('run time: an outcome breaking the contract (a version activated before contracts) rolls back, 500 PPS.0510, counted; rollback onto it is refused', async () => {
    const { customer, order } = await referralOnlineOrder();
    const before = await w.ok('GET', '/v1/rule-sets/refund-destination/versions');
    const good = before.versions.find((v: Json) => v.status === 'active');
    const moon = moonRefunds('1.5.0');
    const moonHash = await storeDirectly(moon);
    await activateDirectly('refund-destination', '1.5.0', moonHash, { version: good.version, hash: good.contentHash });

    const decisionsBefore = (await w.ok('GET', `/v1/decisions?ruleSet=refund-destination&limit=100`)).items?.length;
    const res = await refund(order.id);
    expect(res.status).toBe(500);
    expect(res.body.error_code).toBe('PPS.0510');
    expect(res.body.details).toMatchObject({
      ruleSet: 'refund-destination',
      version: '1.5.0',
      violation: 'outcome',
      problems: [expect.objectContaining({ path: '$.outcome.value.destination' })],
    });
    expect((await w.customerView(customer.id)).balance).toBe('0.00');
    expect((await w.ok('GET', `/v1/decisions?ruleSet=refund-destination&limit=100`)).items?.length).toBe(
      decisionsBefore,
    );
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.text).toMatch(
      /pps_rule_contract_violations_total\{rule_set="refund-destination",version="1.5.0",kind="outcome"\} 1/,
    );

    // Back to the good version (directly), whose previous version is the moon one: rollback would reactivate it.
    await activateDirectly('refund-destination', good.version, good.contentHash, { version: '1.5.0', hash: moonHash });
    const rollback = () =>
      t.request('POST', '/v1/rule-sets/refund-destination/rollback', { body: { reason: 'back to the moon' } });
    await expectRefused('refund-destination', rollback, moonPaths(moon));
    const ok = await refund(order.id);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ amount: '10.00', destination: { ownerType: 'customer', ownerId: customer.id } });
  });

  it('run time: facts the server built that a stored version refuses are a server error, never a client 400', async () => {
    const good = (await w.ok('GET', '/v1/rule-sets/account-adjustment/versions')).versions.find(
      (v: Json) => v.status === 'active',
    );
    const file = shippedRuleFile('account-adjustment');
    file.version = '1.9.0';
    file.facts.amount = { type: 'integer', description: 'whole amounts only' };
    file.rules = file.rules.filter((r: Json) => !JSON.stringify(r.conditions).includes('"amount"'));
    file.tests = [file.tests[0]]; // not run: the version never passes publish
    const hash = await storeDirectly(file);
    await activateDirectly('account-adjustment', '1.9.0', hash, { version: good.version, hash: good.contentHash });
    const { partner, customer } = await w.resaleCustomer({ partnerFunds: '40.00' });
    const res = await t.request('POST', '/v1/adjustments', {
      body: { partnerId: partner.id, customerId: customer.id, operation: 'allocate', amount: '15.00' },
    });
    expect(res.status).toBe(500);
    expect(res.body.error_code).toBe('PPS.0511');
    expect(res.body.details.problems).toEqual([expect.objectContaining({ path: '$.facts.amount' })]);
    expect((await w.customerView(customer.id)).balance).toBe('0.00');
    await activateDirectly('account-adjustment', good.version, good.contentHash, { version: '1.9.0', hash });
  });
});

describe('rule-set contracts: the start-up bootstrap', () => {
  it('activates the highest stored version that keeps its contract, not a higher one stored directly that breaks it', async () => {
    const moon = JSON.parse(
      JSON.stringify(bumped('refund-destination', '2.0.0')).replace(/customer_account/g, 'moon_account'),
    );
    const t = await startTestApp({
      beforeStart: async (url) => {
        const db = new Client({ connectionString: url });
        await db.connect();
        try {
          await db.query(
            `insert into rule_versions (content_hash, rule_set, version, content) values ($1, 'refund-destination', '2.0.0', $2)`,
            [sha256OfCanonicalJson(moon), canonicalJson(moon)],
          );
        } finally {
          await db.end();
        }
      },
    });
    try {
      const view = (await t.request('GET', '/v1/rule-sets/refund-destination/versions')).body;
      expect(view.versions.map((v: Json) => [v.version, v.status])).toEqual([
        ['1.0.0', 'active'],
        ['2.0.0', 'available'],
      ]);
      expect(view.history).toEqual([expect.objectContaining({ kind: 'bootstrap', version: '1.0.0' })]);
    } finally {
      await t.close();
    }
  });
});

import { PolicyRegistry } from '@pps/rules';
import { bumped, highestShipped, shippedRuleFile } from '../../support/rule-files';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

describe('rule versions: publish, activate, schedule, roll back', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp({ config: { dbPoolSize: 20 } });
    w = new World(t);
  });
  afterAll(() => t.close());

  // Candidate versions above anything shipped; BASE is what a fresh service activates.
  const BASE = highestShipped('account-adjustment');
  const CANDIDATE = '1.90.0';
  const UNDER_LOAD = '1.93.0';
  const PAYMENT_BASE = highestShipped('payment');
  const PAYMENT_SCHEDULED = '1.92.0';

  const facts = {
    operation: 'allocate',
    amount: '10.00',
    associationMode: 'resale',
    associatedWithPartner: true,
    partnerAvailable: '100.00',
    customerBalance: '0.00',
    adjustmentInProgress: false,
  };
  const check = () => w.ok('POST', '/v1/rule-sets/account-adjustment/evaluate', { facts });

  it('publishing an invalid file → 400 with every problem as { path, message }, nothing stored', async () => {
    const bad = {
      ...bumped('account-adjustment', '9.0.0'),
      rules: [
        {
          name: 'x',
          priority: 1,
          conditions: { all: [{ fact: 'nope', operator: 'equal', value: 1 }] },
          event: { type: 'deny' },
        },
      ],
    };
    const res = await t.request('POST', '/v1/rule-sets/account-adjustment/versions', { body: bad });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('CBC.0100');
    expect(res.body.details.problems.length).toBeGreaterThan(1);
    for (const p of res.body.details.problems)
      expect(p).toEqual({
        path: expect.stringMatching(/^\$/),
        message: expect.any(String),
        ...(p.file ? { file: p.file } : {}),
        ...(p.line ? { line: p.line, column: p.column } : {}),
      });
    const versions = await w.ok('GET', '/v1/rule-sets/account-adjustment/versions');
    expect(versions.versions.map((v: { version: string }) => v.version)).not.toContain('9.0.0');
  });

  it('a file whose embedded tests fail is refused', async () => {
    const file = bumped('account-adjustment', '9.1.0');
    file.tests = [{ name: 'a wrong expectation', facts: {}, expected: { effect: 'deny' } }];
    const res = await t.request('POST', '/v1/rule-sets/account-adjustment/versions', { body: file });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.details.problems)).toContain('embedded test fails');
  });

  it('publishing stores once: same content again is a no-op (200), same version with other content is 409', async () => {
    const file = bumped('account-adjustment', CANDIDATE, BASE);
    const first = await t.request('POST', '/v1/rule-sets/account-adjustment/versions', { body: file });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      ruleSet: 'account-adjustment',
      version: CANDIDATE,
      created: true,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const again = await t.request('POST', '/v1/rule-sets/account-adjustment/versions', { body: file });
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    const other = await t.request('POST', '/v1/rule-sets/account-adjustment/versions', {
      body: { ...file, description: 'changed' },
    });
    expect(other.status).toBe(409);
    expect(other.body.error_code).toBe('PPS.0024');
    const wrongSet = await t.request('POST', '/v1/rule-sets/association/versions', { body: file });
    expect(wrongSet.status).toBe(400);
  });

  it('activation switches the version decisions record; rollback returns to the previous one; history keeps who, when, why', async () => {
    const before = await check();
    expect(before.version).toBe(BASE);
    const activated = await t.request('POST', '/v1/rule-sets/account-adjustment/activate', {
      body: { version: CANDIDATE, reason: 'CHG-1: clearer description' },
    });
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({
      version: CANDIDATE,
      fromVersion: BASE,
      kind: 'activate',
      reason: 'CHG-1: clearer description',
      activatedBy: expect.any(String),
    });
    const after = await check();
    expect(after.version).toBe(CANDIDATE);
    expect(after.contentHash).not.toBe(before.contentHash);

    const rolled = await t.request('POST', '/v1/rule-sets/account-adjustment/rollback', { body: { reason: 'INC-7' } });
    expect(rolled.body).toMatchObject({ version: BASE, fromVersion: CANDIDATE, kind: 'rollback' });
    expect((await check()).version).toBe(BASE);

    const view = await w.ok('GET', '/v1/rule-sets/account-adjustment/versions');
    const statuses = new Map(view.versions.map((v: { version: string; status: string }) => [v.version, v.status]));
    expect([statuses.get(BASE), statuses.get(CANDIDATE)]).toEqual(['active', 'superseded']);
    // every other (shipped, never activated) version is merely available
    for (const [version, status] of statuses)
      if (version !== BASE && version !== CANDIDATE)
        expect({ version, status }).toEqual({ version, status: 'available' });
    expect(view.history.map((a: { kind: string; version: string }) => `${a.kind}:${a.version}`)).toEqual([
      `bootstrap:${BASE}`,
      `activate:${CANDIDATE}`,
      `rollback:${BASE}`,
    ]);
  });

  it('a scheduled activation takes effect exactly at effectiveFrom (injected clock)', async () => {
    t.clock.set('2026-06-01T00:00:00Z');
    const file = bumped('payment', PAYMENT_SCHEDULED, PAYMENT_BASE);
    await w.ok('POST', '/v1/rule-sets/payment/versions', file);
    const scheduled = await w.ok('POST', '/v1/rule-sets/payment/activate', {
      version: PAYMENT_SCHEDULED,
      reason: 'from July',
      effectiveFrom: '2026-07-01T00:00:00Z',
    });
    expect(scheduled.effectiveFrom).toBe('2026-07-01T00:00:00.000Z');
    const view = await w.ok('GET', '/v1/rule-sets/payment/versions');
    expect(view.versions.find((v: { version: string }) => v.version === PAYMENT_SCHEDULED).status).toBe('scheduled');

    const p = await w.partner();
    t.clock.set('2026-06-30T23:59:59.999Z');
    const beforeSwitch = await w.topUp(p.id, '1.00');
    t.clock.set('2026-07-01T00:00:00Z');
    const atSwitch = await w.topUp(p.id, '1.00');
    const registry = t.app.get(PolicyRegistry);
    const em = t.app.get((await import('@mikro-orm/postgresql')).EntityManager).fork();
    const rows = await em.execute<
      Array<{ version: string; content_hash: string; facts: Record<string, unknown>; outcome: unknown }>
    >('select id, version, content_hash, facts, outcome from decisions where id in (?, ?) order by decided_at', [
      beforeSwitch.decision_id,
      atSwitch.decision_id,
    ]);
    expect(rows.map((r: { version: string }) => r.version)).toEqual([PAYMENT_BASE, PAYMENT_SCHEDULED]);
    // Each replays against its own version.
    for (const r of rows) {
      const compiled = await registry.byContentHash(r.content_hash);
      expect(compiled!.evaluate(r.facts).outcome).toEqual(r.outcome);
    }
    t.clock.set('2026-01-15T08:00:00Z');
  });

  it('200 requests in flight across a switch: each records one of the two versions and replays to the same outcome; none fail', async () => {
    const file = bumped('account-adjustment', UNDER_LOAD, BASE);
    await w.ok('POST', '/v1/rule-sets/account-adjustment/versions', file);
    const registry = t.app.get(PolicyRegistry);
    const requests = Array.from({ length: 200 }, (_, i) =>
      i === 100
        ? t.request('POST', '/v1/rule-sets/account-adjustment/activate', {
            body: { version: UNDER_LOAD, reason: 'under load' },
          })
        : null,
    );
    const results = await Promise.all(
      requests.map(
        (activation) =>
          activation ?? t.request('POST', '/v1/rule-sets/account-adjustment/evaluate', { body: { facts } }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const checks = results.filter((r) => r.body.decision_id);
    for (const r of checks) expect([BASE, UNDER_LOAD]).toContain(r.body.version);
    const em = t.app.get((await import('@mikro-orm/postgresql')).EntityManager).fork();
    const ids = checks.map((r) => r.body.decision_id);
    const rows = await em.execute(
      `select content_hash, facts, outcome, reasons from decisions where id in (${ids.map(() => '?').join(',')})`,
      ids,
    );
    expect(rows).toHaveLength(199);
    for (const r of rows) {
      const replayed = (await registry.byContentHash(r.content_hash))!.evaluate(r.facts);
      expect({ outcome: replayed.outcome, reasons: replayed.reasons }).toEqual({
        outcome: r.outcome,
        reasons: r.reasons,
      });
    }
    expect((await check()).version).toBe(UNDER_LOAD);
  });

  it('admin only: an auditor or service key may read versions but not publish or activate', async () => {
    const auditor = await t.key('auditor');
    expect((await t.request('GET', '/v1/rule-sets/account-adjustment/versions', { key: auditor })).status).toBe(200);
    expect(
      (
        await t.request('POST', '/v1/rule-sets/account-adjustment/versions', {
          key: auditor,
          body: shippedRuleFile('account-adjustment'),
        })
      ).status,
    ).toBe(403);
    const service = await t.key('service');
    expect(
      (
        await t.request('POST', '/v1/rule-sets/account-adjustment/activate', {
          key: service,
          body: { version: '1.0.0', reason: 'x' },
        })
      ).status,
    ).toBe(403);
  });

  it('activating an unknown version → 404; a rollback with no previous version → 409', async () => {
    expect(
      (
        await t.request('POST', '/v1/rule-sets/account-adjustment/activate', {
          body: { version: '7.7.7', reason: 'x' },
        })
      ).status,
    ).toBe(404);
    const res = await t.request('POST', '/v1/rule-sets/deal-registration/rollback', { body: { reason: 'x' } });
    expect(res.status).toBe(409);
    expect(res.body.error_code).toBe('PPS.0025');
  });
});

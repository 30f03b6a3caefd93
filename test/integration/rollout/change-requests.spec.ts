import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { canonicalJson, sha256OfCanonicalJson } from '@pps/rules';
import type { Json } from '../../support/json';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';
import { sql } from '../audit/audit-support';

/**
 * Four eyes in one process (ACTIVATION_APPROVALS=2): what a change request carries (the impact over
 * the last 30 days, the shadow report when the candidate ran as a shadow), scheduled activations,
 * who may see and decide them.
 */
describe('change requests (four-eyes activation)', () => {
  let t: TestApp;
  let w: World;
  let second: string;
  let auditor: string;
  const candidate = JSON.parse(
    readFileSync(path.join(__dirname, '../../../rules/refund-destination/1.0.0.json'), 'utf8'),
  ) as Record<string, Json>;
  candidate.version = '1.1.0';
  const rule = candidate.rules.find(
    (r: { name: string }) => r.name === 'referral-switched-to-resale-refunds-to-partner',
  );
  rule.event.params.value = { destination: 'customer_account' };
  rule.event.params.reason = {
    code: 'PPS.3103',
    message: { zh: '退款至客户账户', en: "Refund to the customer's account" },
  };
  for (const test of candidate.tests)
    if (
      /switched from referral to resale/.test(test.name) &&
      test.expected.value?.destination === 'association_partner_account'
    )
      test.expected = { ...test.expected, value: { destination: 'customer_account' }, reasons: ['PPS.3103'] };

  beforeAll(async () => {
    t = await startTestApp({ config: { activationApprovals: 2 } });
    w = new World(t);
    second = await t.key('admin');
    auditor = await t.key('auditor');
    expect((await t.request('POST', '/v1/rule-sets/refund-destination/versions', { body: candidate })).status).toBe(
      201,
    );
    expect(
      (
        await t.request('POST', '/v1/rule-sets/refund-destination/shadow', {
          body: { version: '1.1.0', reason: 'try' },
        })
      ).status,
    ).toBe(200);
    const p = await w.partner();
    const c = await w.customer();
    const a = await w.associate(p.id, c.id, 'referral');
    const order = await w.ok('POST', '/v1/orders', { customerId: c.id, amount: '40.00', paymentMethod: 'online' });
    await w.ok('POST', `/v1/associations/${a.id}/switch`, { mode: 'resale' });
    await w.ok('POST', `/v1/orders/${order.id}/refunds`, {});
  });
  afterAll(async () => {
    await t.close();
  });

  it('carries the impact over the last 30 days and the shadow report; auditors see it but cannot decide; a scheduled activation is scheduled once approved', async () => {
    const res = await t.request('POST', '/v1/rule-sets/refund-destination/activate', {
      body: { version: '1.1.0', reason: 'CHG-11', effectiveFrom: '2026-02-01T00:00:00Z' },
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'pending',
      effectiveFrom: '2026-02-01T00:00:00.000Z',
      fromVersion: '1.0.0',
    });
    expect(res.body.impact).toMatchObject({
      changed: 1,
      window: { from: '2025-12-16T08:00:00.000Z', to: null },
      money: { total: [{ currency: 'CNY', movedDifferently: '40.00' }] },
    });
    expect(res.body.shadowReport).toMatchObject({
      examined: 1,
      differing: 1,
      money: { total: [{ movedDifferently: '40.00' }] },
    });

    const listed = await t.request('GET', '/v1/rule-sets/refund-destination/change-requests', { key: auditor });
    expect(listed.status).toBe(200);
    expect(listed.body.changeRequests.map((c: { id: string }) => c.id)).toEqual([res.body.id]);
    const url = `/v1/rule-sets/refund-destination/change-requests/${res.body.id}`;
    expect((await t.request('GET', url, { key: auditor })).body.id).toBe(res.body.id);
    expect((await t.request('POST', `${url}/approve`, { key: auditor, body: { reason: 'x' } })).status).toBe(403);
    expect((await t.request('POST', `${url}/approve`, { key: second, body: {} })).status).toBe(400);
    expect(
      (
        await t.request('POST', `/v1/rule-sets/refund-destination/change-requests/not-an-id/approve`, {
          key: second,
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await t.request('POST', `/v1/rule-sets/payment/change-requests/${res.body.id}/approve`, {
          key: second,
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(404);

    const approved = await t.request('POST', `${url}/approve`, { key: second, body: { reason: 'ok' } });
    expect(approved.status).toBe(200);
    expect(approved.body.activation).toMatchObject({ version: '1.1.0', effectiveFrom: '2026-02-01T00:00:00.000Z' });
    const versions = await t.request('GET', '/v1/rule-sets/refund-destination/versions');
    expect(versions.body.versions.find((v: { version: string }) => v.version === '1.1.0').status).toBe('scheduled');
    expect(
      (await t.request('GET', '/v1/rule-sets')).body.find(
        (r: { ruleSet: string }) => r.ruleSet === 'refund-destination',
      ).activeVersion,
    ).toBe('1.0.0');
    t.clock.set(new Date('2026-02-01T00:00:00Z'));
    expect(
      (await t.request('GET', '/v1/rule-sets')).body.find(
        (r: { ruleSet: string }) => r.ruleSet === 'refund-destination',
      ).activeVersion,
    ).toBe('1.1.0');
  });

  it('unknown versions are refused at request time; a rollback with nothing to roll back to is 409', async () => {
    expect(
      (
        await t.request('POST', '/v1/rule-sets/refund-destination/activate', {
          body: { version: '7.7.7', reason: 'x' },
        })
      ).status,
    ).toBe(404);
    // A version that breaks its contract (stored directly, as before contracts) is refused at request time too.
    const moon = JSON.parse(
      readFileSync(path.join(__dirname, '../../../rules/refund-destination/1.0.0.json'), 'utf8'),
    ) as Record<string, Json>;
    moon.version = '1.5.0';
    moon.rules[0].event.params.value = { destination: 'moon_account' };
    await sql(
      t,
      `insert into rule_versions (content_hash, rule_set, version, content, published_at) values ($1, $2, $3, $4, now())`,
      [sha256OfCanonicalJson(moon), 'refund-destination', '1.5.0', canonicalJson(moon)],
    );
    const before = (await t.request('GET', '/v1/rule-sets/refund-destination/change-requests')).body.changeRequests
      .length;
    const refused = await t.request('POST', '/v1/rule-sets/refund-destination/activate', {
      body: { version: '1.5.0', reason: 'x' },
    });
    expect({ status: refused.status, code: refused.body.error_code }).toEqual({ status: 400, code: 'CBC.0100' });
    expect(
      (await t.request('GET', '/v1/rule-sets/refund-destination/change-requests')).body.changeRequests,
    ).toHaveLength(before);
    const r = await t.request('POST', '/v1/rule-sets/payment/rollback', { body: { reason: 'x' } });
    expect({ status: r.status, code: r.body.error_code }).toEqual({ status: 409, code: 'PPS.0025' });
    expect((await t.request('GET', '/v1/rule-sets/payment/change-requests')).body.changeRequests).toEqual([]);
  });

  it('an approval is one transaction: when any step of it fails, nothing is activated and the request stays pending', async () => {
    const file = JSON.parse(
      readFileSync(path.join(__dirname, '../../../rules/refund-destination/1.0.0.json'), 'utf8'),
    ) as Record<string, Json>;
    file.version = '1.6.0';
    file.description = `${file.description} (1.6.0)`;
    expect((await t.request('POST', '/v1/rule-sets/refund-destination/versions', { body: file })).status).toBe(201);
    const requested = await t.request('POST', '/v1/rule-sets/refund-destination/activate', {
      body: { version: '1.6.0', reason: 'four eyes, then a failure' },
    });
    expect(requested.status).toBe(202);
    const id = requested.body.changeRequest?.id ?? requested.body.id;
    const activationsBefore = await sql(t, `select count(*)::int as n from rule_activations`);
    // The last step of an approval (linking the request to its activation) fails, after the
    // activation row was written in the same transaction.
    await sql(
      t,
      `create function pps_test_fail_link() returns trigger language plpgsql as $$
       begin raise exception 'link refused by the test'; end $$`,
    );
    await sql(
      t,
      `create trigger pps_test_fail_link before update of activation_id on change_requests
       for each row when (new.activation_id is not null) execute function pps_test_fail_link()`,
    );
    try {
      const approved = await t.request('POST', `/v1/rule-sets/refund-destination/change-requests/${id}/approve`, {
        key: second,
        body: { reason: 'looks right' },
      });
      expect(approved.status).toBeGreaterThanOrEqual(500);
    } finally {
      await sql(t, `drop trigger pps_test_fail_link on change_requests`);
      await sql(t, `drop function pps_test_fail_link()`);
    }
    expect(await sql(t, `select count(*)::int as n from rule_activations`)).toEqual(activationsBefore);
    const [row] = await sql(t, `select status, decided_by, activation_id from change_requests where id = $1`, [id]);
    expect(row).toEqual({ status: 'pending', decided_by: null, activation_id: null });
    const sets = (await t.request('GET', '/v1/rule-sets')).body as Array<{ ruleSet: string; activeVersion: string }>;
    expect(sets.find((r) => r.ruleSet === 'refund-destination')?.activeVersion).not.toBe('1.6.0');
    // And it can still be approved once nothing fails.
    const retried = await t.request('POST', `/v1/rule-sets/refund-destination/change-requests/${id}/approve`, {
      key: second,
      body: { reason: 'looks right' },
    });
    expect(retried.status).toBe(200);
  });

  it('requests and decisions honour Idempotency-Key: a retried request or approval answers the same and changes nothing more', async () => {
    const file = JSON.parse(
      readFileSync(path.join(__dirname, '../../../rules/refund-destination/1.0.0.json'), 'utf8'),
    ) as Record<string, Json>;
    file.version = '1.7.0';
    file.description = `${file.description} (1.7.0)`;
    expect((await t.request('POST', '/v1/rule-sets/refund-destination/versions', { body: file })).status).toBe(201);
    const count = async () =>
      (await sql(t, `select count(*)::int as n from change_requests where version = '1.7.0'`))[0].n as number;
    const ask = () =>
      t.request('POST', '/v1/rule-sets/refund-destination/activate', {
        body: { version: '1.7.0', reason: 'retried by a flaky client' },
        headers: { 'idempotency-key': 'cr-1.7.0' },
      });
    const first = await ask();
    const again = await ask();
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.body).toEqual(first.body);
    expect(await count()).toBe(1);
    const id = first.body.changeRequest?.id ?? first.body.id;
    const approve = () =>
      t.request('POST', `/v1/rule-sets/refund-destination/change-requests/${id}/approve`, {
        key: second,
        body: { reason: 'ok' },
        headers: { 'idempotency-key': 'approve-1.7.0' },
      });
    const approved = await approve();
    const approvedAgain = await approve();
    expect([approved.status, approvedAgain.status]).toEqual([200, 200]);
    expect(approvedAgain.body).toEqual(approved.body);
    expect(await sql(t, `select count(*)::int as n from rule_activations where version = '1.7.0'`)).toEqual([{ n: 1 }]);
    // Without the key, a second approval is a conflict: it was decided.
    const plain = await t.request('POST', `/v1/rule-sets/refund-destination/change-requests/${id}/approve`, {
      key: second,
      body: { reason: 'ok' },
    });
    expect({ status: plain.status, code: plain.body.error_code }).toEqual({ status: 409, code: 'PPS.0034' });
  });
});

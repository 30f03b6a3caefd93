import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import type { Json } from '../support/json';
import { bumped } from '../support/rule-files';
import { type ServiceProcess, spawnService, stopService, waitHealthy } from '../support/service-process';

/**
 * Two service processes on one PostgreSQL, with four eyes (ACTIVATION_APPROVALS=2) and a short
 * staleness limit (POLICY_STALE_AFTER_S=2). B connects as a login role of its own, so that the test
 * can take the store (rule_activations) and new connections away from B alone.
 */
describe('instance status, fail-closed staleness and four-eyes activation across two processes', () => {
  const adminKey = `pps_e2e_${randomBytes(16).toString('hex')}`;
  const roleB = `pps_b_${randomBytes(4).toString('hex')}`;
  const passwordB = randomBytes(12).toString('hex');
  const dirs: string[] = [];
  let db: { name: string; url: string };
  let owner: Client;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let secondAdmin: string;
  /** The account-adjustment version a fresh start activates (the highest shipped). */
  let shipped: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = new Client({ connectionString: db.url });
    await owner.connect();
    await owner.query(`create role ${roleB} login password '${passwordB}'`);
    await owner.query(`grant usage on schema public to ${roleB}`);
    await owner.query(`grant select, insert, update, delete on all tables in schema public to ${roleB}`);
    await owner.query(`grant usage, select on all sequences in schema public to ${roleB}`);
    const urlB = new URL(db.url);
    urlB.username = roleB;
    urlB.password = passwordB;
    const env = (n: string, extra: Record<string, string> = {}) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), `pps-rollout-${n}-`));
      dirs.push(dir);
      return {
        DATABASE_URL: db.url,
        ADMIN_API_KEY: adminKey,
        DATA_DIR: dir,
        LOG_LEVEL: 'warn',
        ACTIVATION_APPROVALS: '2',
        POLICY_STALE_AFTER_S: '2',
        ...extra,
      };
    };
    a = await spawnService(env('a'));
    await waitHealthy(a);
    b = await spawnService(env('b', { DATABASE_APP_URL: urlB.toString() }));
    await waitHealthy(b);
    const created = await call(a, adminKey, 'POST', '/v1/api-keys', { role: 'admin' });
    expect(created.status).toBe(201);
    secondAdmin = created.body.key as string;
    const sets = await call(a, adminKey, 'GET', '/v1/rule-sets');
    shipped = (sets.body as unknown as Array<{ ruleSet: string; activeVersion: string }>).find(
      (r) => r.ruleSet === 'account-adjustment',
    )!.activeVersion;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a && stopService(a), b && stopService(b)]);
    if (owner) {
      await owner.query(`drop owned by ${roleB}`).catch(() => undefined);
      await owner.end();
    }
    await dropTestDatabase(db.name);
    const admin = new Client({ connectionString: process.env.PPS_TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop role if exists ${roleB}`);
    await admin.end();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function call(svc: ServiceProcess, key: string, method: string, url: string, body?: unknown) {
    const res = await fetch(`${svc.baseUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Json };
  }
  const facts = {
    operation: 'reclaim',
    amount: '1.00',
    associationMode: 'resale',
    associatedWithPartner: true,
    partnerAvailable: '0.00',
    customerBalance: '5.00',
    adjustmentInProgress: false,
  };
  const evaluate = (svc: ServiceProcess) =>
    call(svc, adminKey, 'POST', '/v1/rule-sets/account-adjustment/evaluate', { facts });
  const health = async (svc: ServiceProcess) => {
    const res = await fetch(`${svc.baseUrl}/health`);
    return { status: res.status, body: (await res.json()) as Json };
  };
  async function until<T>(
    what: string,
    fn: () => Promise<T | undefined>,
    limitMs: number,
  ): Promise<{ value: T; ms: number }> {
    const started = Date.now();
    for (;;) {
      const value = await fn();
      if (value !== undefined) return { value, ms: Date.now() - started };
      if (Date.now() - started > limitMs) throw new Error(`${what}: not within ${limitMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  const hashOn = async (svc: ServiceProcess) => (await evaluate(svc)).body.contentHash as string;

  it('GET /v1/instances lists both processes with their pids and versions, none lagging or silent', async () => {
    const res = await call(a, adminKey, 'GET', '/v1/instances');
    expect(res.status).toBe(200);
    const instances = res.body.instances as Array<Record<string, Json>>;
    expect(instances.map((i) => i.pid).sort()).toEqual([a.child.pid, b.child.pid].sort());
    for (const i of instances) {
      expect((i.versions as Record<string, Record<string, Json>>)['account-adjustment'].version).toBe(shipped);
      expect(i.lagging).toEqual([]);
      expect(i.silent).toBe(false);
      expect(i.stale).toBe(false);
      expect(typeof i.lastHeardAt).toBe('string');
    }
    expect(instances.filter((i) => i.self)).toHaveLength(1);
    // A service key may not read instance status.
    const service = await call(a, adminKey, 'POST', '/v1/api-keys', { role: 'service' });
    expect((await call(a, service.body.key as string, 'GET', '/v1/instances')).status).toBe(403);
  });

  it('four eyes: activate makes a change request; the requester gets 403; reject changes nothing; a second admin approves → both processes decide with it within 1 s; the history names both keys', async () => {
    const original = await hashOn(b);
    const published = await call(
      a,
      adminKey,
      'POST',
      '/v1/rule-sets/account-adjustment/versions',
      bumped('account-adjustment', '2.0.0'),
    );
    expect(published.status).toBe(201);

    const first = await call(a, adminKey, 'POST', '/v1/rule-sets/account-adjustment/activate', {
      version: '2.0.0',
      reason: 'CHG-1',
    });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'pending', version: '2.0.0', fromVersion: shipped, kind: 'activate' });
    expect(first.body.impact).toMatchObject({ ruleSet: 'account-adjustment', candidate: { version: '2.0.0' } });
    expect(await hashOn(a)).toBe(original);

    const self = await call(
      a,
      adminKey,
      'POST',
      `/v1/rule-sets/account-adjustment/change-requests/${first.body.id}/approve`,
      { reason: 'me' },
    );
    expect(self.status).toBe(403);
    expect(self.body.error_code).toBe('PPS.0036');
    const rejected = await call(
      b,
      secondAdmin,
      'POST',
      `/v1/rule-sets/account-adjustment/change-requests/${first.body.id}/reject`,
      { reason: 'not now' },
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    await new Promise((r) => setTimeout(r, 300));
    expect([await hashOn(a), await hashOn(b)]).toEqual([original, original]);
    const again = await call(
      b,
      secondAdmin,
      'POST',
      `/v1/rule-sets/account-adjustment/change-requests/${first.body.id}/approve`,
      { reason: 'late' },
    );
    expect(again.status).toBe(409);

    const second = await call(a, adminKey, 'POST', '/v1/rule-sets/account-adjustment/activate', {
      version: '2.0.0',
      reason: 'CHG-2',
    });
    expect(second.status).toBe(202);
    const approved = await call(
      b,
      secondAdmin,
      'POST',
      `/v1/rule-sets/account-adjustment/change-requests/${second.body.id}/approve`,
      { reason: 'looks right' },
    );
    expect(approved.status).toBe(200);
    const onA = await until(
      'A follows',
      async () => ((await hashOn(a)) === published.body.contentHash ? true : undefined),
      1000,
    );
    const onB = await until(
      'B follows',
      async () => ((await hashOn(b)) === published.body.contentHash ? true : undefined),
      1000,
    );
    expect(onA.ms).toBeLessThan(1000);
    expect(onB.ms).toBeLessThan(1000);

    const me = async (key: string) => (await call(a, key, 'GET', '/v1/api-keys/me')).body.id as string;
    const versions = await call(a, adminKey, 'GET', '/v1/rule-sets/account-adjustment/versions');
    const last = (versions.body.history as Array<Record<string, Json>>).at(-1)!;
    expect(last).toMatchObject({
      version: '2.0.0',
      reason: 'CHG-2',
      requestedBy: await me(adminKey),
      approvedBy: await me(secondAdmin),
      changeRequestId: second.body.id,
    });
    const list = await call(a, adminKey, 'GET', '/v1/rule-sets/account-adjustment/change-requests');
    expect((list.body.changeRequests as Array<Record<string, Json>>).map((c) => c.status).sort()).toEqual([
      'approved',
      'rejected',
    ]);

    // Rollback under four eyes is a change request too.
    const rollback = await call(b, secondAdmin, 'POST', '/v1/rule-sets/account-adjustment/rollback', {
      reason: 'back',
    });
    expect(rollback.status).toBe(202);
    expect(rollback.body).toMatchObject({ kind: 'rollback', version: shipped, status: 'pending' });
    expect(await hashOn(a)).toBe(published.body.contentHash);
  }, 30_000);

  it('a shadow set through A: B records shadow outcomes within 1 s and both report it; a silent, lagging instance is marked', async () => {
    const set = await call(a, adminKey, 'POST', '/v1/rule-sets/account-adjustment/shadow', {
      version: '1.0.0',
      reason: 'compare',
    });
    expect(set.status).toBe(200);
    const followed = await until(
      'B shadows',
      async () => {
        const d = await evaluate(b);
        const s = await call(b, adminKey, 'GET', `/v1/decisions/${d.body.decision_id}/shadow`);
        return s.status === 200 ? s.body : undefined;
      },
      1000,
    );
    expect(followed.value).toMatchObject({ version: '1.0.0', status: 'evaluated', differs: false });
    await until(
      'both beat with the shadow',
      async () => {
        const r = await call(a, adminKey, 'GET', '/v1/instances');
        const all = r.body.instances as Array<Record<string, Record<string, Record<string, Json>>>>;
        return all.length === 2 && all.every((i) => i.shadows['account-adjustment']?.version === '1.0.0')
          ? true
          : undefined;
      },
      3000,
    );
    expect(
      (await call(a, adminKey, 'DELETE', '/v1/rule-sets/account-adjustment/shadow', { reason: 'done' })).status,
    ).toBe(200);

    // An instance that stopped beating 20 s ago with an old version: silent and lagging.
    await owner.query(
      `insert into service_instances (instance_id, host, pid, started_at, beat_at, versions, shadows, last_heard_at)
       values (gen_random_uuid(), 'gone', 1, now() - interval '1 hour', now() - interval '20 s',
               '{"account-adjustment": {"version": "1.0.0", "contentHash": "old"}}', '{}', now() - interval '20 s')`,
    );
    const res = await call(a, adminKey, 'GET', '/v1/instances');
    const instances = res.body.instances as Array<Record<string, Json>>;
    expect(instances).toHaveLength(3);
    const gone = instances.find((i) => i.host === 'gone')!;
    expect(gone.silent).toBe(true);
    expect(gone.lagging).toEqual(
      expect.arrayContaining([{ ruleSet: 'account-adjustment', instanceVersion: '1.0.0', storeVersion: '2.0.0' }]),
    );
    for (const live of instances.filter((i) => i.host !== 'gone')) {
      expect(live.silent).toBe(false);
      expect(live.lagging).toEqual([]);
    }
    await owner.query(`delete from service_instances where host = 'gone'`);
  }, 20_000);

  it('B loses its LISTEN connection and cannot read the store → 503 on a gated route and /health stale; it recovers by itself when the database returns', async () => {
    const before = await evaluate(b);
    expect(before.status).toBe(200);
    await owner.query(`alter role ${roleB} nologin`);
    await owner.query(`revoke select on rule_activations from ${roleB}`);
    const { rows } = await owner.query<{ pid: number }>(
      `select pid from pg_stat_activity where application_name = 'pps-rule-listener' and usename = $1`,
      [roleB],
    );
    expect(rows).toHaveLength(1);
    await owner.query(`select pg_terminate_backend($1)`, [rows[0].pid]);

    const closed = await until(
      'B fails closed',
      async () => {
        const r = await evaluate(b);
        return r.status === 503 ? r : undefined;
      },
      8000,
    );
    expect(closed.value.body.error_code).toBe('PPS.0035');
    expect(closed.value.body.error_msg).toMatch(/stale/);
    const h = await health(b);
    expect(h.status).toBe(503);
    expect(JSON.stringify(h.body)).toMatch(/"stale":true/);
    // A is untouched.
    expect((await evaluate(a)).status).toBe(200);
    expect((await health(a)).status).toBe(200);
    const listed = await until(
      'B reports itself stale',
      async () => {
        const r = await call(a, adminKey, 'GET', '/v1/instances');
        const mine = (r.body.instances as Array<Record<string, Json>>).find((i) => i.pid === b.child.pid);
        return mine?.stale === true ? mine : undefined;
      },
      4000,
    );
    expect(listed.value.staleReason).toMatch(/cannot be read/);

    await owner.query(`grant select on rule_activations to ${roleB}`);
    await owner.query(`alter role ${roleB} login`);
    await until('B recovers', async () => ((await evaluate(b)).status === 200 ? true : undefined), 10_000);
    expect((await health(b)).status).toBe(200);
  }, 40_000);
});

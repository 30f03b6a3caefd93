import { Client } from 'pg';
import { startTestApp, type TestApp } from '../../support/test-app';

/** Issue 14: list, revoke, expire and rotate API keys; Idempotency-Key on key creation and activations. */
describe('API key lifecycle and idempotent admin POSTs over HTTP', () => {
  let t: TestApp;
  let db: Client;
  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const keyCount = async () => (await db.query(`select count(*)::int as n from api_keys`)).rows[0].n as number;

  it('GET /v1/api-keys lists every key without its secret or hash (admin only)', async () => {
    const issued = await t.request('POST', '/v1/api-keys', { body: { role: 'auditor', label: 'the auditors' } });
    expect(issued.status).toBe(201);
    const list = await t.request('GET', '/v1/api-keys');
    expect(list.status).toBe(200);
    const mine = list.body.find((k: { id: string }) => k.id === issued.body.id);
    expect(mine).toEqual({
      id: issued.body.id,
      role: 'auditor',
      partnerId: null,
      label: 'the auditors',
      createdBy: expect.any(String),
      createdAt: expect.any(String),
      expiresAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(list.body)).not.toContain(issued.body.key);
    expect(JSON.stringify(list.body)).not.toMatch(/[0-9a-f]{64}/);
    expect((await t.request('GET', '/v1/api-keys', { key: issued.body.key })).status).toBe(403);
  });

  it('DELETE /v1/api-keys/:id revokes: the key answers 401 PPS.0012 at once; a key cannot revoke itself', async () => {
    const issued = (await t.request('POST', '/v1/api-keys', { body: { role: 'service' } })).body;
    expect((await t.request('GET', '/v1/api-keys/me', { key: issued.key })).status).toBe(200); // now cached
    const revoked = await t.request('DELETE', `/v1/api-keys/${issued.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: issued.id, revokedAt: expect.any(String) });
    const after = await t.request('GET', '/v1/api-keys/me', { key: issued.key });
    expect(after).toMatchObject({ status: 401, body: { error_code: 'PPS.0012' } });
    const self = await t.request('GET', '/v1/api-keys/me');
    const selfRevoke = await t.request('DELETE', `/v1/api-keys/${self.body.id}`);
    expect(selfRevoke.status).toBe(409);
    expect((await t.request('GET', '/v1/api-keys/me')).status).toBe(200);
    expect((await t.request('DELETE', '/v1/api-keys/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await t.request('DELETE', '/v1/api-keys/not-a-uuid')).status).toBe(400);
  });

  it('rotation: create the new key, then revoke the old one with it', async () => {
    const oldKey = (await t.request('POST', '/v1/api-keys', { body: { role: 'admin' } })).body;
    const newKey = (await t.request('POST', '/v1/api-keys', { key: oldKey.key, body: { role: 'admin' } })).body;
    expect((await t.request('DELETE', `/v1/api-keys/${oldKey.id}`, { key: newKey.key })).status).toBe(200);
    expect((await t.request('GET', '/v1/api-keys/me', { key: oldKey.key })).status).toBe(401);
    expect((await t.request('GET', '/v1/api-keys/me', { key: newKey.key })).status).toBe(200);
  });

  it('expiresAt: the key works until then and answers 401 from that instant; a past expiresAt is 400', async () => {
    t.clock.set('2026-01-15T08:00:00Z');
    const issued = await t.request('POST', '/v1/api-keys', {
      body: { role: 'auditor', expiresAt: '2026-01-15T09:00:00Z' },
    });
    expect(issued.body).toMatchObject({ expiresAt: '2026-01-15T09:00:00.000Z' });
    expect((await t.request('GET', '/v1/api-keys/me', { key: issued.body.key })).status).toBe(200);
    t.clock.set('2026-01-15T09:00:00Z');
    expect((await t.request('GET', '/v1/api-keys/me', { key: issued.body.key })).status).toBe(401);
    const past = await t.request('POST', '/v1/api-keys', {
      body: { role: 'auditor', expiresAt: '2026-01-15T08:59:59Z' },
    });
    expect(past).toMatchObject({ status: 400, body: { error_code: 'CBC.0100' } });
    const odd = await t.request('POST', '/v1/api-keys', { body: { role: 'auditor', expiresAt: '2027-W01-1' } });
    expect(odd.status).toBe(400);
    t.clock.set('2026-01-15T08:00:00Z');
  });

  it('POST /v1/api-keys honours Idempotency-Key: one key, the same id; the secret is shown once only', async () => {
    const before = await keyCount();
    const send = (body: unknown) =>
      t.request('POST', '/v1/api-keys', { body, headers: { 'idempotency-key': 'issue-auditor-1' } });
    const first = await send({ role: 'auditor', label: 'x' });
    const again = await send({ label: 'x', role: 'auditor' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ ...first.body, key: null });
    expect(await keyCount()).toBe(before + 1);
    const other = await send({ role: 'service' });
    expect(other).toMatchObject({ status: 409, body: { error_code: 'CBC.99007009' } });
    expect(await keyCount()).toBe(before + 1);
  });

  it('activation honours Idempotency-Key: one history entry for two sends; another request with it → 409', async () => {
    const history = async () =>
      (await db.query(`select count(*)::int as n from rule_activations where rule_set = 'payment'`)).rows[0]
        .n as number;
    const before = await history();
    const send = (body: unknown) =>
      t.request('POST', '/v1/rule-sets/payment/activate', { body, headers: { 'idempotency-key': 'CHG-1' } });
    const first = await send({ version: '1.1.0', reason: 'CHG-1' });
    expect(first.status).toBe(200);
    const again = await send({ version: '1.1.0', reason: 'CHG-1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await history()).toBe(before + 1);
    expect((await send({ version: '1.2.0', reason: 'CHG-1' })).status).toBe(409);
    const rules = (await t.request('GET', '/v1/rule-sets')).body as Array<{ ruleSet: string; activeVersion: string }>;
    expect(rules.find((r) => r.ruleSet === 'payment')?.activeVersion).toBe('1.1.0');
    const rollback = (headers: Record<string, string>) =>
      t.request('POST', '/v1/rule-sets/payment/rollback', { body: { reason: 'undo CHG-1' }, headers });
    expect((await rollback({ 'idempotency-key': 'UNDO-1' })).status).toBe(200);
    expect((await rollback({ 'idempotency-key': 'UNDO-1' })).status).toBe(200);
    expect(await history()).toBe(before + 2);
  });
});

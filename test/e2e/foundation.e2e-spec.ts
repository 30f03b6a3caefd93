import { startTestApp, type TestApp } from '../support/test-app';
import { highestShipped } from '../support/rule-files';

describe('foundation over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('authentication', () => {
    it('GET /health needs no key and reports the database up', async () => {
      const res = await t.request('GET', '/health', { key: null });
      expect(res.status).toBe(200);
      expect(res.body.info.database.status).toBe('up');
      expect(res.body.info.rules.status).toBe('up');
      expect(res.body.info.rules.active).toContain(`account-adjustment@${highestShipped('account-adjustment')}`);
    });

    it('a request without a key is 401 with the error envelope', async () => {
      const res = await t.request('POST', '/v1/api-keys', { key: null, body: { role: 'auditor' } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error_code: 'PPS.0011', error_msg: expect.stringContaining('Bearer') });
    });

    it('a request with an unknown key is 401', async () => {
      const res = await t.request('GET', '/metrics', { key: 'pps_not-a-real-key' });
      expect(res.status).toBe(401);
      expect(res.body.error_code).toBe('PPS.0012');
    });

    it('a malformed Authorization header is 401, not 500', async () => {
      const res = await t.request('GET', '/metrics', { key: null, headers: { authorization: 'Basic abc' } });
      expect(res.status).toBe(401);
    });

    it('an auditor key may not issue keys: 403 naming the role', async () => {
      const auditor = await t.key('auditor');
      const res = await t.request('POST', '/v1/api-keys', { key: auditor, body: { role: 'admin' } });
      expect(res.status).toBe(403);
      expect(res.body.error_code).toBe('PPS.0013');
      expect(res.body.details).toEqual({ role: 'auditor', allowed: ['admin'] });
    });

    it('a partner key is 403 on a route for services and auditors', async () => {
      const partner = await t.key('partner', '00000000-0000-4000-8000-000000000001');
      const res = await t.request('GET', '/metrics', { key: partner });
      expect(res.status).toBe(403);
    });

    it('issued keys are stored hashed, never in the clear', async () => {
      const res = await t.request('POST', '/v1/api-keys', { body: { role: 'service', label: 'billing' } });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        key: expect.stringMatching(/^pps_/),
        role: 'service',
        partnerId: null,
        expiresAt: null,
      });
      const em = t.app.get((await import('@mikro-orm/postgresql')).EntityManager).fork();
      const rows = await em.getConnection().execute('select key_hash from api_keys where id = ?', [res.body.id]);
      expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].key_hash).not.toContain(res.body.key);
      const use = await t.request('GET', '/metrics', { key: res.body.key });
      expect(use.status).toBe(200);
    });

    it('a partner key needs a partnerId, and other roles refuse one', async () => {
      const missing = await t.request('POST', '/v1/api-keys', { body: { role: 'partner' } });
      expect(missing.status).toBe(400);
      expect(missing.body.error_code).toBe('CBC.0100');
      const extra = await t.request('POST', '/v1/api-keys', {
        body: { role: 'auditor', partnerId: '00000000-0000-4000-8000-000000000001' },
      });
      expect(extra.status).toBe(400);
    });
  });

  describe('bad input gets 4xx in the envelope, never a 500', () => {
    it('malformed JSON → 400 CBC.0100', async () => {
      const res = await t.request('POST', '/v1/api-keys', { body: '{"role":' });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('CBC.0100');
    });

    it('an unknown field → 400 CBC.0100 naming the field', async () => {
      const res = await t.request('POST', '/v1/api-keys', { body: { role: 'auditor', colour: 'blue' } });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('CBC.0100');
      expect(res.body.details).toEqual([{ field: 'colour', problems: ['property colour should not exist'] }]);
    });

    it('a wrong type → 400 CBC.0100 with the field problem in details', async () => {
      const res = await t.request('POST', '/v1/api-keys', { body: { role: 42 } });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('CBC.0100');
      expect(res.body.details[0].field).toBe('role');
    });

    it('a JSON array or scalar instead of an object → 400', async () => {
      for (const body of ['[]', '"role"', 'null', '7']) {
        const res = await t.request('POST', '/v1/api-keys', { body });
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.body.error_code).toBe('CBC.0100');
      }
    });

    it('a body nested thousands of levels deep → 400, not a stack overflow', async () => {
      const deep = `${'{"a":['.repeat(5000)}1${']}'.repeat(5000)}`;
      const res = await t.request('POST', '/v1/api-keys', { body: deep });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('CBC.0100');
    });

    it('a prototype-pollution key → 400', async () => {
      const res = await t.request('POST', '/v1/api-keys', { body: '{"role":"auditor","__proto__":{"admin":true}}' });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('CBC.0100');
    });

    it('a body over the limit → 413 in the envelope', async () => {
      const big = JSON.stringify({ role: 'x'.repeat(t.config.bodyLimitBytes + 10) });
      const res = await t.request('POST', '/v1/api-keys', { body: big });
      expect(res.status).toBe(413);
      expect(res.body.error_code).toBe('PPS.0413');
    });

    it('a non-JSON content type → 415 in the envelope', async () => {
      const res = await t.request('POST', '/v1/api-keys', {
        body: 'role=auditor',
        headers: { 'content-type': 'text/plain' },
      });
      expect(res.status).toBe(415);
      expect(res.body.error_code).toBe('PPS.0415');
    });

    it('an unknown route → 404 in the envelope', async () => {
      const res = await t.request('GET', '/v1/nothing-here');
      expect(res.status).toBe(404);
      expect(res.body.error_code).toBe('PPS.0404');
    });

    it('errors answer in Chinese when asked to', async () => {
      const res = await t.request('GET', '/metrics', { key: null, headers: { 'accept-language': 'zh-CN' } });
      expect(res.body.error_msg).toContain('缺少 API 密钥');
    });
  });

  describe('operations', () => {
    it('/metrics counts the requests made, by route and status', async () => {
      const before = await t.request('GET', '/metrics');
      const count = (text: string) =>
        Number(/http_requests_total\{method="GET",route="\/health",status="200"\} (\d+)/.exec(text)?.[1] ?? 0);
      for (let i = 0; i < 3; i++) await t.request('GET', '/health', { key: null });
      const after = await t.request('GET', '/metrics');
      expect(count(after.text) - count(before.text)).toBe(3);
      expect(after.text).toContain('http_request_duration_seconds_bucket');
    });

    it('/docs serves the OpenAPI document with the bearer scheme, publicly like /health (it holds no data)', async () => {
      const res = await t.request('GET', '/docs-json', { key: null });
      expect(res.status).toBe(200);
      expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/v1/api-keys', '/health']));
    });

    it('every response carries a request id, echoing a valid X-Request-Id', async () => {
      const res = await t.request('GET', '/health', { key: null, headers: { 'x-request-id': 'trace-123' } });
      expect(res.headers['x-request-id']).toBe('trace-123');
    });
  });

  describe('rate limiting', () => {
    it('answers 429 in the envelope once a key passes its per-minute limit, other keys unaffected', async () => {
      const limited = await startTestApp({ config: { rateLimitPerMinute: 3 } });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await limited.request('GET', '/metrics')).status);
        expect(statuses).toEqual([200, 200, 200, 429, 429]);
        const res = await limited.request('GET', '/metrics');
        expect(res.body.error_code).toBe('PPS.0429');
        const auditor = await limited.key('auditor');
        expect((await limited.request('GET', '/metrics', { key: auditor })).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });
});

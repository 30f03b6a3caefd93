import Fastify from 'fastify';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConsoleDir, registerConsoleRoutes } from '../../apps/policy-service/src/console/console-routes';
import { startTestApp, type TestApp } from '../support/test-app';
import { World } from '../support/world';

/**
 * Issue 10, server side: the console's static files are public (and nothing else became public),
 * client routes get index.html, a missing build is a 404 envelope; the small read endpoints the
 * console needs (who am I, a stored rule file, a diff, transfers) with their roles.
 */
describe('the console: static files and the endpoints it reads', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('static files at /console', () => {
    it('is built by `npm run build` (the jest setup builds it)', () => {
      expect(existsSync(path.join(defaultConsoleDir(), 'index.html'))).toBe(true);
    });

    it('serves the page without a key, with a content security policy, and index.html for client routes', async () => {
      for (const url of [
        '/console',
        '/console/',
        '/console/decisions/0a0b',
        '/console/rule-sets/payment/versions/1.0.0',
      ]) {
        const res = await t.request('GET', url, { key: null });
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.text).toContain('<div id="root"></div>');
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
        expect(res.headers['cache-control']).toBe('no-cache');
      }
    });

    it('serves the hashed assets the page names, cacheable for a year', async () => {
      const page = await t.request('GET', '/console/', { key: null });
      const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
      expect(script).toBeDefined();
      const res = await t.request('GET', script as string, { key: null });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers['cache-control']).toMatch(/immutable/);
    });

    it('answers a missing asset or a path outside the folder with a 404 envelope, never a file', async () => {
      for (const url of [
        '/console/assets/nope.js',
        '/console/%2e%2e/package.json',
        '/console/..%2f..%2fpackage.json',
        '/console/.hidden.json',
      ]) {
        const res = await t.request('GET', url, { key: null });
        expect(res.status).toBe(404);
        expect(res.body.error_code).toBe('PPS.0404');
        expect(res.text).not.toContain('partner-policy-service');
      }
    });

    it('leaves every API route behind the key', async () => {
      for (const url of ['/v1/rule-sets', '/v1/api-keys/me', '/v1/rule-sets/payment/versions/1.0.0', '/v1/decisions']) {
        const res = await t.request('GET', url, { key: null });
        expect(res.status).toBe(401);
        expect(res.body.error_code).toBe('PPS.0011');
      }
    });

    it("says how to build the console when dist/console is missing, in the envelope and the caller's language", async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-no-console-'));
      const fastify = Fastify();
      try {
        await registerConsoleRoutes(fastify, path.join(dir, 'console'));
        const en = await fastify.inject({ method: 'GET', url: '/console/' });
        expect(en.statusCode).toBe(404);
        expect(en.json()).toEqual({ error_code: 'PPS.0404', error_msg: expect.stringContaining('npm run build') });
        const zh = await fastify.inject({
          method: 'GET',
          url: '/console/impact',
          headers: { 'accept-language': 'zh-CN' },
        });
        expect(zh.statusCode).toBe(404);
        expect(zh.json().error_msg).toContain('控制台尚未构建');
      } finally {
        await fastify.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('GET /v1/api-keys/me', () => {
    it('tells each role who it is', async () => {
      const partner = await w.partner();
      for (const role of ['admin', 'service', 'auditor'] as const) {
        const res = await t.request('GET', '/v1/api-keys/me', { key: await t.key(role) });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ id: expect.any(String), role, partnerId: null });
      }
      const res = await t.request('GET', '/v1/api-keys/me', { key: await t.key('partner', partner.id) });
      expect(res.body).toMatchObject({ role: 'partner', partnerId: partner.id });
      expect((await t.request('GET', '/v1/api-keys/me', { key: 'pps_unknown_key_000000' })).status).toBe(401);
    });
  });

  describe('stored rule files and diffs', () => {
    it('returns a stored version as published', async () => {
      const res = await t.request('GET', '/v1/rule-sets/voucher-issuance/versions/1.0.0', {
        key: await t.key('auditor'),
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ruleSet: 'voucher-issuance',
        version: '1.0.0',
        rules: expect.any(Array),
        tests: expect.any(Array),
      });
      expect((await t.request('GET', '/v1/rule-sets/voucher-issuance/versions/9.9.9')).body.error_code).toBe(
        'PPS.0022',
      );
    });

    it('diffs two stored versions by rule and parameter; bad versions are 400, unknown ones 404', async () => {
      const res = await t.request('GET', '/v1/rule-sets/voucher-issuance/diff?from=1.0.0&to=1.1.0', {
        key: await t.key('auditor'),
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ruleSet: 'voucher-issuance',
        from: { version: '1.0.0', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
        to: { version: '1.1.0' },
        rulesAdded: ['quota-grant-exceeds-distributor-quota'],
        rulesChanged: ['voucher-quota-available-required'],
        rulesRemoved: [],
      });
      expect((await t.request('GET', '/v1/rule-sets/voucher-issuance/diff?from=1.0&to=1.1.0')).status).toBe(400);
      expect((await t.request('GET', '/v1/rule-sets/voucher-issuance/diff?from=1.0.0&to=3.0.0')).status).toBe(404);
      expect(
        (
          await t.request('GET', '/v1/rule-sets/voucher-issuance/diff?from=1.0.0&to=1.1.0', {
            key: await t.key('partner', (await w.partner()).id),
          })
        ).status,
      ).toBe(403);
    });
  });

  describe('transfers', () => {
    it("shows a transfer's legs and a partner's recent transfers, newest first, each with its decision", async () => {
      const { partner, customer } = await w.resaleCustomer({ partnerFunds: '100.00', customerBalance: '40.00' });
      const auditor = await t.key('auditor');
      const recent = await t.request('GET', `/v1/partners/${partner.id}/transfers?limit=10`, { key: auditor });
      expect(recent.status).toBe(200);
      expect(recent.body.items.map((i: { code: string }) => i.code)).toHaveLength(2);
      const [allocation, topUp] = recent.body.items;
      expect(allocation.legs).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            ownerType: 'partner',
            ownerId: partner.id,
            kind: expect.any(String),
            amount: '-40.00',
            currency: 'CNY',
          }),
          expect.objectContaining({ ownerType: 'customer', ownerId: customer.id, amount: '40.00' }),
        ]),
      );
      expect(topUp.legs).toEqual(
        expect.arrayContaining([expect.objectContaining({ ownerId: partner.id, amount: '100.00' })]),
      );
      const decision = await t.request('GET', `/v1/decisions/${allocation.decision_id}`, { key: auditor });
      expect(decision.body).toMatchObject({ ruleSet: 'account-adjustment', transferId: allocation.id });

      const one = await t.request('GET', `/v1/transfers/${allocation.id}`, { key: auditor });
      expect(one.status).toBe(200);
      expect(one.body).toEqual(allocation);
      expect((await t.request('GET', `/v1/partners/${partner.id}/transfers?limit=1`)).body.items).toEqual([allocation]);
    });

    it('is 404 for unknown ids, 400 for malformed ones, and scoped for partner keys', async () => {
      expect((await t.request('GET', '/v1/transfers/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await t.request('GET', '/v1/transfers/nope')).status).toBe(400);
      expect((await t.request('GET', '/v1/partners/00000000-0000-4000-8000-000000000000/transfers')).status).toBe(404);
      const mine = await w.partner();
      const other = await w.partner();
      const key = await t.key('partner', mine.id);
      expect((await t.request('GET', `/v1/partners/${mine.id}/transfers`, { key })).status).toBe(200);
      expect((await t.request('GET', `/v1/partners/${other.id}/transfers`, { key })).status).toBe(403);
      expect((await t.request('GET', `/v1/transfers/00000000-0000-4000-8000-000000000000`, { key })).status).toBe(403);
    });
  });
});

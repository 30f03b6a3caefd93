import { MAX_BODY_DEPTH } from '@pps/platform';
import { RULE_FILE_LIMITS } from '@pps/rules';
import type { AddressInfo } from 'node:net';
import { shippedRuleFile } from '../support/rule-files';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The rule-file limits on `POST /v1/rule-sets/:ruleSet/versions`: a 10 MB body is 413, a body
 * nested 3,000 deep is 400 (the API's body-depth limit, equal to the rule-file limit) — both in the envelope,
 * nothing stored — and `/health` keeps answering in < 100 ms over a real socket meanwhile.
 */
describe('publishing hostile rule files over HTTP', () => {
  let t: TestApp;
  let base: string;
  let key: string;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as AddressInfo;
    base = `http://127.0.0.1:${address.port}`;
    key = t.adminKey;
  });
  afterAll(() => t.close());

  const publish = (body: string) =>
    fetch(`${base}/v1/rule-sets/account-adjustment/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));

  async function healthTimes(whilePending: Promise<unknown>): Promise<number[]> {
    const times: number[] = [];
    let done = false;
    void whilePending.finally(() => (done = true));
    while (!done || times.length < 3) {
      const started = performance.now();
      const res = await fetch(`${base}/health`);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      times.push(performance.now() - started);
      if (times.length >= 50) break;
    }
    return times;
  }

  it('a 10 MB body → 413 PPS.0413 in the envelope; /health answers < 100 ms meanwhile', async () => {
    const file = shippedRuleFile('account-adjustment');
    const huge = JSON.stringify({ ...file, description: 'x'.repeat(10 * 1024 * 1024) });
    const pending = publish(huge);
    const times = await healthTimes(pending);
    const res = await pending;
    expect(res.status).toBe(413);
    expect(res.body.error_code).toBe('PPS.0413');
    expect(Math.max(...times)).toBeLessThan(100);
  });

  it('a body nested 3,000 deep → 400 CBC.0100 in the envelope, nothing stored; /health < 100 ms', async () => {
    const file = shippedRuleFile('account-adjustment');
    const leaf = '{"fact":"amount","operator":"decimalGreaterThan","value":"1"}';
    const deep = '{"all":['.repeat(3000) + leaf + ']}'.repeat(3000);
    const rules = structuredClone(file.rules) as Array<Record<string, unknown>>;
    rules[0].conditions = '__DEEP__';
    const text = JSON.stringify({ ...file, version: '9.9.9', rules }).replace('"__DEEP__"', deep);
    const pending = publish(text);
    const times = await healthTimes(pending);
    const res = await pending;
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('CBC.0100');
    // the API's own body limit answers first, at the same depth as the rule-file limit
    expect(RULE_FILE_LIMITS.maxDepth).toBe(MAX_BODY_DEPTH);
    expect(res.body.details).toEqual([{ field: '', problems: [`nests deeper than ${MAX_BODY_DEPTH} levels`] }]);
    expect(Math.max(...times)).toBeLessThan(100);
    const versions = await fetch(`${base}/v1/rule-sets/account-adjustment/versions`, {
      headers: { authorization: `Bearer ${key}` },
    }).then((r) => r.json() as Promise<{ versions: Array<{ version: string }> }>);
    expect(versions.versions.map((v) => v.version)).not.toContain('9.9.9');
  });
});

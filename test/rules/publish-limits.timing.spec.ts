import { MAX_BODY_DEPTH } from '@pps/platform';
import { RULE_FILE_LIMITS } from '@pps/rules';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { shippedRuleFile } from '../support/rule-files';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The rule-file limits on `POST /v1/rule-sets/:ruleSet/versions`: a 10 MB body is 413, a body
 * nested 3,000 deep is 400 (the API's body-depth limit, equal to the rule-file limit) — both in the envelope,
 * nothing stored — and `/health` keeps answering in < 100 ms over a real socket meanwhile.
 */
const run = promisify(execFile);

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

  /**
   * Posts the body from another process, so that producing and sending it does not share the
   * event loop whose responsiveness /health measures.
   */
  const publish = (body: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-publish-'));
    const bodyFile = path.join(dir, 'body.json');
    writeFileSync(bodyFile, body);
    // A raw socket with `Expect: 100-continue`, as curl sends a large body: the body follows the
    // server's 100 Continue unless a final answer (a 413 on the declared length) comes first; the
    // answer is read whatever happens to an upload the server stopped reading.
    const script = `
      const body = require('fs').readFileSync(process.argv[1]);
      const url = new URL(process.argv[2]);
      const socket = require('net').connect(Number(url.port), url.hostname);
      const CRLF2 = String.fromCharCode(13, 10, 13, 10);
      let received = '';
      let sending = false;
      const final = () => received.replace(/^HTTP\\/1\\.1 100 [^\\r]*\\r\\n\\r\\n/, '');
      const finish = () => {
        const answer = final();
        const at = answer.indexOf(CRLF2);
        if (at < 0) { process.stderr.write('no answer: ' + received); process.exit(1); }
        process.stdout.write(JSON.stringify({ status: Number(answer.slice(9, 12)), body: JSON.parse(answer.slice(at + 4)) }));
        process.exit(0);
      };
      const pump = (offset) => { while (offset < body.length) {
        const chunk = body.subarray(offset, offset + 65536); offset += chunk.length;
        if (!socket.write(chunk)) { socket.once('drain', () => pump(offset)); return; } } };
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => {
        received += chunk;
        const answer = final();
        const at = answer.indexOf(CRLF2);
        const length = /content-length: (\\d+)/i.exec(answer);
        if (at >= 0 && length && Buffer.byteLength(answer.slice(at + 4)) >= Number(length[1])) finish();
        else if (!sending && /^HTTP\\/1\\.1 100 /.test(received) && answer === '') {
          // a refusal of the declared length follows the 100 at once: give it a moment before the body
          sending = true; setTimeout(() => { if (final() === '') pump(0); }, 200); }
      });
      socket.on('error', () => setTimeout(finish, 50));
      socket.on('close', () => setTimeout(finish, 50));
      socket.write('POST ' + url.pathname + ' HTTP/1.1' + CRLF2.slice(0, 2) + 'host: ' + url.host + CRLF2.slice(0, 2) +
        'authorization: Bearer ' + process.argv[3] + CRLF2.slice(0, 2) + 'content-type: application/json' + CRLF2.slice(0, 2) +
        'content-length: ' + body.length + CRLF2.slice(0, 2) + 'expect: 100-continue' + CRLF2.slice(0, 2) + 'connection: close' + CRLF2);`;
    return run(process.execPath, ['-e', script, bodyFile, `${base}/v1/rule-sets/account-adjustment/versions`, key], {
      maxBuffer: 1024 * 1024,
    })
      .then(({ stdout }) => JSON.parse(stdout) as { status: number; body: Record<string, unknown> })
      .finally(() => rmSync(dir, { recursive: true, force: true }));
  };

  /** A connection and a JIT-warm route first, so that what is timed is the answer while the body is refused. */
  async function warmUp(): Promise<void> {
    for (let i = 0; i < 5; i++) await (await fetch(`${base}/health`)).arrayBuffer();
  }

  async function healthTimes(whilePending: Promise<unknown>): Promise<number[]> {
    const times: number[] = [];
    let done = false;
    void whilePending.finally(() => (done = true));
    while (!done || times.length < 3) {
      await new Promise((resolve) => setTimeout(resolve, 5));
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
    await warmUp();
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
    await warmUp();
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

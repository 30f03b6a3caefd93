import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnService, stopService, waitHealthy } from '../support/service-process';

/**
 * The `npm start` contract, on the built service as a real process with its embedded PostgreSQL:
 * first start creates the admin key file, restarts keep data and key, a second start on the same
 * DATA_DIR is refused, SIGTERM stops everything within 10 s.
 */
describe('the service as a process on embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pps-proc-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const post = (base: string, key: string | undefined, url: string, body: unknown) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });

  it('starts, writes the admin key, serves, refuses a twin, stops cleanly, and restarts with the same data and key', async () => {
    const env = { DATA_DIR: dataDir };
    const first = await spawnService(env);
    let keyId: string;
    let adminKey: string;
    try {
      await waitHealthy(first);
      const keyFile = path.join(dataDir, 'admin-api-key');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      adminKey = readFileSync(keyFile, 'utf8').trim();
      expect(first.output()).toContain(keyFile);

      expect((await post(first.baseUrl, undefined, '/v1/api-keys', { role: 'auditor' })).status).toBe(401);
      const issued = await post(first.baseUrl, adminKey, '/v1/api-keys', { role: 'auditor' });
      expect(issued.status).toBe(201);
      keyId = ((await issued.json()) as { id: string }).id;

      const twin = await spawnService(env);
      const twinExit = await twin.exited;
      expect(twinExit.code).toBe(3);
      expect(twin.output()).toContain('already running on DATA_DIR');
      expect((await fetch(`${first.baseUrl}/health`)).status).toBe(200);
    } finally {
      const stopMs = await stopService(first);
      expect(stopMs).toBeLessThan(10_000);
    }
    expect([0, 143]).toContain(first.child.exitCode); // 143: ended by its SIGTERM handler, after a clean stop
    expect(first.output()).toContain('"msg":"stopped"');

    const second = await spawnService(env);
    try {
      await waitHealthy(second);
      expect(readFileSync(path.join(dataDir, 'admin-api-key'), 'utf8').trim()).toBe(adminKey);
      const again = await post(second.baseUrl, adminKey, '/v1/api-keys', { role: 'service' });
      expect(again.status).toBe(201);
      const metrics = await fetch(`${second.baseUrl}/metrics`, { headers: { authorization: `Bearer ${adminKey}` } });
      expect(metrics.status).toBe(200);
      expect(keyId).toBeDefined();
    } finally {
      await stopService(second, 'SIGINT');
    }
  }, 180_000);

  it('WORKERS=2: two worker processes serve the one port as two instances, and SIGTERM stops them, then the database', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-workers-'));
    const service = await spawnService({ DATA_DIR: dir, WORKERS: '2' });
    try {
      await waitHealthy(service);
      const adminKey = readFileSync(path.join(dir, 'admin-api-key'), 'utf8').trim();
      const listed = async () => {
        const res = await fetch(`${service.baseUrl}/v1/instances`, {
          headers: { authorization: `Bearer ${adminKey}` },
        });
        return ((await res.json()) as { instances: Array<{ pid: number }> }).instances.map((i) => i.pid);
      };
      let pids: number[] = [];
      for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
        pids = await listed();
        if (pids.length === 2) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(new Set(pids).size).toBe(2);
      // Neither worker is the supervising process, which owns the embedded PostgreSQL.
      expect(pids).not.toContain(service.child.pid);
      // Both answer on the same port (connections are handed out in turn).
      const served = await Promise.all(Array.from({ length: 20 }, () => fetch(`${service.baseUrl}/health`)));
      expect(served.every((r) => r.status === 200)).toBe(true);
      const stopMs = await stopService(service);
      expect(stopMs).toBeLessThan(10_000);
      for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
      expect(service.output()).toContain('"msg":"stopped"');
    } finally {
      if (service.child.exitCode === null) await stopService(service);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('a wrong setting stops the start with a message naming it', async () => {
    const bad = await spawnService({ DATA_DIR: dataDir, PORT: 'eighty' });
    const exit = await bad.exited;
    expect(exit.code).toBe(2);
    expect(bad.output()).toContain('PORT');
  }, 30_000);
});

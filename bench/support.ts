import { EmbeddedPostgres, freeLoopbackPort } from '../libs/platform/src/database/embedded-postgres';
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { LoadOutput, LoadSpec } from './load';

/**
 * What the service benchmarks share: a throwaway embedded PostgreSQL in a temp folder, the built
 * service as child processes on loopback ports, a load driver (autocannon), medians and the
 * machine's description. Everything started here is stopped by `stop()`, also on an error.
 */

export type { LoadOutput, LoadSpec } from './load';

const LOAD_MAIN = path.join(__dirname, 'load.js');

/**
 * The CPUs every load generator is pinned to (`taskset -c`), autocannon and pgbench's client alike,
 * so that both sides of a comparison pay the same for their client: `PPS_BENCH_LOAD_CPUS`, by
 * default the last CPU. The service and PostgreSQL are not pinned. Empty: no pinning.
 */
export function loadCpus(): string {
  if (process.env.PPS_BENCH_LOAD_CPUS !== undefined) return process.env.PPS_BENCH_LOAD_CPUS;
  const n = os.availableParallelism();
  return n >= 2 && existsSync('/usr/bin/taskset') ? String(n - 1) : '';
}

/** `[command, args]` under the load generators' CPU pinning. */
export function pinned(command: string, args: string[]): [string, string[]] {
  const cpus = loadCpus();
  return cpus ? ['/usr/bin/taskset', ['-c', cpus, command, ...args]] : [command, args];
}

/** HTTP worker processes of each bench service (`PPS_BENCH_WORKERS`, default 1; the service's WORKERS). */
export function serviceWorkers(): string {
  return process.env.PPS_BENCH_WORKERS ?? '1';
}

/** Runs one load (autocannon in a pinned child process) and returns what it measured. */
export async function runLoad(spec: LoadSpec): Promise<LoadOutput> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pps-load-')), 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  try {
    const [cmd, args] = pinned(process.execPath, [LOAD_MAIN, file]);
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(cmd, args, { maxBuffer: 16 * 2 ** 20, timeout: (spec.durationS + 60) * 1000 }, (e, out, err) =>
        e ? reject(new Error(`load generator failed: ${e.message}\n${err}`)) : resolve(out),
      ),
    );
    return JSON.parse(stdout.trim().split('\n').pop()!) as LoadOutput;
  } finally {
    rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

const SERVICE_MAIN = path.join(__dirname, '../apps/policy-service/src/main.js');

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

interface BenchService {
  baseUrl: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export interface BenchEnvironment {
  pg: EmbeddedPostgres;
  /** URL of the service's database. */
  databaseUrl: string;
  adminKey: string;
  postgresVersion: string;
  services: BenchService[];
  startService(env?: Record<string, string>): Promise<BenchService>;
  /** A new empty database of the same server (pgbench's). */
  createDatabase(name: string): Promise<string>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/**
 * Starts an embedded PostgreSQL with its default, durable settings (fsync and synchronous_commit
 * on) and `max_connections=200`, and creates the service's database; the service migrates it when
 * it starts.
 */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-bench-'));
  const pg = await EmbeddedPostgres.start({ dataDir: dir });
  const services: BenchService[] = [];
  const adminKey = `pps_bench_admin_${randomBytes(16).toString('hex')}`;
  const admin = new Client({ connectionString: pg.urlFor('postgres') });
  await admin.connect();
  let stopped = false;
  const env: BenchEnvironment = {
    pg,
    databaseUrl: pg.urlFor('pps_bench'),
    adminKey,
    postgresVersion: '',
    services,
    async startService(extra = {}) {
      const service = await startService(env.databaseUrl, adminKey, dir, extra);
      services.push(service);
      return service;
    },
    async createDatabase(name) {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
      return pg.urlFor(name);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const c = new Client({ connectionString: env.databaseUrl });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows as T[];
      } finally {
        await c.end();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const s of services) await s.stop();
      await admin.end().catch(() => undefined);
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await env.createDatabase('pps_bench');
    env.postgresVersion = String((await admin.query(`show server_version`)).rows[0].server_version);
  } catch (e) {
    await env.stop();
    throw e;
  }
  return env;
}

async function startService(
  databaseUrl: string,
  adminKey: string,
  dir: string,
  extra: Record<string, string>,
): Promise<BenchService> {
  if (!existsSync(SERVICE_MAIN))
    throw new Error(`${SERVICE_MAIN} is missing: run \`npm run build\` (npm run bench does)`);
  const port = await freeLoopbackPort();
  const child = spawn(
    process.execPath,
    [...(extra.NODE_OPTIONS_ARGS ? extra.NODE_OPTIONS_ARGS.split(' ') : []), SERVICE_MAIN],
    {
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        ADMIN_API_KEY: adminKey,
        DATA_DIR: path.join(dir, `service-${port}`),
        // The benchmarks measure the service, not its logger: warnings and errors only.
        LOG_LEVEL: 'warn',
        // 60,000 a minute per key would cap the load generator.
        RATE_LIMIT_PER_MINUTE: '0',
        WORKERS: serviceWorkers(),
        ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'NODE_OPTIONS_ARGS')),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr?.on('data', (d) => (out = (out + d).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const service: BenchService = {
    baseUrl,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited while starting:\n${out}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).status === 200) return service;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await service.stop();
      throw new Error(`the service did not become healthy:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** JSON request to the service as a client would send it; throws on a non-2xx answer. */
async function api<T = Record<string, unknown>>(
  baseUrl: string,
  key: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Runs `fn` over `items` with at most `concurrency` at a time. */
async function pool<T, R>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}

export interface SeededPartner {
  id: string;
  customers: string[];
}

/**
 * Seeds through the public API, as a client would: `partners` resellers, each topped up with
 * `funds`, each with `customersPerPartner` customers associated in resale mode (every write a
 * gated, recorded operation). 16 requests in flight.
 */
export async function seedResaleCustomers(
  baseUrl: string,
  key: string,
  partners: number,
  customersPerPartner: number,
  funds: string,
): Promise<SeededPartner[]> {
  const seeded = await pool(
    Array.from({ length: partners }, (_, i) => i),
    16,
    async (i) => {
      const p = await api<{ id: string }>(baseUrl, key, 'POST', '/v1/partners', {
        name: `Bench partner ${i}`,
        kind: 'reseller',
        realName: `Bench ${i}`,
      });
      await api(baseUrl, key, 'POST', `/v1/partners/${p.id}/top-ups`, { amount: funds });
      return { id: p.id, customers: [] as string[] };
    },
  );
  const pairs = seeded.flatMap((p) => Array.from({ length: customersPerPartner }, () => p));
  await pool(pairs, 16, async (p, i) => {
    const c = await api<{ id: string }>(baseUrl, key, 'POST', '/v1/customers', { name: `Bench customer ${i}` });
    await api(baseUrl, key, 'POST', '/v1/associations', { partnerId: p.id, customerId: c.id, mode: 'resale' });
    p.customers.push(c.id);
  });
  return seeded;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
}

export function machineInfo(): MachineInfo {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** pgbench from Debian's PostgreSQL packages or PATH; undefined with a hint when absent. */
export function findPgbench(): string | undefined {
  const candidates = [
    process.env.PGBENCH,
    '/usr/lib/postgresql/15/bin/pgbench',
    '/usr/lib/postgresql/16/bin/pgbench',
    '/usr/lib/postgresql/17/bin/pgbench',
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    return execFileSync('sh', ['-c', 'command -v pgbench'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export const PGBENCH_HINT =
  'pgbench was not found (looked at $PGBENCH, /usr/lib/postgresql/{15,16,17}/bin and PATH). Install it with ' +
  '`apt-get install postgresql-15` (or `postgresql-client`), or point PGBENCH at the binary.';

export function pgbenchVersion(bin: string): string {
  return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
}

/** Environment for pgbench/psql from a postgres URL (password through PGPASSWORD, not argv). */
export function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port,
    PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: u.pathname.slice(1),
  };
}

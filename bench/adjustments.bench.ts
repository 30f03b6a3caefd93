import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import {
  type BenchEnvironment,
  findPgbench,
  fmt,
  log,
  machineInfo,
  median,
  PGBENCH_HINT,
  pgbenchVersion,
  pgEnv,
  runAutocannon,
  seedResaleCustomers,
  type SeededPartner,
  startBenchEnvironment,
} from './support';

const run = promisify(execFile);

/**
 * Policy-gated allocation (`POST /v1/adjustments`: lock customer and accounts → facts → evaluate
 * account-adjustment → decision record → double-entry transfer → commit) at 8 and 32 concurrent
 * clients over 1,000 resale customers, next to pgbench's TPC-B on the same PostgreSQL server with
 * the same client count, alternating in each round. Target (issue 9): accepted transfers/s ≥ 40%
 * of pgbench's tps.
 */
export interface AdjustmentsBenchOptions {
  rounds?: number;
  durationS?: number;
  clients?: number[];
}

export interface LoadResult {
  clients: number;
  seconds: number;
  accepted: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Responses by `status code[ error_code]`, e.g. `201`, `422 CBC.99007461`. */
  byOutcome: Record<string, number>;
  socketErrors: number;
}

/**
 * Drives `POST /v1/adjustments` (allocate 1.00, a random customer of the chosen partners each time)
 * with `clients` keep-alive connections for `durationS`, over one or more service processes.
 */
export async function allocationLoad(
  baseUrls: string[],
  key: string,
  partners: SeededPartner[],
  clients: number,
  durationS: number,
): Promise<LoadResult> {
  const pairs = partners.flatMap((p) => p.customers.map((c) => ({ partnerId: p.id, customerId: c })));
  const byOutcome: Record<string, number> = {};
  const perUrl = baseUrls.map(
    (_, i) => Math.floor(clients / baseUrls.length) + (i < clients % baseUrls.length ? 1 : 0),
  );
  const results = await Promise.all(
    baseUrls.map((url) =>
      runAutocannon({
        url,
        connections: perUrl[baseUrls.indexOf(url)],
        duration: durationS,
        requests: [
          {
            method: 'POST',
            path: '/v1/adjustments',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            setupRequest: (req) => {
              const pair = pairs[Math.floor(Math.random() * pairs.length)];
              return {
                ...req,
                headers: { ...req.headers, 'idempotency-key': randomUUID() },
                body: JSON.stringify({ ...pair, operation: 'allocate', amount: '1.00' }),
              };
            },
            onResponse: (status, body) => {
              let code = '';
              if (status >= 300) {
                try {
                  code = ` ${(JSON.parse(body) as { error_code?: string }).error_code ?? '?'}`;
                } catch {
                  code = ' (no envelope)';
                }
              }
              byOutcome[`${status}${code}`] = (byOutcome[`${status}${code}`] ?? 0) + 1;
            },
          },
        ],
      }),
    ),
  );
  const accepted = byOutcome['201'] ?? 0;
  const seconds = Math.max(...results.map((r) => r.duration));
  return {
    clients,
    seconds,
    accepted,
    perSecond: accepted / seconds,
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    byOutcome,
    socketErrors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
  };
}

export async function issueKey(baseUrl: string, adminKey: string, role = 'service'): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  if (res.status !== 201) throw new Error(`could not issue a key: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { key: string }).key;
}

export interface Pgbench {
  bin: string;
  version: string;
  url: string;
  tps(clients: number, durationS: number): Promise<number>;
}

/** `pgbench -i -s <scale>` into a database of its own on the bench server. */
export async function preparePgbench(env: BenchEnvironment, scale: number): Promise<Pgbench> {
  const bin = findPgbench();
  if (!bin) throw new Error(PGBENCH_HINT);
  const url = await env.createDatabase('pgbench');
  log(`pgbench -i -s ${scale}`);
  await run(bin, ['-i', '-s', String(scale), '-q'], { env: pgEnv(url), maxBuffer: 16 * 2 ** 20 });
  return {
    bin,
    version: pgbenchVersion(bin),
    url,
    async tps(clients, durationS) {
      // -n: the tables were vacuumed by -i; the default TPC-B-like script; 2 threads (the CPUs).
      const { stdout } = await run(bin, ['-n', '-c', String(clients), '-j', '2', '-T', String(durationS)], {
        env: pgEnv(url),
        maxBuffer: 16 * 2 ** 20,
      });
      const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout) ?? /tps = ([\d.]+)/.exec(stdout);
      if (!m) throw new Error(`could not read pgbench's tps from:\n${stdout}`);
      return Number(m[1]);
    },
  };
}

export async function runAdjustmentsBench(options: AdjustmentsBenchOptions = {}): Promise<string> {
  const rounds = options.rounds ?? 3;
  const durationS = options.durationS ?? 10;
  const clientCounts = options.clients ?? [8, 32];
  const env = await startBenchEnvironment();
  try {
    const service = await env.startService();
    const key = await issueKey(service.baseUrl, env.adminKey);
    const seedStarted = Date.now();
    const partners = await seedResaleCustomers(service.baseUrl, key, 100, 10, '10000000.00');
    const seedS = (Date.now() - seedStarted) / 1000;
    log(`seeded 100 partners × 10 resale customers through the API in ${seedS.toFixed(1)} s`);
    const pgbench = await preparePgbench(env, 10);
    // Warm-up of the service (JIT, pool) and of pgbench's tables.
    await allocationLoad([service.baseUrl], key, partners, 8, 3);
    await pgbench.tps(8, 3);

    const rows: Array<{ clients: number; ours: LoadResult[]; tps: number[] }> = [];
    for (const clients of clientCounts) {
      const row = { clients, ours: [] as LoadResult[], tps: [] as number[] };
      for (let r = 0; r < rounds; r++) {
        const tps = await pgbench.tps(clients, durationS);
        const ours = await allocationLoad([service.baseUrl], key, partners, clients, durationS);
        log(
          `adjustments ${clients} clients round ${r + 1}/${rounds}: pgbench ${fmt(tps)} tps, ours ${fmt(ours.perSecond)} transfers/s ${JSON.stringify(ours.byOutcome)}`,
        );
        row.tps.push(tps);
        row.ours.push(ours);
      }
      rows.push(row);
    }
    return renderAdjustments(rows, {
      rounds,
      durationS,
      seedS,
      postgres: env.postgresVersion,
      pgbench: pgbench.version,
    });
  } finally {
    await env.stop();
  }
}

function outcomes(results: LoadResult[]): string {
  const total: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.byOutcome)) total[k] = (total[k] ?? 0) + v;
  const errors = results.reduce((n, r) => n + r.socketErrors, 0);
  return Object.entries(total)
    .sort()
    .map(([k, v]) => `${k}: ${fmt(v)}`)
    .concat(errors ? [`socket errors/timeouts: ${errors}`] : [])
    .join(', ');
}

function renderAdjustments(
  rows: Array<{ clients: number; ours: LoadResult[]; tps: number[] }>,
  o: { rounds: number; durationS: number; seedS: number; postgres: string; pgbench: string },
): string {
  const m = machineInfo();
  const lines = rows.map((row) => {
    const ours = median(row.ours.map((r) => r.perSecond));
    const tps = median(row.tps);
    const ratio = ours / tps;
    return {
      ratio,
      line: `| ${row.clients} | ${row.tps.map((t) => fmt(t)).join(' · ')} | **${fmt(tps)}** | ${row.ours.map((r) => fmt(r.perSecond)).join(' · ')} | **${fmt(ours)}** | ${median(row.ours.map((r) => r.p50))} / ${median(row.ours.map((r) => r.p99))} | **${fmt(100 * ratio, 1)}%** ${ratio >= 0.4 ? '(met)' : '(**missed**)'} |`,
      outcomes: `- ${row.clients} clients, all rounds: ${outcomes(row.ours)}`,
    };
  });
  return `## Policy-gated allocation vs pgbench TPC-B (\`npm run bench -- adjustments\`, ${new Date().toISOString().slice(0, 10)})

\`POST /v1/adjustments\` (allocate 1.00 to a random one of 1,000 resale customers of 100 partners, a fresh
\`Idempotency-Key\` on each) with autocannon at N keep-alive connections, next to \`pgbench -n -c N -j 2 -T ${o.durationS}\`
(default TPC-B-like script, \`pgbench -i -s 10\` into a database of its own) on the **same embedded PostgreSQL ${o.postgres}**
server (durable defaults: fsync and synchronous_commit on; ${o.pgbench}). ${o.durationS} s per side per round, ${o.rounds} rounds,
alternating pgbench and ours, after a 3 s warm-up of each. One service process (LOG_LEVEL=warn, rate limit off, pool of 20
connections: the default); the load generator runs on the same ${m.cpus}-CPU machine. Seeding went through the API — 100
partners each topped up with 100,000,000.00, 1,000 customers each associated in resale mode (every write a gated, recorded
operation) — and took ${o.seedS.toFixed(1)} s. An allocation is one transaction: idempotency-key claim, partner and customer
reads, customer row lock (SKIP LOCKED), association read, account ids, account locks in id order, evaluation,
decision insert, transfer + legs + balances in one statement, idempotency answer, commit.

| clients | pgbench tps (rounds) | pgbench median | ours transfers/s (rounds) | ours median | ours p50 / p99 ms | ours / pgbench |
|---:|---|---:|---|---:|---:|---:|
${lines.map((l) => l.line).join('\n')}

Answers by status and error code (422 \`CBC.99007461\` is the rule set's "another adjustment in progress" denial, when two
clients pick the same customer at the same moment):
${lines.map((l) => l.outcomes).join('\n')}

Target: ≥ 40% of pgbench's tps at the same client count — ${lines.every((l) => l.ratio >= 0.4) ? 'met at every client count' : '**missed** where marked'}.
`;
}

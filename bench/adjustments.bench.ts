import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  type BenchEnvironment,
  findPgbench,
  fmt,
  loadCpus,
  log,
  machineInfo,
  median,
  PGBENCH_HINT,
  pgbenchVersion,
  pgEnv,
  pinned,
  runLoad,
  seedResaleCustomers,
  serviceWorkers,
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
 * with `clients` keep-alive connections for `durationS`, over one or more service processes; closed
 * loop, or open loop at `rate` requests/s in all (then `clients` connections carry that rate).
 */
export async function allocationLoad(
  baseUrls: string[],
  key: string,
  partners: SeededPartner[],
  clients: number,
  durationS: number,
  rate?: number,
): Promise<LoadResult> {
  const pairs = partners.flatMap((p) => p.customers.map((c) => ({ partnerId: p.id, customerId: c })));
  const byOutcome: Record<string, number> = {};
  const share = (total: number, i: number) =>
    Math.floor(total / baseUrls.length) + (i < total % baseUrls.length ? 1 : 0);
  const results = await Promise.all(
    baseUrls.map((url, i) =>
      runLoad({
        url,
        connections: share(clients, i),
        durationS,
        overallRate: rate === undefined ? undefined : rate / baseUrls.length,
        method: 'POST',
        path: '/v1/adjustments',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        allocation: { pairs, amount: '1.00' },
      }),
    ),
  );
  for (const r of results) for (const [k, v] of Object.entries(r.byOutcome)) byOutcome[k] = (byOutcome[k] ?? 0) + v;
  const accepted = byOutcome['201'] ?? 0;
  const seconds = Math.max(...results.map((r) => r.seconds));
  return {
    clients,
    seconds,
    accepted,
    perSecond: accepted / seconds,
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
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
      const [cmd, args] = pinned(bin, ['-n', '-c', String(clients), '-j', '2', '-T', String(durationS)]);
      const { stdout } = await run(cmd, args, {
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

    const rows: Array<{ clients: number; ours: LoadResult[]; tps: number[]; sealLag: SealLag[] }> = [];
    for (const clients of clientCounts) {
      const row = { clients, ours: [] as LoadResult[], tps: [] as number[], sealLag: [] as SealLag[] };
      for (let r = 0; r < rounds; r++) {
        const tps = await pgbench.tps(clients, durationS);
        const from = new Date();
        const ours = await allocationLoad([service.baseUrl], key, partners, clients, durationS);
        const lag = await sealLag(env, from, new Date());
        log(
          `adjustments ${clients} clients round ${r + 1}/${rounds}: pgbench ${fmt(tps)} tps, ours ${fmt(ours.perSecond)} transfers/s ${JSON.stringify(ours.byOutcome)}; seal lag p99 ${fmt(lag.p99Ms)} ms`,
        );
        row.tps.push(tps);
        row.ours.push(ours);
        row.sealLag.push(lag);
      }
      rows.push(row);
    }
    // Latency at half load, open loop: half of the median closed-loop rate at the first client count.
    const halfRate = Math.max(1, Math.round(median(rows[0].ours.map((r) => r.perSecond)) / 2));
    const openLoop: LoadResult[] = [];
    for (let r = 0; r < rounds; r++) {
      const res = await allocationLoad([service.baseUrl], key, partners, 64, durationS, halfRate);
      log(`adjustments open loop at ${fmt(halfRate)}/s round ${r + 1}/${rounds}: p50 ${res.p50} p99 ${res.p99} ms`);
      openLoop.push(res);
    }
    return renderAdjustments(rows, openLoop, halfRate, {
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

export interface SealLag {
  decisions: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * How long the decisions decided in [from, to) waited to be sealed into the hash chain
 * (`decision_seals.sealed_at − decisions.decided_at`), once the sealer has caught up (≤ 15 s).
 */
export async function sealLag(env: BenchEnvironment, from: Date, to: Date): Promise<SealLag> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [{ unsealed }] = await env.query<{ unsealed: number }>(
      `select count(*)::int as unsealed from decisions d where d.decided_at >= $1 and d.decided_at < $2
         and not exists (select 1 from decision_seals s where s.seq = d.seq)`,
      [from, to],
    );
    if (unsealed === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const [row] = await env.query<{ n: number; p99: number | null; max: number | null }>(
    `select count(*)::int as n,
            percentile_cont(0.99) within group (order by lag_ms) as p99, max(lag_ms) as max
       from (select extract(epoch from coalesce(s.sealed_at, clock_timestamp()) - d.decided_at) * 1000 as lag_ms
               from decisions d left join decision_seals s on s.seq = d.seq
              where d.decided_at >= $1 and d.decided_at < $2) x`,
    [from, to],
  );
  return { decisions: row.n, p99Ms: Number(row.p99 ?? 0), maxMs: Number(row.max ?? 0) };
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
  rows: Array<{ clients: number; ours: LoadResult[]; tps: number[]; sealLag: SealLag[] }>,
  openLoop: LoadResult[],
  halfRate: number,
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
  const lagP99 = Math.max(...rows.flatMap((r) => r.sealLag.map((l) => l.p99Ms)));
  const openP99 = median(openLoop.map((r) => r.p99));
  const cpus = loadCpus();
  return `## Policy-gated allocation vs pgbench TPC-B (\`npm run bench -- adjustments\`, ${new Date().toISOString().slice(0, 10)})

\`POST /v1/adjustments\` (allocate 1.00 to a random one of 1,000 resale customers of 100 partners, a fresh
\`Idempotency-Key\` on each) with autocannon at N keep-alive connections, next to \`pgbench -n -c N -j 2 -T ${o.durationS}\`
(default TPC-B-like script, \`pgbench -i -s 10\` into a database of its own) on the **same embedded PostgreSQL ${o.postgres}**
server (durable defaults: fsync and synchronous_commit on; ${o.pgbench}). ${o.durationS} s per side per round, ${o.rounds} rounds,
alternating pgbench and ours, after a 3 s warm-up of each. One service (${serviceWorkers()} worker process(es), LOG_LEVEL=warn, rate limit off, pool of 20 a process
connections: the default) on the same ${m.cpus}-CPU machine. ${cpus ? `Both load generators — autocannon (its own process, \`bench/load.ts\`) and pgbench's client — run under \`taskset -c ${cpus}\`; the service and PostgreSQL are not pinned.` : 'No CPU pinning (taskset missing or PPS_BENCH_LOAD_CPUS empty).'}
Seeding went through the API — 100 partners each topped up with 10,000,000.00, 1,000 customers each associated in resale
mode (every write a gated, recorded operation) — and took ${o.seedS.toFixed(1)} s.

| clients | pgbench tps (rounds) | pgbench median | ours transfers/s (rounds) | ours median | ours p50 / p99 ms | ours / pgbench | seal lag p99 ms |
|---:|---|---:|---|---:|---:|---:|---:|
${lines.map((l, i) => `${l.line} ${fmt(median(rows[i].sealLag.map((x) => x.p99Ms)))} |`).join('\n')}

Answers by status and error code (422 \`CBC.99007461\` is the rule set's "another adjustment in progress" denial, when two
clients pick the same customer at the same moment):
${lines.map((l) => l.outcomes).join('\n')}

Seal lag: for every decision of a round, \`decision_seals.sealed_at − decisions.decided_at\` (read after the sealer caught
up); the column is the median over rounds of each round's p99, the highest round p99 was ${fmt(lagP99)} ms.

Latency at half load, open loop: ${fmt(halfRate)} allocations/s offered (evenly spaced, each latency counted from when the request was due — \`bench/load.ts\` openLoop — over at most 64 connections;
half the median at ${rows[0].clients} clients), ${o.rounds} rounds of ${o.durationS} s: p50 ${median(openLoop.map((r) => r.p50))} ms, p99 per round
${openLoop.map((r) => r.p99).join(' · ')} ms, median **${openP99} ms**. Answers: ${outcomes(openLoop)}.

Targets: ≥ 40% of pgbench's tps at the same client count — ${lines.every((l) => l.ratio >= 0.4) ? 'met at every client count' : '**missed** where marked'};
p99 ≤ 20 ms at half load — ${openP99 <= 20 ? 'met' : '**missed**'} (${openP99} ms); seal lag p99 ≤ 1 s — ${lagP99 <= 1000 ? 'met' : '**missed**'} (${fmt(lagP99)} ms).
`;
}

import {
  fmt,
  loadCpus,
  log,
  machineInfo,
  median,
  runLoad,
  serviceWorkers,
  startBenchEnvironment,
  type LoadOutput,
  type LoadSpec,
} from './support';

/**
 * The recorded policy check over HTTP (`POST /v1/rule-sets/account-adjustment/evaluate`: evaluate,
 * write the decision record, commit) next to the authenticated no-op `GET /v1/ping` on the same
 * server, alternating in each round so both see the same machine state. Targets (issue 9): the
 * check's throughput ≥ 40% of the no-op's, its p99 ≤ 20 ms.
 */
export interface HttpBenchOptions {
  rounds?: number;
  durationS?: number;
  connections?: number;
}

interface Round {
  ping: LoadOutput;
  check: LoadOutput;
}

const FACTS = {
  operation: 'allocate',
  amount: '100.00',
  associationMode: 'resale',
  associatedWithPartner: true,
  partnerAvailable: '1000.00',
  customerBalance: '300.00',
  adjustmentInProgress: false,
};

export async function runHttpBench(options: HttpBenchOptions = {}): Promise<string> {
  const rounds = options.rounds ?? 3;
  const durationS = options.durationS ?? 10;
  const connections = options.connections ?? 50;
  const env = await startBenchEnvironment();
  try {
    const service = await env.startService();
    const serviceKey = await issueKey(service.baseUrl, env.adminKey);
    const headers = { authorization: `Bearer ${serviceKey}`, 'content-type': 'application/json' };
    const ping: LoadSpec = { url: service.baseUrl, connections, durationS, method: 'GET', path: '/v1/ping', headers };
    const check: LoadSpec = {
      ...ping,
      method: 'POST',
      path: '/v1/rule-sets/account-adjustment/evaluate',
      body: JSON.stringify({ facts: FACTS }),
    };
    // Warm-up: JIT, connection pool, caches.
    await runLoad({ ...ping, durationS: 3 });
    await runLoad({ ...check, durationS: 3 });
    const results: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      const p = await runLoad(ping);
      const c = await runLoad(check);
      for (const [name, res] of [
        ['ping', p],
        ['check', c],
      ] as const) {
        if (res.non2xx > 0 || res.errors > 0)
          throw new Error(
            `${name}: ${res.non2xx} non-2xx, ${res.errors} errors: ${JSON.stringify(res.byOutcome)}\n${service.output().slice(-2000)}`,
          );
      }
      log(
        `http round ${r + 1}/${rounds}: ping ${fmt(p.perSecond)} req/s p99 ${p.p99} ms; check ${fmt(c.perSecond)} req/s p50 ${c.p50} p99 ${c.p99} ms`,
      );
      results.push({ ping: p, check: c });
    }
    // Latency at half load, open loop: half the median check throughput, offered at a fixed rate.
    const halfRate = Math.max(1, Math.round(median(results.map((r) => r.check.perSecond)) / 2));
    const openLoop: LoadOutput[] = [];
    for (let r = 0; r < rounds; r++) {
      const res = await runLoad({ ...check, overallRate: halfRate });
      log(`http check open loop at ${fmt(halfRate)}/s round ${r + 1}/${rounds}: p50 ${res.p50} p99 ${res.p99} ms`);
      openLoop.push(res);
    }
    const decisions = (
      await env.query<{ n: number }>(`select count(*)::int as n from decisions where operation = 'check'`)
    )[0].n;
    return render(results, openLoop, halfRate, {
      rounds,
      durationS,
      connections,
      postgres: env.postgresVersion,
      decisions,
    });
  } finally {
    await env.stop();
  }
}

async function issueKey(baseUrl: string, adminKey: string): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'service' }),
  });
  if (res.status !== 201) throw new Error(`could not issue a service key: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { key: string }).key;
}

function render(
  results: Round[],
  openLoop: LoadOutput[],
  halfRate: number,
  o: { rounds: number; durationS: number; connections: number; postgres: string; decisions: number },
): string {
  const m = machineInfo();
  const pick = (f: (r: Round) => number) => median(results.map(f));
  const pingRps = pick((r) => r.ping.perSecond);
  const checkRps = pick((r) => r.check.perSecond);
  const ratio = checkRps / pingRps;
  const p99 = median(openLoop.map((r) => r.p99));
  const cpus = loadCpus();
  const rows = results
    .map(
      (r, i) =>
        `| ${i + 1} | ${fmt(r.ping.perSecond)} | ${r.ping.p50} / ${r.ping.p99} | ${fmt(r.check.perSecond)} | ${r.check.p50} / ${r.check.p99} | ${fmt((100 * r.check.perSecond) / r.ping.perSecond, 1)}% |`,
    )
    .join('\n');
  return `## HTTP: recorded policy check vs authenticated no-op (\`npm run bench -- http\`, ${new Date().toISOString().slice(0, 10)})

autocannon, ${o.connections} connections, ${o.durationS} s per side per round, ${o.rounds} rounds alternating no-op and check,
after a 3 s warm-up of each. One service (${serviceWorkers()} worker process(es), LOG_LEVEL=warn, rate limit off) on an embedded PostgreSQL ${o.postgres}
(durable defaults: fsync and synchronous_commit on), load generator (autocannon in its own process, \`bench/load.ts\`) on the same machine (${m.cpus} CPUs, ${m.memoryGiB} GiB, Node ${m.node})${cpus ? `, pinned with \`taskset -c ${cpus}\`` : ''}.
No-op: \`GET /v1/ping\` (service key: auth guard, rate-limit guard, filters, metrics, logger). Check:
\`POST /v1/rule-sets/account-adjustment/evaluate\` with the rule file's example facts — validation, one transaction that
evaluates the active version and inserts the decision record, commit (${fmt(o.decisions)} decisions recorded in all).

| round | no-op req/s | no-op p50 / p99 ms | check req/s | check p50 / p99 ms | check / no-op |
|---:|---:|---:|---:|---:|---:|
${rows}
| **median** | **${fmt(pingRps)}** | ${pick((r) => r.ping.p50)} / ${pick((r) => r.ping.p99)} | **${fmt(checkRps)}** | ${pick((r) => r.check.p50)} / ${pick((r) => r.check.p99)} | **${fmt(100 * ratio, 1)}%** |

Latency at half load, open loop: the check offered at ${fmt(halfRate)} req/s (evenly spaced, each latency counted from when the request was due — \`bench/load.ts\` openLoop; half the
median above) over ${o.connections} connections, ${o.rounds} rounds of ${o.durationS} s: p50 ${median(openLoop.map((r) => r.p50))} ms, p99 per round ${openLoop.map((r) => r.p99).join(' · ')} ms.

Targets: check throughput ≥ 40% of the no-op's — ${ratio >= 0.4 ? 'met' : '**missed**'} (${fmt(100 * ratio, 1)}%); check p99 ≤ 20 ms at half load, open loop — ${p99 <= 20 ? 'met' : '**missed**'} (${p99} ms).
`;
}

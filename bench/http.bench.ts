import { fmt, log, machineInfo, median, runAutocannon, startBenchEnvironment, type AutocannonResult } from './support';

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
  ping: AutocannonResult;
  check: AutocannonResult;
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
    const common = { url: service.baseUrl, connections };
    // Warm-up: JIT, connection pool, caches.
    await runAutocannon({ ...common, url: `${service.baseUrl}/v1/ping`, duration: 3, headers });
    await runAutocannon({
      ...common,
      duration: 3,
      url: `${service.baseUrl}/v1/rule-sets/account-adjustment/evaluate`,
      method: 'POST',
      headers,
      body: JSON.stringify({ facts: FACTS }),
    });
    const results: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      const ping = await runAutocannon({ ...common, url: `${service.baseUrl}/v1/ping`, duration: durationS, headers });
      const check = await runAutocannon({
        ...common,
        url: `${service.baseUrl}/v1/rule-sets/account-adjustment/evaluate`,
        duration: durationS,
        method: 'POST',
        headers,
        body: JSON.stringify({ facts: FACTS }),
      });
      for (const [name, res] of [
        ['ping', ping],
        ['check', check],
      ] as const) {
        if (res.non2xx > 0 || res.errors > 0)
          throw new Error(
            `${name}: ${res.non2xx} non-2xx, ${res.errors} errors: ${JSON.stringify(res.statusCodeStats)}\n${service.output().slice(-2000)}`,
          );
      }
      log(
        `http round ${r + 1}/${rounds}: ping ${fmt(ping.requests.average)} req/s p99 ${ping.latency.p99} ms; check ${fmt(check.requests.average)} req/s p50 ${check.latency.p50} p99 ${check.latency.p99} ms`,
      );
      results.push({ ping, check });
    }
    const decisions = (
      await env.query<{ n: number }>(`select count(*)::int as n from decisions where operation = 'check'`)
    )[0].n;
    return render(results, { rounds, durationS, connections, postgres: env.postgresVersion, decisions });
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
  o: { rounds: number; durationS: number; connections: number; postgres: string; decisions: number },
): string {
  const m = machineInfo();
  const pick = (f: (r: Round) => number) => median(results.map(f));
  const pingRps = pick((r) => r.ping.requests.average);
  const checkRps = pick((r) => r.check.requests.average);
  const ratio = checkRps / pingRps;
  const p99 = pick((r) => r.check.latency.p99);
  const rows = results
    .map(
      (r, i) =>
        `| ${i + 1} | ${fmt(r.ping.requests.average)} | ${r.ping.latency.p50} / ${r.ping.latency.p99} | ${fmt(r.check.requests.average)} | ${r.check.latency.p50} / ${r.check.latency.p99} | ${fmt((100 * r.check.requests.average) / r.ping.requests.average, 1)}% |`,
    )
    .join('\n');
  return `## HTTP: recorded policy check vs authenticated no-op (\`npm run bench -- http\`, ${new Date().toISOString().slice(0, 10)})

autocannon, ${o.connections} connections, ${o.durationS} s per side per round, ${o.rounds} rounds alternating no-op and check,
after a 3 s warm-up of each. One service process (LOG_LEVEL=warn, rate limit off) on an embedded PostgreSQL ${o.postgres}
(durable defaults: fsync and synchronous_commit on), load generator on the same machine (${m.cpus} CPUs, ${m.memoryGiB} GiB, Node ${m.node}).
No-op: \`GET /v1/ping\` (service key: auth guard, rate-limit guard, filters, metrics, logger). Check:
\`POST /v1/rule-sets/account-adjustment/evaluate\` with the rule file's example facts — validation, one transaction that
evaluates the active version and inserts the decision record, commit (${fmt(o.decisions)} decisions recorded in all).

| round | no-op req/s | no-op p50 / p99 ms | check req/s | check p50 / p99 ms | check / no-op |
|---:|---:|---:|---:|---:|---:|
${rows}
| **median** | **${fmt(pingRps)}** | ${pick((r) => r.ping.latency.p50)} / ${pick((r) => r.ping.latency.p99)} | **${fmt(checkRps)}** | ${pick((r) => r.check.latency.p50)} / **${p99}** | **${fmt(100 * ratio, 1)}%** |

Targets: check throughput ≥ 40% of the no-op's — ${ratio >= 0.4 ? 'met' : '**missed**'} (${fmt(100 * ratio, 1)}%); check p99 ≤ 20 ms — ${p99 <= 20 ? 'met' : '**missed**'} (${p99} ms).
`;
}

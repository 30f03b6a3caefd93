/**
 * The load generator as a process of its own, so that it can run under the same CPU pinning as
 * pgbench's client (`taskset`, see `runLoad` in support.ts): reads a {@link LoadSpec} (JSON file
 * named by argv[2]), drives autocannon, prints a {@link LoadOutput} as one JSON line.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface LoadSpec {
  url: string;
  connections: number;
  durationS: number;
  /** Open loop: this many requests a second from all connections together (autocannon's overallRate). */
  overallRate?: number;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** A fixed body; or, for allocations, a random pair and a fresh Idempotency-Key on every request. */
  body?: string;
  allocation?: { pairs: Array<{ partnerId: string; customerId: string }>; amount: string };
}

export interface LoadOutput {
  seconds: number;
  requests: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Responses by `status[ error_code]`, e.g. `201`, `422 CBC.99007461`. */
  byOutcome: Record<string, number>;
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadSpec;
  const byOutcome: Record<string, number> = {};
  const { allocation } = spec;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    timeout: 10,
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    requests: [
      {
        method: spec.method,
        path: spec.path,
        headers: spec.headers,
        body: spec.body,
        ...(allocation
          ? {
              setupRequest: (req: autocannon.Request) => {
                const pair = allocation.pairs[Math.floor(Math.random() * allocation.pairs.length)];
                return {
                  ...req,
                  headers: { ...req.headers, 'idempotency-key': randomUUID() },
                  body: JSON.stringify({ ...pair, operation: 'allocate', amount: allocation.amount }),
                };
              },
            }
          : {}),
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
  });
  const out: LoadOutput = {
    seconds: result.duration,
    requests: result.requests.total,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    byOutcome,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);

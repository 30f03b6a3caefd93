/**
 * The load generator as a process of its own, so that it can run under the same CPU pinning as
 * pgbench's client (`taskset`, see `runLoad` in support.ts): reads a {@link LoadSpec} (JSON file
 * named by argv[2]), drives the load, prints a {@link LoadOutput} as one JSON line.
 *
 * Closed loop (no `overallRate`): autocannon, each connection sending its next request when the
 * last one is answered. Open loop (`overallRate`): {@link openLoop} below, not autocannon — its
 * `overallRate` releases each second's requests in one burst at the start of the second (its
 * per-second counter resets every 1 s), which measures a burst draining, not a steady rate.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';

export interface LoadSpec {
  url: string;
  connections: number;
  durationS: number;
  /** Open loop: this many requests a second in all, evenly spaced (see {@link openLoop}). */
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

/** The request body of the next request: the fixed one, or a random allocation. */
function bodyOf(spec: LoadSpec): { body: string | undefined; headers: Record<string, string> } {
  const { allocation } = spec;
  if (!allocation) return { body: spec.body, headers: spec.headers };
  const pair = allocation.pairs[Math.floor(Math.random() * allocation.pairs.length)];
  return {
    body: JSON.stringify({ ...pair, operation: 'allocate', amount: allocation.amount }),
    headers: { ...spec.headers, 'idempotency-key': randomUUID() },
  };
}

/** `status[ error_code]` of an answer, for {@link LoadOutput.byOutcome}. */
function outcomeOf(status: number, body: string): string {
  if (status < 300) return String(status);
  try {
    return `${status} ${(JSON.parse(body) as { error_code?: string }).error_code ?? '?'}`;
  } catch {
    return `${status} (no envelope)`;
  }
}

/** The value at quantile `q` of ascending `sorted` (nearest rank), rounded to 0.01 ms. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const v = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return Math.round(v * 100) / 100;
}

/**
 * Open loop at a fixed rate: request i is due at start + i / rate, whatever happened to the
 * earlier ones, sent over at most `connections` keep-alive sockets (a due request waits for a free
 * socket), and its latency is counted from when it was DUE, not from when it left — so a stall
 * shows in full in every request it delays (no coordinated omission). The first second runs at the
 * same rate unrecorded (a lead-in: this process's JIT, the sockets' handshakes), then rate ×
 * duration requests are recorded. Bounded: (1 + duration) × rate requests, each given up on after 10 s.
 */
async function openLoop(spec: LoadSpec, rate: number): Promise<LoadOutput> {
  const url = new URL(spec.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const leadIn = Math.round(rate);
  const total = leadIn + Math.round(rate * spec.durationS);
  const latencies: number[] = [];
  const byOutcome: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  let sent = 0;
  let settled = 0;
  const start = performance.now();
  /** When the recorded part begins (the lead-in's requests are answered but not counted). */
  const recordedFrom = start + (leadIn * 1000) / rate;
  await new Promise<void>((resolve) => {
    const send = (due: number) => {
      const recorded = due >= recordedFrom;
      const { body, headers } = bodyOf(spec);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: spec.method,
          path: spec.path,
          agent,
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
          timeout: 10_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (recorded) {
              latencies.push(performance.now() - due);
              const o = outcomeOf(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
              byOutcome[o] = (byOutcome[o] ?? 0) + 1;
            }
            done();
          });
        },
      );
      req.on('timeout', () => {
        if (recorded) timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        if (recorded) errors++;
        done();
      });
      req.end(body);
    };
    const done = () => {
      if (++settled === total) resolve();
    };
    // Every millisecond (or as soon as the event loop gets to it), send what has come due.
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / rate <= now) send(start + (sent++ * 1000) / rate);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  const seconds = (performance.now() - recordedFrom) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const answered = latencies.length;
  return {
    seconds,
    requests: answered,
    perSecond: answered / seconds,
    p50: quantile(latencies, 0.5),
    p90: quantile(latencies, 0.9),
    p99: quantile(latencies, 0.99),
    non2xx: Object.entries(byOutcome)
      .filter(([k]) => !k.startsWith('2'))
      .reduce((n, [, v]) => n + v, 0),
    errors,
    timeouts,
    byOutcome,
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadSpec;
  if (spec.overallRate) {
    process.stdout.write(`${JSON.stringify(await openLoop(spec, spec.overallRate))}\n`);
    return;
  }
  const byOutcome: Record<string, number> = {};
  const { allocation } = spec;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    timeout: 10,
    requests: [
      {
        method: spec.method,
        path: spec.path,
        headers: spec.headers,
        body: spec.body,
        ...(allocation ? { setupRequest: (req: autocannon.Request) => ({ ...req, ...bodyOf(spec) }) } : {}),
        onResponse: (status, body) => {
          const o = outcomeOf(status, body);
          byOutcome[o] = (byOutcome[o] ?? 0) + 1;
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

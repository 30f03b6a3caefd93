import { allocationLoad, issueKey, preparePgbench, type LoadResult } from './adjustments.bench';
import { fmt, log, median, seedResaleCustomers, startBenchEnvironment } from './support';

/**
 * For docs/SCALING.md: where gated-allocation throughput flattens as clients grow (next to pgbench
 * at the same counts, on the same server), and what a second service process on the same database
 * adds. One round per point (rounds configurable), 8 s each, 100 partners × 10 resale customers.
 */
export async function runScalingBench(
  options: { rounds?: number; durationS?: number; clients?: number[] } = {},
): Promise<string> {
  const rounds = options.rounds ?? 1;
  const durationS = options.durationS ?? 8;
  const clientCounts = options.clients ?? [1, 2, 4, 8, 16, 32, 64];
  const env = await startBenchEnvironment();
  try {
    const first = await env.startService();
    const key = await issueKey(first.baseUrl, env.adminKey);
    const partners = await seedResaleCustomers(first.baseUrl, key, 100, 10, '10000000.00');
    const pgbench = await preparePgbench(env, 10);
    await allocationLoad([first.baseUrl], key, partners, 8, 3);

    const curve: Array<{ clients: number; tps: number; one: LoadResult[] }> = [];
    for (const clients of clientCounts) {
      const tps: number[] = [];
      const one: LoadResult[] = [];
      for (let r = 0; r < rounds; r++) {
        tps.push(await pgbench.tps(clients, durationS));
        one.push(await allocationLoad([first.baseUrl], key, partners, clients, durationS));
      }
      log(
        `scaling ${clients} clients: pgbench ${fmt(median(tps))} tps, one process ${fmt(median(one.map((r) => r.perSecond)))}/s`,
      );
      curve.push({ clients, tps: median(tps), one });
    }

    const second = await env.startService();
    const urls = [first.baseUrl, second.baseUrl];
    await allocationLoad(urls, key, partners, 8, 3);
    const twoRows: Array<{ clients: number; one: number; two: number; twoResults: LoadResult[] }> = [];
    for (const clients of [8, 32]) {
      const one: number[] = [];
      const two: LoadResult[] = [];
      for (let r = 0; r < rounds; r++) {
        one.push((await allocationLoad([first.baseUrl], key, partners, clients, durationS)).perSecond);
        two.push(await allocationLoad(urls, key, partners, clients, durationS));
      }
      log(
        `scaling two processes ${clients} clients: one ${fmt(median(one))}/s, two ${fmt(median(two.map((r) => r.perSecond)))}/s`,
      );
      twoRows.push({ clients, one: median(one), two: median(two.map((r) => r.perSecond)), twoResults: two });
    }
    const [{ max_connections: maxConnections }] = await env.query<{ max_connections: string }>(`show max_connections`);

    return `## Scaling: clients and service processes (\`npm run bench -- scaling\`, ${new Date().toISOString().slice(0, 10)})

Gated allocations as in the section above (1,000 resale customers of 100 partners), ${durationS} s per point, median of
${rounds} rounds, next to pgbench TPC-B (scale 10) on the same embedded PostgreSQL (max_connections ${maxConnections}). Each
service process has a pool of 20 connections. Interpreted in docs/SCALING.md.

| clients | pgbench tps | ours transfers/s (1 process) | p50 / p99 ms | ours / pgbench |
|---:|---:|---:|---:|---:|
${curve.map((c) => `| ${c.clients} | ${fmt(c.tps)} | ${fmt(median(c.one.map((r) => r.perSecond)))} | ${median(c.one.map((r) => r.p50))} / ${median(c.one.map((r) => r.p99))} | ${fmt((100 * median(c.one.map((r) => r.perSecond))) / c.tps, 1)}% |`).join('\n')}

Two service processes on the same database, clients split evenly between them (same run, alternating with one process):

| clients | 1 process transfers/s | 2 processes transfers/s | gain |
|---:|---:|---:|---:|
${twoRows.map((r) => `| ${r.clients} | ${fmt(r.one)} | ${fmt(r.two)} | ${fmt((100 * (r.two - r.one)) / r.one, 1)}% |`).join('\n')}
`;
  } finally {
    await env.stop();
  }
}

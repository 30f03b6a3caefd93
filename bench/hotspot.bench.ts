import { allocationLoad, issueKey, type LoadResult } from './adjustments.bench';
import { fmt, log, median, seedResaleCustomers, startBenchEnvironment } from './support';

/**
 * Hot spot: 32 clients allocating from ONE partner to its 1,000 resale customers, so every
 * transaction queues on the same partner cash row. Reports transfers/s and every answer by status
 * and code; anything but 201 and policy denials (422) counts as an error, and there must be none.
 */
export async function runHotspotBench(
  options: { rounds?: number; durationS?: number; clients?: number } = {},
): Promise<string> {
  const rounds = options.rounds ?? 3;
  const durationS = options.durationS ?? 10;
  const clients = options.clients ?? 32;
  const env = await startBenchEnvironment();
  try {
    const service = await env.startService();
    const key = await issueKey(service.baseUrl, env.adminKey);
    const [partner] = await seedResaleCustomers(service.baseUrl, key, 1, 1000, '10000000.00');
    await allocationLoad([service.baseUrl], key, [partner], clients, 3);
    const results: LoadResult[] = [];
    for (let r = 0; r < rounds; r++) {
      const res = await allocationLoad([service.baseUrl], key, [partner], clients, durationS);
      log(`hotspot round ${r + 1}/${rounds}: ${fmt(res.perSecond)} transfers/s ${JSON.stringify(res.byOutcome)}`);
      results.push(res);
    }
    const total: Record<string, number> = {};
    for (const r of results) for (const [k, v] of Object.entries(r.byOutcome)) total[k] = (total[k] ?? 0) + v;
    const errors =
      Object.entries(total)
        .filter(([k]) => !k.startsWith('201') && !k.startsWith('422'))
        .reduce((n, [, v]) => n + v, 0) + results.reduce((n, r) => n + r.socketErrors, 0);
    // The ledger must agree with what the clients saw: the partner paid exactly what was accepted.
    const accepted = results.reduce((n, r) => n + r.accepted, 0);
    const [row] = await env.query<{ transfers: number }>(
      `select count(*)::int as transfers from transfers t join decisions d on d.id = t.decision_id where d.partner_id = $1 and t.code = 'allocation'`,
      [partner.id],
    );
    return `## Hot spot: 32 clients, one partner (\`npm run bench -- hotspot\`, ${new Date().toISOString().slice(0, 10)})

\`POST /v1/adjustments\` allocating 1.00 from ONE partner to a random one of its 1,000 resale customers, ${clients}
keep-alive connections, ${durationS} s a round, ${rounds} rounds after a 3 s warm-up; same set-up as above (one service process,
embedded PostgreSQL, durable settings). Every transaction locks the same partner cash row, so they run one at a time
between that lock and commit.

| round | transfers/s | p50 / p99 ms |
|---:|---:|---:|
${results.map((r, i) => `| ${i + 1} | ${fmt(r.perSecond)} | ${r.p50} / ${r.p99} |`).join('\n')}
| **median** | **${fmt(median(results.map((r) => r.perSecond)))}** | ${median(results.map((r) => r.p50))} / ${median(results.map((r) => r.p99))} |

Answers, all rounds (warm-up excluded): ${Object.entries(total)
      .sort()
      .map(([k, v]) => `${k}: ${fmt(v)}`)
      .join(', ')}.
Errors other than policy denials: **${errors}** (target 0 — ${errors === 0 ? 'met' : '**missed**'}). Allocation transfers of that partner in
the ledger: ${fmt(row.transfers)} = ${fmt(accepted)} accepted in the rounds + the warm-up's.
`;
  } finally {
    await env.stop();
  }
}

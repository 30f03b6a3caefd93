import { ChainSealer, pgAuditDb, replayWindow, verifyChain } from '@pps/audit';
import { RULE_SET_CONTRACT_SET } from '@pps/partners/contracts';
import { EmbeddedPostgres, migrateUrl, SystemClock } from '@pps/platform';
import { SCHEMA_MIGRATIONS } from '../apps/policy-service/src/schema-migrations';
import { canonicalJson, compileRuleSet, loadRuleFile, VersionStore } from '@pps/rules';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/**
 * `npm run bench -- replay`: the decision log at scale, on a throwaway embedded PostgreSQL.
 *
 * 1. Inserts DECISIONS account-adjustment decisions (generate_series; 64 realistic fact variants,
 *    each stored with the outcome, reasons, matched rules and results the real version gives).
 * 2. Replays a 10k and the whole window, each in a child process of its own, so that its peak RSS
 *    (getrusage maxrss) is the replay's alone: memory must not grow with the window.
 * 3. Seals the whole log (hash chain) and verifies it, timed.
 * 4. Compares commit throughput of concurrent writers: the decision insert as shipped (seq + a
 *    shared per-seq advisory lock, sealed later) against the obvious design (a chain-head row
 *    updated in every transaction).
 */
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 100_000);
const BASE = Date.parse('2026-01-01T00:00:00Z');

export async function runReplayBench(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-bench-'));
  const pg = await EmbeddedPostgres.start({ dataDir: dir });
  try {
    const admin = new Client({ connectionString: pg.urlFor('postgres') });
    await admin.connect();
    await admin.query('create database bench');
    await admin.end();
    const url = pg.urlFor('bench');
    await migrateUrl(url, SCHEMA_MIGRATIONS);
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const insertMs = await seed(client);
      const small = await replayInChild(url, 10_000);
      const large = await replayInChild(url, DECISIONS);
      const db = pgAuditDb(client);
      let start = performance.now();
      const sealed = await new ChainSealer(db).sealPending({ batchSize: 2000 });
      const sealMs = performance.now() - start;
      start = performance.now();
      const verified = await verifyChain(db, {}, 2000);
      const verifyMs = performance.now() - start;
      const writers = await commitThroughput(client, url);
      return render({ insertMs, small, large, sealed: sealed.sealed, sealMs, verified, verifyMs, writers });
    } finally {
      await client.end();
    }
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function seed(client: Client): Promise<number> {
  const loaded = await loadRuleFile(
    path.resolve(process.cwd(), process.env.RULES_DIR ?? 'rules', 'account-adjustment/1.0.0.json'),
  );
  if (!loaded.file) throw new Error('rules/account-adjustment/1.0.0.json is invalid');
  const compiled = compileRuleSet(loaded.file);
  await client.query(
    `insert into rule_versions (content_hash, rule_set, version, content) values ($1, $2, $3, $4) on conflict do nothing`,
    [compiled.contentHash, compiled.ruleSet, compiled.version, canonicalJson(compiled.file)],
  );
  const variants = [];
  for (let i = 0; i < 64; i++) {
    const e = compiled.evaluate({
      operation: i % 2 ? 'allocate' : 'reclaim',
      amount: [`${(i * 37) % 900}.${String(i % 100).padStart(2, '0')}`, '0', '1.005'][
        i % 11 === 0 ? 1 : i % 13 === 0 ? 2 : 0
      ],
      associationMode: ['resale', 'resale', 'resale', 'referral', 'none'][i % 5],
      associatedWithPartner: i % 7 !== 0,
      partnerAvailable: `${(i * 53) % 1000}.00`,
      customerBalance: `${(i * 29) % 600}.50`,
      adjustmentInProgress: i % 17 === 0,
    });
    variants.push({
      facts: e.facts,
      outcome: e.outcome,
      effect: e.outcome.effect,
      reasons: e.reasons,
      results: e.results,
      matchedRules: e.matchedRules,
    });
  }
  const start = performance.now();
  const chunk = 20_000;
  for (let from = 1; from <= DECISIONS; from += chunk) {
    const to = Math.min(DECISIONS, from + chunk - 1);
    // seq drawn with nextval directly: one writer, no sealer waiting, so no per-seq lock is needed here.
    await client.query(
      `insert into decisions (id, seq, decided_at, rule_set, version, content_hash, facts, outcome, effect, reasons, results, matched_rules,
         operation, partner_id, customer_id, subject, transfer_id, request_id, caller_key_id, caller_role)
       select gen_random_uuid(), nextval('decisions_seq_seq'), to_timestamp($1::double precision / 1000) + g * interval '1 second', $2, $3, $4,
              v->'facts', v->'outcome', v->>'effect', v->'reasons', v->'results', v->'matchedRules',
              'adjustment', gen_random_uuid(), gen_random_uuid(), jsonb_build_object('operation', 'adjustment', 'n', g), null,
              'req-' || g, null, 'service'
       from generate_series($5::int, $6::int) g, lateral (select ($7::jsonb)->(g % 64) as v) x`,
      [BASE, compiled.ruleSet, compiled.version, compiled.contentHash, from, to, JSON.stringify(variants)],
    );
  }
  await client.query('analyze decisions');
  return performance.now() - start;
}

interface ChildResult {
  window: number;
  examined: number;
  mismatches: number;
  ms: number;
  maxRssMb: number;
  heapUsedMb: number;
}

function replayInChild(url: string, windowSize: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--replay-child', url, String(windowSize)], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      execArgv: [
        '--expose-gc',
        '--max-old-space-size=96',
        ...(process.env.BENCH_CHILD_ARGS ? process.env.BENCH_CHILD_ARGS.split(' ') : []),
      ],
    });
    child.on('message', (m) => resolve(m as ChildResult));
    child.on('error', reject);
    child.on('exit', (code) => (code ? reject(new Error(`replay child exited with ${code}`)) : undefined));
  });
}

async function childReplay(url: string, windowSize: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const db = pgAuditDb(client);
  const start = performance.now();
  const summary = await replayWindow(db, new VersionStore(db, RULE_SET_CONTRACT_SET, new SystemClock()), {
    from: new Date(BASE),
    to: new Date(BASE + (windowSize + 1) * 1000),
  });
  const ms = performance.now() - start;
  await client.end();
  (globalThis as { gc?: () => void }).gc?.();
  const result: ChildResult = {
    window: windowSize,
    examined: summary.examined,
    mismatches: summary.mismatches,
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
  };
  process.send?.(result, () => process.exit(0));
}

/** Transactions per second of `writers` concurrent connections, each committing `each` decision inserts. */
async function commitThroughput(
  client: Client,
  url: string,
  writers = 8,
  each = 250,
): Promise<Array<{ design: string; tps: number }>> {
  await client.query(
    `create table bench_chain_head (id int primary key, n bigint not null, hash text not null); insert into bench_chain_head values (1, 0, '')`,
  );
  const [template] = (
    await client.query(
      `select rule_set, version, content_hash, facts, outcome, effect, reasons, results from decisions limit 1`,
    )
  ).rows;
  const designs: Array<{ design: string; head: boolean }> = [
    { design: 'seq + shared per-seq advisory lock, sealed after commit (shipped)', head: false },
    { design: 'chain head row updated inside every transaction (rejected)', head: true },
  ];
  const out = [];
  for (const d of designs) {
    const conns = await Promise.all(
      Array.from({ length: writers }, async () => {
        const c = new Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );
    const start = performance.now();
    await Promise.all(
      conns.map(async (c) => {
        for (let i = 0; i < each; i++) {
          await c.query('begin');
          await c.query(
            `insert into decisions (id, decided_at, rule_set, version, content_hash, facts, outcome, effect, reasons, results, operation, subject)
             values (gen_random_uuid(), now(), $1, $2, $3, $4, $5, $6, $7, $8, 'bench', '{}')`,
            [
              template.rule_set,
              template.version,
              template.content_hash,
              template.facts,
              JSON.stringify(template.outcome),
              template.effect,
              JSON.stringify(template.reasons),
              JSON.stringify(template.results),
            ],
          );
          if (d.head) await c.query(`update bench_chain_head set n = n + 1, hash = md5(hash || n::text) where id = 1`);
          await c.query('commit');
        }
      }),
    );
    const ms = performance.now() - start;
    await Promise.all(conns.map((c) => c.end()));
    out.push({ design: d.design, tps: (writers * each * 1000) / ms });
  }
  return out;
}

function render(r: {
  insertMs: number;
  small: ChildResult;
  large: ChildResult;
  sealed: number;
  sealMs: number;
  verified: { ok: boolean; checked: number };
  verifyMs: number;
  writers: Array<{ design: string; tps: number }>;
}): string {
  const rate = (n: number, ms: number) => Math.round((n * 1000) / ms).toLocaleString('en-US');
  const row = (c: ChildResult) =>
    `| ${c.window.toLocaleString('en-US')} | ${c.examined.toLocaleString('en-US')} | ${c.mismatches} | ${(c.ms / 1000).toFixed(2)} | ${rate(c.examined, c.ms)} | ${c.maxRssMb.toFixed(0)} | ${c.heapUsedMb.toFixed(0)} |`;
  return [
    '## Decision log: replay, sealing, verification',
    '',
    `${DECISIONS.toLocaleString('en-US')} account-adjustment decisions inserted in ${(r.insertMs / 1000).toFixed(1)} s (generate_series, 64 fact variants). Embedded PostgreSQL, default durability; Node ${process.version}, ${os.cpus().length} CPUs.`,
    '',
    'Replay streams the window by keyset (1,000 rows a page) and re-evaluates each record with its stored version; each window runs in a fresh child process (old space capped at 96 MB: the working set is one page), so peak RSS is its own.',
    '',
    '| window | examined | mismatches | seconds | decisions/s | peak RSS MB | live heap after GC MB |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    row(r.small),
    row(r.large),
    '',
    `Sealing the whole log into the hash chain: ${r.sealed.toLocaleString('en-US')} records in ${(r.sealMs / 1000).toFixed(1)} s (${rate(r.sealed, r.sealMs)}/s). Verifying it: ${r.verified.checked.toLocaleString('en-US')} records in ${(r.verifyMs / 1000).toFixed(1)} s (${rate(r.verified.checked, r.verifyMs)}/s), ok = ${r.verified.ok}.`,
    '',
    'Commit throughput of 8 concurrent writers, one decision insert per transaction:',
    '',
    '| design | transactions/s |',
    '|---|---:|',
    ...r.writers.map((w) => `| ${w.design} | ${Math.round(w.tps).toLocaleString('en-US')} |`),
    '',
  ].join('\n');
}

if (process.argv[2] === '--replay-child') {
  void childReplay(process.argv[3], Number(process.argv[4]));
} else if (require.main === module) {
  runReplayBench().then(
    (markdown) => process.stdout.write(`${markdown}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

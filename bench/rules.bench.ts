import {
  canonicalJson,
  compileRuleSet,
  createReferenceEngine,
  embeddedTestFacts,
  evaluateWithReferenceEngine,
  loadRulesDir,
  type CompiledRuleSet,
  type RuleFile,
} from '@pps/rules';
import * as path from 'node:path';

/**
 * Micro-benchmark of rule evaluation: for each rule set, the median µs per evaluation of our
 * compiled evaluator (fact checks included) next to a bare json-rules-engine `Engine` over the
 * same compiled rules, operators and facts, measured in the same run. The facts are the embedded
 * test cases of each file; before timing, both must produce identical outcomes on every case.
 */
export interface RulesBenchOptions {
  rulesDir?: string;
  /** Timed rounds per side; the median round is reported. */
  rounds?: number;
  /** Evaluations per round of our evaluator (the bare engine does a tenth, it is slower). */
  batch?: number;
}

interface BenchRow {
  ruleSet: string;
  version: string;
  rules: number;
  cases: number;
  oursUs: number;
  bareUs: number;
  bareWithConstructionUs: number;
  identical: boolean;
}

export async function runRulesBench(options: RulesBenchOptions = {}): Promise<string> {
  const rulesDir = options.rulesDir ?? path.resolve(process.cwd(), process.env.RULES_DIR ?? 'rules');
  const rounds = options.rounds ?? 25;
  const batch = options.batch ?? 1000;
  const latest = new Map<string, RuleFile>();
  for (const entry of await loadRulesDir(rulesDir)) {
    if (!entry.file)
      throw new Error(
        `invalid rule file ${entry.path}: ${entry.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
      );
    const current = latest.get(entry.file.ruleSet);
    if (!current || compareSemver(entry.file.version, current.version) > 0) latest.set(entry.file.ruleSet, entry.file);
  }
  const rows: BenchRow[] = [];
  for (const file of [...latest.values()].sort((a, b) => a.ruleSet.localeCompare(b.ruleSet))) {
    rows.push(await benchOne(compileRuleSet(file), rounds, batch));
  }
  return render(rows, rounds, batch);
}

async function benchOne(compiled: CompiledRuleSet, rounds: number, batch: number): Promise<BenchRow> {
  const cases = compiled.file.tests
    .filter((test) => test.expected.error === undefined)
    .map((test) => embeddedTestFacts(compiled.file, test));
  const normalized = cases.map((facts) => compiled.normalizeFacts(facts));
  const engine = createReferenceEngine(compiled);

  let identical = true;
  for (const facts of cases) {
    const ours = compiled.evaluate(facts);
    const bare = await evaluateWithReferenceEngine(compiled, engine, facts);
    const same =
      canonicalJson({ outcome: ours.outcome, reasons: ours.reasons, matched: [...ours.matchedRules].sort() }) ===
      canonicalJson({ outcome: bare.outcome, reasons: bare.reasons, matched: bare.matchedRules });
    if (!same) identical = false;
  }

  // Warm up both paths so that the JIT has settled before timing.
  for (let i = 0; i < batch; i++) compiled.evaluate(cases[i % cases.length]);
  for (let i = 0; i < batch / 10; i++) await engine.run({ ...normalized[i % normalized.length] });

  const oursSamples: number[] = [];
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) sink += compiled.evaluate(cases[i % cases.length]).matchedRules.length;
    oursSamples.push(Number(process.hrtime.bigint() - start) / 1000 / batch);
  }
  const bareBatch = Math.max(10, Math.floor(batch / 10));
  const bareSamples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < bareBatch; i++)
      sink += (await engine.run({ ...normalized[i % normalized.length] })).results.length;
    bareSamples.push(Number(process.hrtime.bigint() - start) / 1000 / bareBatch);
  }
  const constructedSamples: number[] = [];
  for (let round = 0; round < Math.max(5, Math.floor(rounds / 2)); round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < bareBatch; i++)
      sink += (await createReferenceEngine(compiled).run({ ...normalized[i % normalized.length] })).results.length;
    constructedSamples.push(Number(process.hrtime.bigint() - start) / 1000 / bareBatch);
  }
  if (sink < 0) throw new Error('unreachable');
  return {
    ruleSet: compiled.ruleSet,
    version: compiled.version,
    rules: compiled.file.rules.length,
    cases: cases.length,
    oursUs: median(oursSamples),
    bareUs: median(bareSamples),
    bareWithConstructionUs: median(constructedSamples),
    identical,
  };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function compareSemver(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

function render(rows: BenchRow[], rounds: number, batch: number): string {
  const fmt = (us: number): string => us.toFixed(us < 10 ? 2 : 1);
  const lines = [
    '## Rules: evaluation vs bare json-rules-engine',
    '',
    `Median µs per evaluation over ${rounds} rounds (ours: ${batch} evaluations a round, bare: ${Math.max(10, Math.floor(batch / 10))}), cycling through each file's embedded test facts.`,
    '"bare" is `engine.run(facts)` on one `new Engine(rules)` built once with the same compiled rules and operators; "bare + new Engine" builds the engine on every run.',
    `Node ${process.version}, ${process.platform}/${process.arch}.`,
    '',
    '| rule set | version | rules | cases | ours µs | bare µs | speed-up | bare + new Engine µs | identical outcomes |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (row) =>
        `| ${row.ruleSet} | ${row.version} | ${row.rules} | ${row.cases} | ${fmt(row.oursUs)} | ${fmt(row.bareUs)} | ${(row.bareUs / row.oursUs).toFixed(1)}× | ${fmt(row.bareWithConstructionUs)} | ${row.identical ? 'yes' : '**NO**'} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

if (require.main === module) {
  runRulesBench().then(
    (markdown) => process.stdout.write(`${markdown}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

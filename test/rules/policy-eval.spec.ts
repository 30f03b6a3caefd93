import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
// what `npm run -s policy -- …` runs once it has built (jest's globalSetup builds)
const CLI = path.join(ROOT, 'dist/apps/policy-cli/src/main.js');

async function policy(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const env = { ...process.env };
    delete env.RULES_DIR; // the shipped rules/
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function npmPolicy(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const env = { ...process.env };
    delete env.RULES_DIR;
    const { stdout, stderr } = await run('npm', ['run', '-s', 'policy', '--', ...args], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const FACTS = {
  operation: 'allocate',
  amount: '1500.00',
  associationMode: 'resale',
  associatedWithPartner: true,
  partnerAvailable: '1000.00',
  customerBalance: '300.00',
  adjustmentInProgress: false,
};

describe('policy eval', () => {
  it('--json prints { outcome, matchedRules, results: [{ rule, result, conditions: [{ fact, operator, factValue, value, result }] }] }', async () => {
    // exactly as the issue writes it: npm run -s policy -- eval … (a fresh build runs without rebuilding)
    const result = await npmPolicy([
      'eval',
      'rules/account-adjustment/1.0.0.json',
      '--facts',
      JSON.stringify(FACTS),
      '--json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      outcome: unknown;
      matchedRules: string[];
      results: Array<{ rule: string; result: boolean; conditions: Array<Record<string, unknown>> }>;
    };
    expect(Object.keys(report)).toEqual(['outcome', 'matchedRules', 'results']);
    expect(report.outcome).toEqual({ effect: 'deny' });
    expect(report.matchedRules).toEqual(['allocation-exceeds-partner-available']);
    expect(report.results).toHaveLength(7);
    for (const rule of report.results) {
      expect(Object.keys(rule)).toEqual(['rule', 'result', 'conditions']);
      for (const condition of rule.conditions)
        expect(Object.keys(condition).sort()).toEqual(['fact', 'factValue', 'operator', 'result', 'value']);
    }
    const exceeded = report.results.find((r) => r.rule === 'allocation-exceeds-partner-available');
    expect(exceeded).toEqual({
      rule: 'allocation-exceeds-partner-available',
      result: true,
      conditions: [
        { fact: 'operation', operator: 'equal', factValue: 'allocate', value: 'allocate', result: true },
        { fact: 'amount', operator: 'decimalGreaterThan', factValue: '1500.00', value: '1000.00', result: true },
      ],
    });
  });

  it('takes rule-set@version and --facts-file, and prints a readable report without --json', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-eval-'));
    try {
      const factsFile = path.join(dir, 'facts.json');
      writeFileSync(factsFile, JSON.stringify({ ...FACTS, amount: '10.00' }));
      const result = await policy(['eval', 'account-adjustment@1.0.0', '--facts-file', factsFile]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('outcome: allow');
      expect(result.stdout).toContain('matched: (none)');
      expect(result.stdout).toMatch(/amount = "10\.00" {2}decimalGreaterThan {2}"1000\.00" {2}→ false/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 on a fact error, naming the fact', async () => {
    const result = await policy([
      'eval',
      'rules/account-adjustment/1.0.0.json',
      '--facts',
      JSON.stringify({ ...FACTS, amount: 1500 }),
      '--json',
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      error: 'invalid facts',
      problems: [{ fact: 'amount', message: 'must be a decimal string such as "100.00", not a JSON number; got 1500' }],
    });
    const notJson = await policy(['eval', 'rules/account-adjustment/1.0.0.json', '--facts', '{oops']);
    expect(notJson.code).toBe(1);
    expect(notJson.stdout).toContain('fact error: $ facts are not valid JSON');
  });

  it('checks the contract of a rule set the service knows, and evaluates any other rule-set name as is', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-eval-'));
    try {
      const shipped = JSON.parse(readFileSync(path.join(ROOT, 'rules/account-adjustment/1.0.0.json'), 'utf8')) as {
        ruleSet: string;
        rules: Array<{ event: { params: { reason: { code: string } } } }>;
      };
      shipped.rules[0].event.params.reason.code = 'PPS.9999'; // a reason the code does not know
      const known = path.join(dir, 'known.json');
      writeFileSync(known, JSON.stringify(shipped));
      const refused = await policy(['eval', known, '--facts', JSON.stringify(FACTS), '--json']);
      expect(refused.code).toBe(2);
      const report = JSON.parse(refused.stdout) as { error: string; problems: Array<{ path: string }> };
      expect(report.error).toBe('invalid rule file');
      expect(report.problems.map((p) => p.path)).toEqual(['$.rules[0].event.params.reason.code']);

      const other = path.join(dir, 'other.json');
      writeFileSync(other, JSON.stringify({ ...shipped, ruleSet: 'adjustment-experiment' }));
      const evaluated = await policy(['eval', other, '--facts', JSON.stringify(FACTS), '--json']);
      expect(evaluated.code).toBe(0);
      expect((JSON.parse(evaluated.stdout) as { matchedRules: string[] }).matchedRules).toEqual([
        'allocation-exceeds-partner-available',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on an invalid file, with its problems', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-eval-'));
    try {
      const file = path.join(dir, 'deep.json');
      writeFileSync(file, '['.repeat(5000) + ']'.repeat(5000));
      const result = await policy(['eval', file, '--facts', '{}', '--json']);
      expect(result.code).toBe(2);
      const report = JSON.parse(result.stdout) as { problems: Array<{ path: string; message: string }> };
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toEqual({
        file,
        path: '$' + '[0]'.repeat(32),
        message: 'nesting deeper than 32 levels (objects and arrays); nothing below this point was checked',
        line: 1,
        column: 33,
      });
      expect(result.stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './cli-runner';
import type { CliContext } from './commands';

const ROOT = path.join(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'rules');

async function cli(
  argv: string[],
  rulesDir = path.join(ROOT, 'rules'),
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const context: CliContext = {
    cwd: ROOT,
    env,
    rulesDir,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  const code = await runCli(argv, context);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('policy CLI', () => {
  it('validate passes on the shipped rule files with exit 0', async () => {
    const result = await cli(['validate']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /ok {4}rules\/refund-destination\/1\.0\.0\.json {2}refund-destination@1\.0\.0 {2}sha256:[0-9a-f]{12}/,
    );
    expect(result.out).toMatch(/, 0 invalid$/);
  });

  it('validate fails the broken fixtures with exit 1 and prints file, line, column, JSON path and message', async () => {
    const result = await cli(['validate', 'test/fixtures/rules/not-ok']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('test/fixtures/rules/not-ok/bad-json.json:5:3  $  invalid JSON: unexpected character');
    expect(result.out).toMatch(
      /not-ok\/unknown-operator\.json:\d+:\d+ {2}\$\.rules\[1\]\.conditions\.all\[0\]\.operator {2}unknown operator "equals"/,
    );
    expect(result.out).toMatch(/(\d+) file\(s\), 0 valid, \1 invalid$/);
  });

  it('test runs every embedded test, prints a table and exits 0 when all pass', async () => {
    const result = await cli(['test']);
    expect(result.code).toBe(0);
    expect(result.out.split('\n')[0]).toMatch(/^RULE SET +VERSION +TEST +RESULT$/);
    expect(result.out).toMatch(
      /incentive-payout +1\.0\.0 +resale incentive generated 2023-10-01 offers only credit_with_owed_invoice and voucher_quota +pass/,
    );
    expect(result.out).toMatch(/\d+ passed, 0 failed$/);
  });

  it('test exits 1 and shows what differs when an embedded test fails', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-cli-'));
    try {
      cpSync(path.join(ROOT, 'rules', 'account-adjustment'), path.join(dir, 'account-adjustment'), { recursive: true });
      const file = path.join(dir, 'account-adjustment', '1.0.0.json');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          '"expected": { "effect": "deny", "reasons": ["CBC.5021"]',
          '"expected": { "effect": "allow", "reasons": ["CBC.5021"]',
        ),
      );
      const result = await cli(['test', 'account-adjustment'], dir);
      expect(result.code).toBe(1);
      expect(result.out).toContain(
        'FAIL account-adjustment@1.0.0 "referral customer of this partner is denied CBC.5021"',
      );
      expect(result.out).toContain('  effect: expected "allow", got "deny"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('test with an unknown rule set is a usage error (exit 2)', async () => {
    const result = await cli(['test', 'no-such-set']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('unknown rule set "no-such-set"');
  });

  it('diff lists rules added, removed and changed and parameters changed between two versions', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-cli-'));
    try {
      cpSync(path.join(ROOT, 'rules', 'association'), path.join(dir, 'association'), { recursive: true });
      const next = JSON.parse(readFileSync(path.join(dir, 'association', '1.0.0.json'), 'utf8')) as {
        version: string;
        parameters: Record<string, { value: unknown }>;
        rules: Array<{ name: string; priority: number }>;
        tests: Array<{ expected: { matchedRules?: string[] } }>;
      };
      next.version = '1.1.0';
      next.parameters.modeChangeLimit.value = 3;
      next.rules = next.rules.filter((rule) => rule.name !== 'switch-to-the-current-mode');
      next.tests = next.tests.filter(
        (test) => !(test.expected.matchedRules ?? []).includes('switch-to-the-current-mode'),
      );
      next.rules[0].priority = 101;
      writeFileSync(path.join(dir, 'association', '1.1.0.json'), JSON.stringify(next));
      const result = await cli(['diff', 'association', '1.0.0', '1.1.0'], dir);
      expect(result.code).toBe(0);
      expect(result.out).toContain('rules removed: \n  - switch-to-the-current-mode');
      expect(result.out).toContain('rules changed: \n  ~ requested-mode-required');
      expect(result.out).toContain('parameters changed: \n  ~ modeChangeLimit: 1 → 3');
      expect(result.out).toContain('rules added: none');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('diff without two versions is a usage error, and with a missing version exits 1', async () => {
    expect((await cli(['diff', 'association', '1.0.0'])).code).toBe(2);
    const missing = await cli(['diff', 'association', '1.0.0', '9.9.9']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('rules/association/9.9.9.json is missing or invalid');
  });

  it('coverage refund-destination passes on the shipped matrix', async () => {
    const result = await cli(['coverage', 'refund-destination']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('refund-destination@1.0.0: 72 combination(s), 0 gap(s), 0 overlap(s)');
  });

  it('coverage fails a matrix with a gap and one with an overlap, naming the combinations', async () => {
    const gap = await cli(['coverage', path.join(FIXTURES, 'refund-destination', 'gap.json')]);
    expect(gap.code).toBe(1);
    expect(gap.out).toContain(
      'gap: no rule decides {"modeAtPurchase":"none","currentAssociation":"same_partner","switchedReferralToResale":false,"paymentMethod":"online"}',
    );
    const overlap = await cli(['coverage', path.join(FIXTURES, 'refund-destination', 'overlap.json')]);
    expect(overlap.code).toBe(1);
    expect(overlap.out).toContain(
      'overlap: referral-switched-to-resale-refunds-to-partner and referral-customer-refunds-to-customer both decide',
    );
  });

  it('a change names who makes it (--by or PPS_API_KEY) and is validated as the HTTP API validates it, before any connection', async () => {
    const anonymous = await cli(['activate', 'account-adjustment', '1.1.0', '--reason', 'CHG-1']);
    expect(anonymous.code).toBe(2);
    expect(anonymous.err).toContain('activate needs --by <admin key label or id> or PPS_API_KEY');
    for (const argv of [
      ['publish', 'rules/account-adjustment/1.0.0.json'],
      ['rollback', 'account-adjustment', '--reason', 'INC-1'],
      ['shadow', 'set', 'account-adjustment', '1.1.0', '--reason', 'compare'],
      ['shadow', 'clear', 'account-adjustment', '--reason', 'done'],
    ])
      expect((await cli(argv)).code).toBe(2);
    // The instants the API accepts (RFC 3339 with an offset), nothing that Date.parse would guess at.
    const dateOnly = await cli([
      'activate',
      'account-adjustment',
      '1.1.0',
      '--reason',
      'x',
      '--effective-from',
      '2026-02-01',
      '--by',
      'a',
    ]);
    expect(dateOnly.code).toBe(2);
    expect(dateOnly.err).toContain('--effective-from must be an RFC 3339 instant with an offset');
    const feb30 = await cli(['verify', '--from', '2026-02-30T00:00:00Z']);
    expect(feb30.code).toBe(2);
    expect(feb30.err).toContain('--from must be an RFC 3339 instant with an offset');
    const version = await cli(['shadow', 'set', 'account-adjustment', 'latest', '--reason', 'x', '--by', 'a']);
    expect(version.code).toBe(2);
    expect(version.err).toContain('--version must match');
    const empty = await cli(['rollback', 'account-adjustment', '--reason', '', '--by', 'a']);
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('--reason should not be empty');
    // Four eyes: only an admin key names the requester and the approver.
    const fourEyes = await cli(['activate', 'account-adjustment', '1.1.0', '--reason', 'x', '--by', 'a'], undefined, {
      ACTIVATION_APPROVALS: '2',
    });
    expect(fourEyes.code).toBe(2);
    expect(fourEyes.err).toContain('set PPS_API_KEY to your admin key');
    expect((await cli(['approve', 'account-adjustment', 'some-id', '--reason', 'ok'])).code).toBe(2);
  });

  it('every command parses its arguments alike: an unknown option or an option without its value is a usage error', async () => {
    const unknown = await cli(['validate', 'rules', '--fast']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown option --fast');
    const noValue = await cli(['activate', 'account-adjustment', '1.1.0', '--reason']);
    expect(noValue.code).toBe(2);
    expect(noValue.err).toContain('--reason needs a value');
    expect((await cli(['verify', '--window=2026'])).err).toContain('unknown option --window');
    expect((await cli(['diff', 'association', '1.0.0', '1.0.0', '--json=yes'])).code).toBe(2);
  });

  it('an unknown command or no command is a usage error that prints the commands', async () => {
    const unknown = await cli(['publish-everything']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "publish-everything"');
    expect(unknown.err).toContain('validate [path]');
    expect((await cli([])).code).toBe(2);
    expect((await cli(['help'])).code).toBe(0);
  });
});

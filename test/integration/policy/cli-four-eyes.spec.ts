import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { appRoleUrl, createTestDatabase, dropTestDatabase } from '../../support/database';
import { bumped } from '../../support/rule-files';

const run = promisify(execFile);
const CLI = path.join(__dirname, '../../../dist/apps/policy-cli/src/main.js');
const ROOT = path.join(__dirname, '../../..');

/** Four eyes on the command line: ACTIVATION_APPROVALS=2, each admin names themself with PPS_API_KEY. */
describe('policy CLI: four-eyes activation and shadows', () => {
  let db: { name: string; url: string };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-cli-4e-'));
  const keys = { first: `pps_${randomBytes(16).toString('hex')}`, second: `pps_${randomBytes(16).toString('hex')}` };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterAll(async () => {
    await dropTestDatabase(db.name);
    rmSync(dir, { recursive: true, force: true });
  });

  const policy = async (env: Record<string, string>, ...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url, DATABASE_APP_URL: appRoleUrl(db.url), ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  it('activate becomes a change request; the requester cannot approve; another admin approves; the history names both', async () => {
    const candidate = path.join(dir, '1.1.0.json');
    writeFileSync(candidate, JSON.stringify(bumped('account-adjustment', '1.1.0')));
    // The first command migrates the empty database; then the two admins' keys.
    expect((await policy({}, 'versions', 'account-adjustment')).code).toBe(1);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    for (const [name, key] of Object.entries(keys)) {
      const hash = createHash('sha256').update(key, 'utf8').digest('hex');
      const { rows } = await c.query<{ id: string }>(
        `insert into api_keys (id, key_hash, role, label) values (gen_random_uuid(), $1, 'admin', $2) returning id`,
        [hash, name],
      );
      ids[name] = rows[0].id;
    }
    await c.end();
    expect((await policy({}, 'publish', 'rules/account-adjustment/1.0.0.json', candidate, '--by', 'first')).code).toBe(
      0,
    );
    expect(
      (await policy({ PPS_API_KEY: keys.first }, 'activate', 'account-adjustment', '1.0.0', '--reason', 'first')).code,
    ).toBe(0);

    const fourEyes = { ACTIVATION_APPROVALS: '2' };
    const anonymous = await policy(fourEyes, 'activate', 'account-adjustment', '1.1.0', '--reason', 'CHG-3');
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toMatch(/PPS_API_KEY/);
    // --by proves nothing: with four eyes only an admin key names the requester.
    const claimed = await policy(
      fourEyes,
      'activate',
      'account-adjustment',
      '1.1.0',
      '--reason',
      'CHG-3',
      '--by',
      'first',
    );
    expect(claimed.code).toBe(2);
    expect(claimed.stderr).toMatch(/PPS_API_KEY/);

    const requested = await policy(
      { ...fourEyes, PPS_API_KEY: keys.first },
      'activate',
      'account-adjustment',
      '1.1.0',
      '--reason',
      'CHG-3',
    );
    expect(requested.code).toBe(0);
    expect(requested.stdout).toMatch(/change request created/);
    const id = /([0-9a-f-]{36}) {2}pending/.exec(requested.stdout)?.[1] as string;
    expect(id).toBeDefined();
    expect((await policy({}, 'versions', 'account-adjustment')).stdout).toMatch(/1\.1\.0 +available/);

    const self = await policy(
      { ...fourEyes, PPS_API_KEY: keys.first },
      'approve',
      'account-adjustment',
      id,
      '--reason',
      'me',
    );
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('PPS.0036');
    const approved = await policy(
      { ...fourEyes, PPS_API_KEY: keys.second },
      'approve',
      'account-adjustment',
      id,
      '--reason',
      'ok',
    );
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('account-adjustment: 1.0.0 → 1.1.0');
    const versions = await policy({}, 'versions', 'account-adjustment');
    expect(versions.stdout).toMatch(/1\.1\.0 +active/);
    expect(versions.stdout).toContain(`requested by ${ids.first}, approved by ${ids.second}`);

    // A rollback request, rejected: nothing changes.
    const rollback = await policy(
      { ...fourEyes, PPS_API_KEY: keys.second },
      'rollback',
      'account-adjustment',
      '--reason',
      'INC-2',
    );
    const rid = /([0-9a-f-]{36}) {2}pending/.exec(rollback.stdout)?.[1] as string;
    const rejected = await policy(
      { ...fourEyes, PPS_API_KEY: keys.first },
      'reject',
      'account-adjustment',
      rid,
      '--reason',
      'no',
    );
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toMatch(/rejected/);
    expect((await policy({}, 'versions', 'account-adjustment')).stdout).toMatch(/1\.1\.0 +active/);
    const list = await policy({}, 'change-requests', 'account-adjustment', '--json');
    expect((JSON.parse(list.stdout) as Array<{ status: string }>).map((r) => r.status).sort()).toEqual([
      'approved',
      'rejected',
    ]);
  }, 180_000); // thirteen CLI processes: ~1.5 s each on an idle machine, much more on a busy one

  it('shadow set / show / clear from the CLI', async () => {
    const set = await policy(
      { PPS_API_KEY: keys.first },
      'shadow',
      'set',
      'account-adjustment',
      '1.0.0',
      '--reason',
      'compare',
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('set  account-adjustment shadow 1.0.0');
    expect((await policy({}, 'shadow', 'show', 'account-adjustment')).stdout).toMatch(/shadow 1\.0\.0 since/);
    const active = await policy({}, 'shadow', 'set', 'account-adjustment', '1.1.0', '--reason', 'x', '--by', 'second');
    expect(active.code).toBe(1);
    expect(active.stderr).toContain('PPS.0033');
    expect((await policy({}, 'shadow', 'clear', 'account-adjustment', '--reason', 'done')).code).toBe(2);
    expect((await policy({}, 'shadow', 'clear', 'account-adjustment', '--reason', 'done', '--by', 'second')).code).toBe(
      0,
    );
    const shown = (await policy({}, 'shadow', 'show', 'account-adjustment')).stdout;
    expect(shown).toMatch(/no shadow/);
    // The shadow history names who set it (PPS_API_KEY) and who cleared it (--by).
    expect(shown).toMatch(new RegExp(`set 1\\.0\\.0 +\\(compare\\) +by ${ids.first}`));
    expect(shown).toMatch(new RegExp(`clear +\\(done\\) +by ${ids.second}`));
    expect((await policy({}, 'shadow', 'report', 'account-adjustment')).stdout).toMatch(/examined 0/);
    expect((await policy({}, 'shadow', 'fly')).code).toBe(2);
  }, 120_000);
});

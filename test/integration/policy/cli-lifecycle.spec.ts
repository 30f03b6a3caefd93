import { execFile } from 'node:child_process';
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

/** The admin's git workflow on the built CLI: publish → activate → rollback → versions → diff --store. */
describe('policy CLI: the version store', () => {
  let db: { name: string; url: string };
  /** The admin key that `--by alice` names. */
  let alice: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-cli-'));
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    // The first command migrates the empty database (as the owner); then an admin key labelled alice.
    expect((await policy('versions', 'account-adjustment')).code).toBe(1);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query<{ id: string }>(
      `insert into api_keys (id, key_hash, role, label) values (gen_random_uuid(), 'alice-has-no-secret', 'admin', 'alice') returning id`,
    );
    alice = rows[0].id;
    await c.end();
  }, 60_000);
  afterAll(async () => {
    await dropTestDatabase(db.name);
    rmSync(dir, { recursive: true, force: true });
  });

  const policy = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
        cwd: ROOT,
        // Migrations as the owner, everything else as the service's role (pps_app), as the service does.
        env: { ...process.env, DATABASE_URL: db.url, DATABASE_APP_URL: appRoleUrl(db.url) },
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  it('publishes, refuses a changed file under the same version, activates, rolls back and diffs stored versions', async () => {
    const candidate = path.join(dir, '1.1.0.json');
    writeFileSync(candidate, JSON.stringify(bumped('account-adjustment', '1.1.0')));
    const published = await policy('publish', 'rules/account-adjustment/1.0.0.json', candidate, '--by', 'alice');
    expect(published.code).toBe(0);
    expect(published.stdout).toMatch(/published {2}account-adjustment@1\.0\.0/);
    expect(published.stdout).toMatch(/published {2}account-adjustment@1\.1\.0/);

    writeFileSync(
      candidate,
      JSON.stringify({ ...bumped('account-adjustment', '1.1.0'), description: 'edited after publishing' }),
    );
    const conflict = await policy('publish', candidate, '--by', 'alice');
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('PPS.0024');

    const anonymous = await policy('activate', 'account-adjustment', '1.0.0', '--reason', 'first');
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toMatch(/--by .*PPS_API_KEY/);
    expect((await policy('activate', 'account-adjustment', '1.0.0', '--reason', 'nobody', '--by', 'bob')).code).toBe(2);
    expect((await policy('activate', 'account-adjustment', '1.0.0', '--reason', 'first', '--by', 'alice')).code).toBe(
      0,
    );
    const activated = await policy('activate', 'account-adjustment', '1.1.0', '--reason', 'CHG-9', '--by', alice);
    expect(activated.stdout).toContain('account-adjustment: 1.0.0 → 1.1.0');
    const rolled = await policy('rollback', 'account-adjustment', '--reason', 'INC-1', '--by', 'alice');
    expect(rolled.stdout).toContain('rollback  account-adjustment: 1.1.0 → 1.0.0');

    const versions = await policy('versions', 'account-adjustment', '--json');
    const view = JSON.parse(versions.stdout);
    expect(view.versions.map((v: { status: string }) => v.status)).toEqual(['active', 'superseded']);
    // The history names who did it: the admin key that --by names (by label or id), never null.
    expect(view.history.map((a: { reason: string; activatedBy: string }) => [a.reason, a.activatedBy])).toEqual(
      expect.arrayContaining([
        ['first', alice],
        ['CHG-9', alice],
        ['INC-1', alice],
      ]),
    );
    expect(view.versions.map((v: { publishedBy: string }) => v.publishedBy)).toEqual([alice, alice]);

    const diff = await policy('diff', 'account-adjustment', '1.0.0', '1.1.0', '--store', '--json');
    expect(diff.code).toBe(0);
    expect(JSON.parse(diff.stdout)).toMatchObject({ rulesAdded: [], rulesRemoved: [], rulesChanged: [] });
  }, 180_000); // seven CLI processes: ~1.5 s each on an idle machine, much more on a busy one

  it('refuses an invalid file with path-qualified problems and exit 1', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{ "ruleSet": "x", ');
    const res = await policy('publish', bad, '--by', 'alice');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/bad\.json/);
  }, 60_000);
  it('validate, publish and activate (now or scheduled) refuse a version breaking its contract, with each JSON path', async () => {
    const moon = JSON.parse(
      JSON.stringify(bumped('refund-destination', '1.7.0')).replace(/customer_account/g, 'moon_account'),
    );
    const file = path.join(dir, 'moon.json');
    writeFileSync(file, JSON.stringify(moon));
    const validated = await policy('validate', file);
    expect(validated.code).toBe(1);
    expect(validated.stdout).toMatch(/\$\.rules\[\d+\]\.event\.params\.value\.destination/);
    const published = await policy('publish', file, '--by', 'alice');
    expect(published.code).toBe(1);
    expect(published.stderr).toMatch(/\$\.rules\[\d+\]\.event\.params\.value\.destination/);
    expect((await policy('versions', 'refund-destination', '--json')).stdout).not.toContain('1.7.0');

    // Stored by another route (straight into the table): activation refuses it, now or scheduled.
    const { canonicalJson, sha256OfCanonicalJson } = await import('@pps/rules');
    const { Client } = await import('pg');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(
      `insert into rule_versions (content_hash, rule_set, version, content) values ($1, 'refund-destination', '1.7.0', $2)`,
      [sha256OfCanonicalJson(moon), canonicalJson(moon)],
    );
    await client.end();
    for (const extra of [[], ['--effective-from', '2999-01-01T00:00:00Z']]) {
      const activated = await policy(
        'activate',
        'refund-destination',
        '1.7.0',
        '--reason',
        'try',
        '--by',
        'alice',
        ...extra,
      );
      expect(activated.code).toBe(1);
      expect(activated.stderr).toContain('CBC.0100');
      expect(activated.stderr).toMatch(/\$\.rules\[\d+\]\.event\.params\.value\.destination/);
    }
    const history = JSON.parse((await policy('versions', 'refund-destination', '--json')).stdout).history;
    expect(history.map((a: { version: string }) => a.version)).not.toContain('1.7.0');
  });
});

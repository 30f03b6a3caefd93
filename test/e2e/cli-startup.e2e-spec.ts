import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/apps/policy-cli/src/main.js');

/**
 * The CLI's file commands answer fast: they load neither NestJS nor MikroORM (nor pg), and
 * `npm run policy` does not rebuild a tree that is up to date.
 */
describe('policy CLI start-up', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-cli-startup-'));
  // Preloaded into the CLI process: on exit, prints every package it loaded.
  const probe = path.join(dir, 'loaded-packages.js');
  writeFileSync(
    probe,
    `process.on('exit', () => {
      const names = new Set();
      for (const file of Object.keys(require.cache)) {
        const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file);
        if (m) names.add(m[1]);
      }
      process.stderr.write('LOADED ' + JSON.stringify([...names]) + '\\n');
    });`,
  );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function loadedBy(...args: string[]): Promise<string[]> {
    const { stderr } = await run(process.execPath, ['--require', probe, CLI, ...args], { cwd: ROOT });
    const line = stderr.split('\n').find((l) => l.startsWith('LOADED '));
    return JSON.parse(line!.slice('LOADED '.length)) as string[];
  }

  it.each([
    ['validate', ['validate', 'rules']],
    ['test', ['test', 'payment']],
    ['diff', ['diff', 'account-adjustment', '1.0.0', '1.0.0']],
    ['coverage', ['coverage', 'refund-destination']],
  ])('%s loads neither NestJS, MikroORM nor pg', async (_name, args) => {
    const loaded = await loadedBy(...args);
    expect(loaded).toContain('ajv'); // the probe sees what the command loads
    expect(loaded.filter((name) => /^(@nestjs\/|@mikro-orm\/|pg$|knex$)/.test(name))).toEqual([]);
  });

  it('a database command still loads what it needs (the probe can see it)', async () => {
    // `versions` without a reachable database fails, but only after loading MikroORM.
    const { stderr } = await run(process.execPath, ['--require', probe, CLI, 'versions', 'account-adjustment'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none' },
    }).catch((e: { stderr: string }) => e);
    expect(stderr).toMatch(/LOADED .*@mikro-orm\/core/);
  });

  it('npm run policy does not rebuild an up-to-date tree', async () => {
    // (Rebuilding is not exercised here: other test files run the built tree at the same time, so
    // PPS_NO_BUILD makes a stale tree an error instead of a build under their feet.)
    const stamp = path.join(ROOT, 'dist/.build-stamp');
    const before = statSync(stamp).mtimeMs;
    const { stdout } = await run(
      'npm',
      ['run', '-s', 'policy', '--', 'validate', 'rules/account-adjustment/1.0.0.json'],
      {
        cwd: ROOT,
        env: { ...process.env, PPS_NO_BUILD: '1' },
      },
    );
    expect(stdout).toMatch(/1 valid, 0 invalid/);
    expect(statSync(stamp).mtimeMs).toBe(before);
  });
});

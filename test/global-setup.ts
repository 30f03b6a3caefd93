// Only the embedded server is imported here: loading MikroORM in jest's main process would leave its
// global metadata behind for in-band test files, built from another realm's Map.
import { EmbeddedPostgres } from '../libs/platform/src/database/embedded-postgres';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { TEMPLATE_DATABASE, TEST_APP_ROLE_PASSWORD } from './support/database';

declare global {
  var __PPS_EMBEDDED__: { pg: EmbeddedPostgres; dir: string } | undefined;
}

/**
 * One PostgreSQL for the whole jest run: `DATABASE_URL` if set, else a throwaway embedded server.
 * The schema is migrated once into a template database; each test file clones it (see
 * `support/database.ts`), so files are isolated and can run in parallel workers.
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  // Process-level tests run the built service, exactly what `npm start` runs.
  if (process.env.PPS_TEST_SKIP_BUILD !== '1') {
    execFileSync('npm', ['run', '-s', 'build'], { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
  }
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-test-'));
    const pg = await EmbeddedPostgres.start({
      dataDir: dir,
      // Test data is thrown away: durability settings off make the suite faster.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
    globalThis.__PPS_EMBEDDED__ = { pg, dir };
    baseUrl = pg.urlFor('postgres');
  }
  process.env.PPS_TEST_DATABASE_URL = baseUrl;

  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await admin.query(`create database ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${TEMPLATE_DATABASE}`;
  // The same code path as `npm run migrate`, in a child process of its own.
  execFileSync(process.execPath, [path.join(__dirname, '../dist/apps/policy-service/src/migrate.js')], {
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: 'inherit',
  });
  // The apps under test connect as the service's own role, as in production.
  const appLogin = new Client({ connectionString: baseUrl });
  await appLogin.connect();
  try {
    const { rows } = await appLogin.query(`select 1 from pg_roles where rolname = 'pps_app'`);
    if (rows.length > 0) {
      await appLogin.query(`alter role pps_app with login password '${TEST_APP_ROLE_PASSWORD}'`);
      process.env.PPS_TEST_APP_ROLE = '1';
    }
  } finally {
    await appLogin.end();
  }
}

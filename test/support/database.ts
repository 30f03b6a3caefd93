import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const TEMPLATE_DATABASE = 'pps_test_template';
/** The password the global setup gives the `pps_app` role in the test cluster. */
export const TEST_APP_ROLE_PASSWORD = 'pps_app_test_password';

/** The same database as the service's own role (`pps_app`), when the cluster has it. */
export function appRoleUrl(ownerUrl: string): string {
  if (process.env.PPS_TEST_APP_ROLE !== '1') return ownerUrl;
  const url = new URL(ownerUrl);
  url.username = 'pps_app';
  url.password = TEST_APP_ROLE_PASSWORD;
  return url.toString();
}

function baseUrl(): string {
  const url = process.env.PPS_TEST_DATABASE_URL;
  if (!url) throw new Error('PPS_TEST_DATABASE_URL is not set: run the tests through jest (test/global-setup.ts)');
  return url;
}

export function databaseUrl(name: string): string {
  const url = new URL(baseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: baseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file: a copy of the migrated template, or empty. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<{ name: string; url: string }> {
  const name = `pps_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(
          options.empty ? `create database ${name}` : `create database ${name} template ${TEMPLATE_DATABASE}`,
        );
        return;
      } catch (e) {
        // Two workers copying the template at the same moment: one waits and tries again.
        if (attempt < 50 && /being accessed by other users/.test((e as Error).message)) {
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 100));
          continue;
        }
        throw e;
      }
    }
  });
  return { name, url: databaseUrl(name) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`));
}

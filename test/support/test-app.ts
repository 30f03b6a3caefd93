import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig, Clock, loadConfig, ManualClock } from '@pps/platform';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApp } from '../../apps/policy-service/src/create-app';
import { appRoleUrl, createTestDatabase, dropTestDatabase } from './database';
import type { Json } from './json';

export interface TestApp {
  app: NestFastifyApplication;
  adminKey: string;
  clock: ManualClock;
  /** The owner's (superuser's) URL of this test's database. */
  databaseUrl: string;
  /** The service's own role's URL (`pps_app`), as the app connects. */
  appDatabaseUrl: string;
  config: AppConfig;
  /** Sends a request through the real HTTP stack (fastify inject: no socket). */
  request(
    method: string,
    url: string,
    options?: { key?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    body: Json;
    headers: Record<string, unknown>;
    text: string;
  }>;
  /** Issues a key of that role through the API, as the admin. */
  key(role: 'admin' | 'service' | 'auditor' | 'partner', partnerId?: string): Promise<string>;
  close(): Promise<void>;
}

/** The real app on a database of its own (a copy of the migrated template) with a manual clock. */
export async function startTestApp(
  options: {
    config?: Partial<AppConfig>;
    clock?: Clock;
    /** Runs on the migrated database (owner's URL) before the app starts, e.g. to store rows as an older release did. */
    beforeStart?: (ownerUrl: string) => Promise<void>;
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  await options.beforeStart?.(db.url);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pps-app-'));
  const adminKey = `pps_test_admin_${randomBytes(16).toString('hex')}`;
  const config: AppConfig = {
    ...loadConfig({}),
    dataDir,
    adminApiKey: adminKey,
    logLevel: (process.env.PPS_TEST_LOG_LEVEL as AppConfig['logLevel'] | undefined) ?? 'silent',
    dbPoolSize: 10,
    ...options.config,
  };
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock(new Date('2026-01-15T08:00:00Z'));
  const app = await createApp({ config, databaseUrl: appRoleUrl(db.url), migrationUrl: db.url, clock });
  await app.getHttpAdapter().getInstance().ready();

  const request: TestApp['request'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const key = opts.key === undefined ? adminKey : opts.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let payload: string | undefined;
    if (opts.body !== undefined) {
      payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.inject({ method: method as 'GET', url, headers, payload });
    let body: unknown;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.statusCode, body, headers: res.headers, text: res.body };
  };

  return {
    app,
    adminKey,
    clock,
    databaseUrl: db.url,
    appDatabaseUrl: appRoleUrl(db.url),
    config,
    request,
    async key(role, partnerId) {
      const res = await request('POST', '/v1/api-keys', { body: partnerId ? { role, partnerId } : { role } });
      if (res.status !== 201) throw new Error(`could not issue a ${role} key: ${res.status} ${res.text}`);
      return res.body.key as string;
    },
    async close() {
      await app.close();
      await dropTestDatabase(db.name);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

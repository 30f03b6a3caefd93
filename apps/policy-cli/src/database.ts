import type { LoggerService, Type } from '@nestjs/common';
import { LazyModuleLoader, NestFactory } from '@nestjs/core';
import { AuditService, ChangeRequests, IMPACT_MONEY_SOURCE, type ImpactMoneySource } from '@pps/audit';
import {
  ApiKeyService,
  type AppConfig,
  ConfigError,
  Database,
  DataDirInUseError,
  EmbeddedPostgres,
  loadConfig,
  migrateUrl,
  PlatformModule,
} from '@pps/platform';
import { appDatabaseUrl, PolicyCoreModule, SCHEMA_MIGRATIONS } from '@pps/policy-service';
import { PolicyRegistry, ShadowRegistry } from '@pps/rules';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { type CliContext, CliUsageError } from './commands/cli-command';

/** What the database commands work with: the service's own providers, from its composition root. */
export interface CliServices {
  config: AppConfig;
  /** The pool, connected as the service's role (`pps_app`). */
  db: Database;
  registry: PolicyRegistry;
  shadows: ShadowRegistry;
  changeRequests: ChangeRequests;
  audit: AuditService;
  /** Prices what a decision moved (the ledger's legs, the partners' orders), for the shadow report. */
  moneySource: ImpactMoneySource;
  apiKeys: ApiKeyService;
}

/** The configuration of `context.env`; an invalid setting is a usage error. */
export function cliConfig(context: CliContext): AppConfig {
  try {
    return { ...loadConfig(context.env), rulesDir: context.rulesDir };
  } catch (e) {
    if (e instanceof ConfigError) throw new CliUsageError(e.message);
    throw e;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The owner's URL of the embedded PostgreSQL that a running service keeps under `dataDir`, if one
 * runs: the CLI then works on the service's own database instead of starting a second server.
 */
async function runningEmbeddedUrl(dataDir: string): Promise<string | undefined> {
  const owner = Number((await readFile(path.join(dataDir, 'service.pid'), 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(owner) || owner <= 0 || !isAlive(owner)) return undefined;
  const pidLines = (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '')).split(
    '\n',
  );
  const port = Number(pidLines[3]);
  const password = (await readFile(path.join(dataDir, 'postgres-password'), 'utf8').catch(() => '')).trim();
  if (!port || !password) return undefined;
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** On a command line only the libraries' warnings and errors belong on screen, and on stderr (stdout may be JSON). */
function cliLogger(context: CliContext): LoggerService {
  const write =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) => {
      const where = typeof rest[rest.length - 1] === 'string' ? `[${String(rest[rest.length - 1])}] ` : '';
      context.err(`${level} ${where}${typeof message === 'string' ? message : JSON.stringify(message)}`);
    };
  const quiet = () => undefined;
  return {
    error: write('error'),
    warn: write('warn'),
    log: quiet,
    debug: quiet,
    verbose: quiet,
    fatal: write('fatal'),
  };
}

/**
 * Runs `fn` with the service's database and providers. The database: `DATABASE_URL`; else the
 * embedded PostgreSQL of `DATA_DIR` — the running service's, or one started for this command and
 * stopped after. Migrations run first as the owner (a no-op when current, so a fresh `DATA_DIR`
 * works too); everything else connects as the service does (`pps_app`, see `appDatabaseUrl`).
 *
 * The providers are the service's: an application context of the platform with `PolicyCoreModule`
 * (the module the HTTP app imports). That module is loaded lazily, and Nest runs no lifecycle hook of
 * a lazily loaded module (documented: "Lifecycle hooks methods are not invoked in lazy loaded modules
 * and services"), so the CLI builds the same registry, shadows, change requests and audit service
 * without becoming a service instance: no rules loaded from `rules/`, no listener, no heartbeat, no
 * sealer, no bank worker. It reads the store's active versions itself (`registry.refresh()`).
 */
export async function withDatabase<T>(context: CliContext, fn: (services: CliServices) => Promise<T>): Promise<T> {
  const config = cliConfig(context);
  let embedded: EmbeddedPostgres | undefined;
  let ownerUrl = config.databaseUrl ?? (await runningEmbeddedUrl(config.dataDir));
  if (!ownerUrl) {
    try {
      embedded = await EmbeddedPostgres.start({ dataDir: config.dataDir });
    } catch (e) {
      if (e instanceof DataDirInUseError)
        throw new CliUsageError(`${e.message} (or set DATABASE_URL to the service's database)`);
      throw e;
    }
    ownerUrl = embedded.urlFor('postgres');
  }
  try {
    await migrateUrl(ownerUrl, SCHEMA_MIGRATIONS);
    const app = await NestFactory.createApplicationContext(
      PlatformModule.forRoot({
        config: { ...config, dbPoolSize: 4 },
        databaseUrl: await appDatabaseUrl(config, ownerUrl),
        migrations: SCHEMA_MIGRATIONS,
      }),
      { logger: cliLogger(context), abortOnError: false },
    );
    try {
      const core = await app.get(LazyModuleLoader).load(() => PolicyCoreModule);
      const get = <P>(token: Type<P> | string): P => core.get<P>(token, { strict: false });
      const services: CliServices = {
        config,
        db: app.get(Database),
        registry: get(PolicyRegistry),
        shadows: get(ShadowRegistry),
        changeRequests: get(ChangeRequests),
        audit: get(AuditService),
        moneySource: get<ImpactMoneySource>(IMPACT_MONEY_SOURCE),
        apiKeys: app.get(ApiKeyService),
      };
      await services.registry.refresh();
      return await fn(services);
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

import { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { LEDGER_MIGRATIONS } from '@pps/ledger';
import {
  type AppConfig,
  Database,
  EmbeddedPostgres,
  loadConfig,
  migrate,
  MIGRATIONS,
  ormConfig,
  SystemClock,
} from '@pps/platform';
import { RULE_SET_CONTRACT_SET } from '@pps/partners/contracts';
import { PolicyRegistry } from '@pps/rules';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CliContext } from './commands/cli-command';

/** Every migration of the schema, in order: the platform's, then the ledger's (as the service applies them). */
const SCHEMA_MIGRATIONS = [...MIGRATIONS, ...LEDGER_MIGRATIONS];

export interface CliDatabase {
  orm: MikroORM;
  db: Database;
  config: AppConfig;
  registry: PolicyRegistry;
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
 * The URL of the embedded PostgreSQL that a running service keeps under `dataDir`, if one runs:
 * the CLI then works on the service's own database instead of refusing to start a second server.
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

/**
 * Runs `fn` with the service's database: `DATABASE_URL`; else the embedded PostgreSQL of
 * `DATA_DIR` — the running service's, or one started for this command and stopped after. The
 * schema is migrated first (a no-op when current), so the CLI works on a fresh `DATA_DIR` too.
 */
export async function withDatabase<T>(context: CliContext, fn: (db: CliDatabase) => Promise<T>): Promise<T> {
  const config = loadConfig(context.env);
  // The libs log through Nest's logger; on a command line only warnings and errors belong on screen.
  Logger.overrideLogger(['error', 'warn']);
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl ?? (await runningEmbeddedUrl(config.dataDir));
  if (!url) {
    embedded = await EmbeddedPostgres.start({ dataDir: config.dataDir });
    url = embedded.urlFor('postgres');
  }
  const orm = await MikroORM.init({
    ...ormConfig({ url, poolSize: 4, migrations: SCHEMA_MIGRATIONS }),
    allowGlobalContext: true,
  });
  const database = new Database({ url, poolSize: 4 });
  try {
    await migrate(orm);
    const registry = new PolicyRegistry(
      database,
      new SystemClock(),
      { ...config, rulesDir: context.rulesDir },
      RULE_SET_CONTRACT_SET,
    );
    await registry.refresh();
    return await fn({ orm, db: database, config, registry });
  } finally {
    await database.end();
    await orm.close(true);
    await embedded?.stop();
  }
}

/** `--name value` or `--name=value`. */
export function option(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

/** The arguments that are not options (nor option values). */
export function positionals(args: string[], optionsWithValues: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      if (!a.includes('=') && optionsWithValues.includes(a.slice(2))) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

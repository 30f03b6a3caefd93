import { type AuditDb, pgAuditDb } from '@pps/audit';
import { ConfigError, DataDirInUseError, EmbeddedPostgres, loadConfig } from '@pps/platform';
import { Client } from 'pg';
import { CliUsageError, type CliContext } from './cli-command';

/**
 * Runs `fn` on the service's database: DATABASE_URL, or the embedded PostgreSQL of DATA_DIR
 * (started for the command and stopped after; refused while a service runs on that DATA_DIR — give
 * the CLI the service's DATABASE_URL then). Audit commands only read the decision log.
 */
export async function withAuditDatabase<T>(context: CliContext, fn: (db: AuditDb) => Promise<T>): Promise<T> {
  let config;
  try {
    config = loadConfig(context.env);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliUsageError(e.message);
    throw e;
  }
  let embedded: EmbeddedPostgres | undefined;
  try {
    if (!config.databaseUrl) embedded = await EmbeddedPostgres.start({ dataDir: config.dataDir });
  } catch (e) {
    if (e instanceof DataDirInUseError)
      throw new CliUsageError(`${e.message} (or set DATABASE_URL to the service's database)`);
    throw e;
  }
  const client = new Client({ connectionString: config.databaseUrl ?? embedded!.urlFor('postgres') });
  try {
    await client.connect();
    const [{ ok }] = (await client.query(`select to_regclass('decision_seals') is not null as ok`)).rows as Array<{
      ok: boolean;
    }>;
    if (!ok)
      throw new CliUsageError(
        'this database has no decision log (yet): run `npm run migrate` or start the service once',
      );
    return await fn(pgAuditDb(client));
  } finally {
    await client.end().catch(() => undefined);
    await embedded?.stop();
  }
}

/** `--name value` options and positional arguments. */
export function parseArgs(
  args: string[],
  known: string[],
  flags: string[] = [],
): { options: Record<string, string>; flags: Set<string>; positional: string[] } {
  const options: Record<string, string> = {};
  const seen = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (flags.includes(arg)) seen.add(arg);
    else if (arg.startsWith('--')) {
      const name = arg.slice(2);
      if (!known.includes(name)) throw new CliUsageError(`unknown option ${arg}`);
      const value = args[++i];
      if (value === undefined) throw new CliUsageError(`${arg} needs a value`);
      options[name] = value;
    } else positional.push(arg);
  }
  return { options, flags: seen, positional };
}

/** An ISO-8601 instant with a zone, or a date (midnight UTC). */
export function parseInstant(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value);
  const date = new Date(value);
  if (!ok || Number.isNaN(date.getTime()))
    throw new CliUsageError(`--${name} must be an ISO-8601 instant with a zone (e.g. 2026-01-01T00:00:00Z) or a date`);
  return date;
}

import 'reflect-metadata';
import { ConfigError, DataDirInUseError, EmbeddedPostgres, loadConfig, migrateUrl } from '@pps/platform';
import { SCHEMA_MIGRATIONS } from './schema-migrations';

/**
 * `npm run migrate`: applies the committed migrations to DATABASE_URL, or to the embedded
 * PostgreSQL of DATA_DIR (started for the purpose and stopped again), and prints what it applied.
 */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  let embedded: EmbeddedPostgres | undefined;
  try {
    if (!config.databaseUrl) embedded = await EmbeddedPostgres.start({ dataDir: config.dataDir });
    const applied = await migrateUrl(config.databaseUrl ?? embedded!.urlFor('postgres'), SCHEMA_MIGRATIONS);
    process.stdout.write(
      applied.length ? `applied: ${applied.join(', ')}\n` : 'the schema is current; nothing to apply\n',
    );
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof DataDirInUseError ? e.message : e instanceof Error ? e.stack : String(e)}\n`);
    return e instanceof DataDirInUseError ? 3 : 1;
  } finally {
    await embedded?.stop();
  }
}

void main().then((code) => process.exit(code));

import 'reflect-metadata';
import { ConfigError, DataDirInUseError, EmbeddedPostgres, loadConfig, migrateUrl } from '@pps/platform';
import cluster, { type Worker } from 'node:cluster';
import exitHook from 'async-exit-hook';
import pino from 'pino';
import { createApp } from './create-app';
import { appDatabaseUrl } from './database-urls';
import { SCHEMA_MIGRATIONS } from './schema-migrations';

// The package the embedded PostgreSQL comes from installs this exit hook on SIGINT/SIGTERM; the
// shutdown below is registered with it so that it runs in order and to its end.

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee README.md, "Configuration".\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = pino({ level: config.logLevel, base: { component: 'bootstrap' } });

  let embedded: EmbeddedPostgres | undefined;
  let migrationUrl = config.databaseUrl;
  if (!migrationUrl) {
    try {
      embedded = await EmbeddedPostgres.start({
        dataDir: config.dataDir,
        onLog: (line) => log.debug({ postgres: line }),
      });
    } catch (e) {
      if (e instanceof DataDirInUseError) {
        log.fatal(e.message);
        process.exit(3);
      }
      throw e;
    }
    migrationUrl = embedded.urlFor('postgres');
    log.info({ dataDir: `${config.dataDir}/postgres`, port: embedded.port }, 'embedded PostgreSQL started');
  }

  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  const workers = new Set<Worker>();
  let stopping = false;
  exitHook.forceExitTimeout(10_000);
  exitHook((done) => {
    stopping = true;
    log.info('stopping');
    void (async () => {
      try {
        await app?.close();
      } catch (e) {
        log.error({ err: e }, 'error while closing the HTTP app');
      }
      // Workers stop their HTTP apps first (they get the same signal from the terminal's process
      // group, or this one from us); the database goes last.
      await Promise.all(
        [...workers].map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.isDead()) return resolve();
              w.once('exit', () => resolve());
              w.process.kill('SIGTERM');
            }),
        ),
      );
      await embedded?.stop();
      log.info('stopped');
      done();
    })();
  });

  try {
    // The service connects as `pps_app`, which cannot change the logs; the owner only migrates
    // (before the role's login is set up: the role comes with a migration).
    if (embedded) await migrateUrl(migrationUrl, SCHEMA_MIGRATIONS);
    const databaseUrl = await appDatabaseUrl(config, migrationUrl);
    if (config.workers > 1) {
      // node:cluster: the workers share the one listening port; this process only supervises them.
      // They connect to the database this process prepared (migrated, app login enabled).
      const fork = () => {
        const w = cluster.fork({
          ...process.env,
          WORKERS: '1',
          DATABASE_URL: migrationUrl,
          DATABASE_APP_URL: databaseUrl,
        });
        workers.add(w);
        w.once('exit', (code, signal) => {
          workers.delete(w);
          if (stopping) return;
          log.error({ pid: w.process.pid, code, signal }, 'a worker exited; starting another');
          fork();
        });
      };
      for (let i = 0; i < config.workers; i++) fork();
      log.info(`serving on http://${config.host}:${config.port} with ${config.workers} worker processes`);
      return;
    }
    app = await createApp({ config, databaseUrl, migrationUrl });
    if (stopping) return;
    await app.listen({ port: config.port, host: config.host });
    log.info(`serving on http://${config.host}:${config.port} (OpenAPI at /docs, health at /health)`);
  } catch (e) {
    log.fatal({ err: e }, 'the service did not start');
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    process.exit(1);
  }
}

void main();

import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiKeyService, type AppConfig, type Clock, configureApp, fastifyOptions, migrateUrl } from '@pps/platform';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { SCHEMA_MIGRATIONS } from './schema-migrations';

export interface CreateAppOptions {
  config: AppConfig;
  /** The service's connection (ideally the `pps_app` role). */
  databaseUrl: string;
  /** The owner's connection, for migrations; default `databaseUrl`. */
  migrationUrl?: string;
  clock?: Clock;
  /** Quiet the framework's own start-up lines (tests). */
  bufferLogs?: boolean;
}

/**
 * Applies pending migrations (as the owner), builds the HTTP app and makes sure an admin key exists. It does not
 * listen: `main.ts` does, and tests use `app.inject()` or listen on a loopback port themselves.
 */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const applied = await migrateUrl(options.migrationUrl ?? options.databaseUrl, SCHEMA_MIGRATIONS);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config: options.config,
      databaseUrl: options.databaseUrl,
      migrations: SCHEMA_MIGRATIONS,
      clock: options.clock,
    }),
    new FastifyAdapter(fastifyOptions(options.config.bodyLimitBytes)),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  if (applied.length > 0) app.get(Logger).log(`Applied migrations: ${applied.join(', ')}`);
  await app.get(ApiKeyService).ensureAdminKey(options.config.adminApiKey, options.config.dataDir);
  configureApp(app);
  await app.init();
  return app;
}

import { MikroOrmModule } from '@mikro-orm/nestjs';
import type { Options } from '@mikro-orm/postgresql';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { redactUrl } from './http/redact-url';
import { ApiKeyService } from './auth/api-key.service';
import { ApiKeysRepository } from './auth/api-keys.repository';
import { AuthGuard } from './auth/auth.guard';
import { Clock, SystemClock } from './clock';
import { APP_CONFIG, type AppConfig, loadConfig } from './config/app-config';
import { ormConfig, type OrmSettings } from './database/orm.config';
import { Database } from './database/sql';
import { EnvelopeExceptionFilter } from './http/exception.filter';
import { RateLimitGuard } from './http/rate-limit.guard';
import { createValidationPipe } from './http/validation';
import { MetricsService } from './observability/metrics.service';

export interface PlatformOptions {
  config: AppConfig;
  /** The URL the database layer connects to (the embedded server's when DATABASE_URL is unset). */
  databaseUrl: string;
  entities?: Options['entities'];
  /** Every migration of the schema, in order (`OrmSettings.migrations`); default the platform's. */
  migrations?: OrmSettings['migrations'];
  clock?: Clock;
}

/**
 * Configuration, logging, database, authentication, errors and metrics for every app.
 * Global: the other libs inject its providers without importing it.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config } = options;
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          // Same rules as the bootstrap check, so a setting read through ConfigService is valid too.
          validate: (env) => {
            loadConfig(env as NodeJS.ProcessEnv);
            return env;
          },
        }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (req) => String(req.headers['x-request-id']),
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            customLogLevel: (_req, res, err) =>
              err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug',
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: redactUrl(req.url),
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
        MikroOrmModule.forRoot({
          ...ormConfig({
            url: options.databaseUrl,
            poolSize: config.dbPoolSize,
            entities: options.entities,
            migrations: options.migrations,
          }),
          registerRequestContext: false,
        }),
        TerminusModule,
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'per-key', ttl: 60_000, limit: config.rateLimitPerMinute }],
          skipIf: () => config.rateLimitPerMinute === 0,
        }),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        {
          provide: Database,
          useFactory: () => new Database({ url: options.databaseUrl, poolSize: config.dbPoolSize }),
        },
        ApiKeysRepository,
        ApiKeyService,
        MetricsService,
        // Guards run in this order: who is calling, then how often.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: EnvelopeExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [APP_CONFIG, Clock, Database, ApiKeyService, MetricsService, TerminusModule],
    };
  }
}

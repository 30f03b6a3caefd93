import type { MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { ApiKey } from '../auth/api-key.entity';
import { MIGRATIONS } from './migrations';

export interface OrmSettings {
  url: string;
  poolSize: number;
  /** Entities of the other libs; the platform's own are always included. */
  entities?: Options['entities'];
  debug?: boolean;
  /**
   * Every migration of the schema, in order: the platform's `MIGRATIONS` followed by the other
   * libs' (the app assembles the list, since the platform imports no other lib). Default: the
   * platform's alone.
   */
  migrations?: MigrationObject[];
}

const PLATFORM_ENTITIES = [ApiKey];

export function ormConfig(settings: OrmSettings): Options {
  return defineConfig({
    clientUrl: settings.url,
    entities: [...PLATFORM_ENTITIES, ...((settings.entities as unknown[]) ?? [])] as Options['entities'],
    extensions: [Migrator],
    migrations: {
      migrationsList: settings.migrations ?? MIGRATIONS,
      tableName: 'schema_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: { min: 0, max: settings.poolSize, idleTimeoutMillis: 30_000 },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: settings.debug ?? false,
    // Connection failures surface at start, with the URL's host named, not at the first request.
    connect: true,
  });
}

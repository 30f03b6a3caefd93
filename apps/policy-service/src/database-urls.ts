import { type AppConfig, appRolePassword, enableAppLogin } from '@pps/platform';
import * as path from 'node:path';

/**
 * The URL the service (and the CLI) connects as, given the owner's URL that migrations run on. An
 * embedded PostgreSQL (no `DATABASE_URL`): the `pps_app` role, which cannot change the logs, with its
 * password kept in `DATA_DIR/app-db-password` (the owner if the role does not exist). An external
 * database: `DATABASE_APP_URL`, else `DATABASE_URL` itself.
 */
export async function appDatabaseUrl(config: AppConfig, ownerUrl: string): Promise<string> {
  if (config.databaseUrl) return config.databaseAppUrl ?? ownerUrl;
  const password = await appRolePassword(path.join(config.dataDir, 'app-db-password'));
  return (await enableAppLogin(ownerUrl, password)) ?? ownerUrl;
}

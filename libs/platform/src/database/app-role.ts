import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { Client } from 'pg';

const APP_ROLE = 'pps_app';

/**
 * Gives the `pps_app` role (created by a migration) a login with `password`, and returns the URL
 * to connect as it. Needs a role that may alter roles (the embedded server's superuser). Returns
 * undefined when the role does not exist (a migration role without CREATEROLE).
 */
export async function enableAppLogin(ownerUrl: string, password: string): Promise<string | undefined> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`select 1 from pg_roles where rolname = $1`, [APP_ROLE]);
    if (rows.length === 0) return undefined;
    // Identifiers and passwords cannot be bound parameters in ALTER ROLE; the password is ours (base64url).
    if (!/^[\w-]+$/.test(password)) throw new Error('unexpected characters in the app role password');
    await client.query(`alter role ${APP_ROLE} with login password '${password}'`);
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = password;
  return url.toString();
}

/** The app role's password for an embedded data folder: made once, kept in `file` (0600). */
export async function appRolePassword(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(24).toString('base64url');
    await fs.writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}

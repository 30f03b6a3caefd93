import type { Sql } from './sql';

/** `service_secrets`: secrets shared by every process on one database (e.g. `cursor-hmac`, set by a migration). */
export const ServiceSecretsRepository = {
  /** The secret's value, if the migrations created it. */
  async value(db: Sql, name: string): Promise<string | undefined> {
    const [row] = await db.query<{ value: string }>(`select value from service_secrets where name = ?`, [name]);
    return row?.value;
  },
};

import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14. API keys may expire (`expires_at`, optional; revocation already had `revoked_at`).
 *
 * Secrets every service process on this database shares (issue 14): `cursor-hmac` signs the
 * `nextCursor` of decision searches, so a cursor a client forged or edited is refused (400) before
 * anything reads it — whichever process issued it. 244 random bits from two v4 UUIDs
 * (`gen_random_uuid`, cryptographically strong, built into PostgreSQL ≥ 13). The service's role
 * reads it (default privileges: select, insert) and cannot change it.
 */
export class Migration20261202001400KeysAndSecrets extends Migration {
  override up(): void {
    this.addSql(`alter table api_keys add column expires_at timestamptz null;`);
    this.addSql(`
      create table service_secrets (
        name text primary key,
        value text not null,
        created_at timestamptz not null default now()
      );
      insert into service_secrets (name, value)
        values ('cursor-hmac', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
    `);
  }

  override down(): void {
    this.addSql('drop table if exists service_secrets;');
    this.addSql('alter table api_keys drop column if exists expires_at;');
  }
}

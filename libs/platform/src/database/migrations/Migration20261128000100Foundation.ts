import { Migration } from '@mikro-orm/migrations';

/** API keys: stored as sha256 hashes (keys are 256-bit random, so a slow hash adds nothing). */
export class Migration20261128000100Foundation extends Migration {
  override up(): void {
    this.addSql(`
      create table api_keys (
        id uuid primary key,
        key_hash text not null unique,
        role text not null check (role in ('admin', 'service', 'auditor', 'partner')),
        partner_id uuid null,
        label text null,
        created_by uuid null references api_keys (id),
        created_at timestamptz not null default now(),
        revoked_at timestamptz null,
        constraint api_keys_partner_role check ((role = 'partner') = (partner_id is not null))
      );
    `);
    this.addSql(`create unique index api_keys_bootstrap_admin on api_keys (label) where label = 'bootstrap-admin';`);
  }

  override down(): void {
    this.addSql('drop table if exists api_keys;');
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * The service's own database role, `pps_app`: it reads and inserts everywhere, updates only the
 * tables whose rows change state, and owns nothing. So the decision log, the transfers, the seals
 * and the version store cannot be altered through the service's connection even by direct SQL:
 * UPDATE, DELETE and TRUNCATE are not granted, and dropping or disabling the append-only triggers
 * needs the owner. Migrations run as the owner (`DATABASE_URL`); the service connects as `pps_app`
 * (the embedded PostgreSQL sets that up itself; with an external database give `DATABASE_APP_URL`).
 * Where the migration role may not create roles, this is skipped with a notice.
 */
export class Migration20261128000600AppRole extends Migration {
  override up(): void {
    this.addSql(`
      do $$
      begin
        if not exists (select 1 from pg_roles where rolname = 'pps_app') then
          create role pps_app nologin;
        end if;
      exception when insufficient_privilege then
        raise notice 'cannot create role pps_app here; the service will use the migration role';
      end $$;
    `);
    this.addSql(`
      do $$
      begin
        if exists (select 1 from pg_roles where rolname = 'pps_app') then
          execute 'grant usage on schema public to pps_app';
          execute 'grant select, insert on all tables in schema public to pps_app';
          execute 'grant usage, select on all sequences in schema public to pps_app';
          execute 'grant update on accounts, associations, orders, incentives, payouts, owed_invoices, vouchers,
                   deal_registrations, invitations, idempotency_keys, partners, customers, api_keys to pps_app';
          -- Tables of later migrations: readable and insertable; updates are granted by name.
          execute 'alter default privileges in schema public grant select, insert on tables to pps_app';
          execute 'alter default privileges in schema public grant usage, select on sequences to pps_app';
        end if;
      end $$;
    `);
  }

  override down(): void {
    this.addSql(`
      do $$
      begin
        if exists (select 1 from pg_roles where rolname = 'pps_app') then
          execute 'alter default privileges in schema public revoke all on tables from pps_app';
          execute 'alter default privileges in schema public revoke all on sequences from pps_app';
          execute 'revoke all on all tables in schema public from pps_app';
          execute 'revoke all on all sequences in schema public from pps_app';
          execute 'revoke usage on schema public from pps_app';
        end if;
      end $$;
    `);
  }
}

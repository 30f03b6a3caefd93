import { Migration } from '@mikro-orm/migrations';

/**
 * Incentives and their payouts (with owed invoices), voucher quota grants and vouchers, deal
 * registrations and their invitation links. A customer may carry a tax id, which is how a deal
 * registration's prospect is recognised.
 */
export class Migration20261128000400Programs extends Migration {
  override up(): void {
    this.addSql(`alter table customers add column tax_id text null;`);
    this.addSql(`create index customers_tax_id on customers (tax_id) where tax_id is not null;`);

    this.addSql(`
      create table incentives (
        id uuid primary key,
        partner_id uuid not null references partners (id),
        amount numeric(20, 2) not null check (amount > 0),
        mode text not null check (mode in ('referral', 'resale')),
        generated_at timestamptz not null,
        frozen boolean not null default false,
        status text not null default 'accrued' check (status in ('accrued', 'payout_pending', 'paid')),
        accrual_transfer_id uuid not null references transfers (id),
        created_at timestamptz not null
      );
      create index incentives_partner on incentives (partner_id);
    `);

    this.addSql(`
      create table payouts (
        id uuid primary key,
        incentive_id uuid not null references incentives (id),
        partner_id uuid not null references partners (id),
        method text not null check (method in ('credit_with_owed_invoice', 'voucher_quota', 'credit_withdrawable', 'bank_transfer')),
        amount numeric(20, 2) not null check (amount > 0),
        status text not null check (status in ('completed', 'pending', 'approved', 'rejected')),
        withdrawable boolean not null default false,
        bank_holder_name text null,
        bank_account_number text null,
        transfer_id uuid not null references transfers (id),
        settlement_transfer_id uuid null references transfers (id),
        decision_id uuid not null references decisions (id),
        created_at timestamptz not null,
        settled_at timestamptz null
      );
      -- The chosen method is final: one live payout per incentive (a rejected bank transfer frees it).
      create unique index payouts_one_per_incentive on payouts (incentive_id) where status <> 'rejected';
      create table owed_invoices (
        id uuid primary key,
        partner_id uuid not null references partners (id),
        incentive_id uuid not null references incentives (id),
        payout_id uuid not null references payouts (id),
        amount numeric(20, 2) not null check (amount > 0),
        status text not null default 'open' check (status in ('open', 'settled')),
        created_at timestamptz not null
      );
      create index owed_invoices_partner on owed_invoices (partner_id, created_at);
    `);

    this.addSql(`
      create table voucher_quota_grants (
        id uuid primary key,
        distributor_id uuid not null references partners (id),
        reseller_id uuid not null references partners (id),
        amount numeric(20, 2) not null check (amount > 0),
        transfer_id uuid not null references transfers (id),
        decision_id uuid not null references decisions (id),
        created_at timestamptz not null
      );
      create table vouchers (
        id uuid primary key,
        partner_id uuid not null references partners (id),
        customer_id uuid not null references customers (id),
        amount numeric(20, 2) not null check (amount > 0),
        status text not null default 'issued' check (status in ('issued', 'reclaimed')),
        transfer_id uuid not null references transfers (id),
        decision_id uuid not null references decisions (id),
        created_at timestamptz not null,
        reclaimed_amount numeric(20, 2) null,
        reclaim_transfer_id uuid null references transfers (id)
      );
      create index vouchers_customer on vouchers (customer_id);
    `);

    this.addSql(`
      create table deal_registrations (
        id uuid primary key,
        partner_id uuid not null references partners (id),
        prospect_name text not null,
        tax_id text not null,
        status text not null check (status in ('pending', 'approved', 'rejected')),
        created_at timestamptz not null,
        approved_at timestamptz null,
        expires_at timestamptz null
      );
      create index deal_registrations_tax_id on deal_registrations (tax_id, approved_at);
      create table invitations (
        token_hash text primary key,
        registration_id uuid not null references deal_registrations (id),
        channel text not null check (channel in ('online', 'offline')),
        created_at timestamptz not null,
        expires_at timestamptz null,
        used_at timestamptz null,
        used_by_customer_id uuid null references customers (id)
      );
    `);
  }

  override down(): void {
    this.addSql(
      'drop table if exists invitations, deal_registrations, vouchers, voucher_quota_grants, owed_invoices, payouts, incentives cascade;',
    );
    this.addSql('alter table customers drop column if exists tax_id;');
  }
}

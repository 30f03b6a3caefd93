import { Migration } from '@mikro-orm/migrations';

/**
 * Partners, customers, associations, the double-entry ledger, decision records, rule versions
 * and idempotency keys. Money is NUMERIC(20,2); balances are derived state kept on the account row
 * and checked against the legs; transfers, legs, decisions and rule versions are append-only.
 */
export class Migration20261128000200Ledger extends Migration {
  override up(): void {
    this.addSql(`
      create function pps_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'table % is append-only: % refused', tg_table_name, tg_op using errcode = 'P0001';
      end $$;
    `);

    this.addSql(`
      create table rule_versions (
        content_hash text primary key,
        rule_set text not null,
        version text not null,
        content text not null,
        published_at timestamptz not null default now(),
        published_by uuid null,
        unique (rule_set, version)
      );
    `);

    this.addSql(`
      create table partners (
        id uuid primary key,
        name text not null,
        kind text not null check (kind in ('solution_provider', 'reseller', 'distributor')),
        real_name text not null,
        credit_limit numeric(20, 2) not null default 0 check (credit_limit >= 0),
        distributor_id uuid null references partners (id),
        bank_holder_name text null,
        bank_account_number text null,
        exited_at timestamptz null,
        created_at timestamptz not null
      );
    `);

    this.addSql(`
      create table customers (
        id uuid primary key,
        name text not null,
        flags jsonb not null default '{}'::jsonb,
        created_at timestamptz not null,
        registered_at timestamptz not null
      );
    `);

    this.addSql(`
      create table associations (
        id uuid primary key,
        customer_id uuid not null references customers (id),
        partner_id uuid not null references partners (id),
        mode text not null check (mode in ('referral', 'resale')),
        started_at timestamptz not null,
        ended_at timestamptz null,
        switched_from_referral boolean not null default false
      );
      create unique index associations_one_active on associations (customer_id) where ended_at is null;
      create index associations_partner on associations (partner_id);
    `);

    this.addSql(`
      create table association_events (
        id bigserial primary key,
        association_id uuid not null references associations (id),
        customer_id uuid not null references customers (id),
        partner_id uuid not null references partners (id),
        kind text not null check (kind in ('associate', 'switch', 'disassociate')),
        from_mode text null,
        to_mode text null,
        at timestamptz not null,
        decision_id uuid not null
      );
      create index association_events_customer_at on association_events (customer_id, at);
    `);

    this.addSql(`
      create table decisions (
        id uuid primary key,
        seq bigserial not null unique,
        decided_at timestamptz not null,
        rule_set text not null,
        version text not null,
        content_hash text not null references rule_versions (content_hash),
        facts jsonb not null,
        outcome jsonb not null,
        effect text null check (effect in ('allow', 'deny')),
        reasons jsonb not null,
        results jsonb not null,
        operation text not null,
        partner_id uuid null,
        customer_id uuid null,
        subject jsonb not null,
        transfer_id uuid null,
        request_id text null,
        caller_key_id uuid null,
        caller_role text null
      );
      create index decisions_rule_set_time on decisions (rule_set, decided_at, id);
      create index decisions_partner_time on decisions (partner_id, decided_at, id) where partner_id is not null;
      create index decisions_customer_time on decisions (customer_id, decided_at, id) where customer_id is not null;
      create index decisions_time on decisions (decided_at, id);
      create trigger decisions_append_only before update or delete on decisions
        for each row execute function pps_refuse_change();
      create trigger decisions_no_truncate before truncate on decisions
        for each statement execute function pps_refuse_change();
    `);

    this.addSql(`
      create table accounts (
        id bigserial primary key,
        owner_type text not null check (owner_type in ('platform', 'partner', 'customer')),
        owner_id uuid not null,
        kind text not null,
        currency text not null default 'CNY',
        balance numeric(20, 2) not null default 0,
        floor numeric(20, 2) null,
        version bigint not null default 0,
        created_at timestamptz not null default now(),
        unique (owner_type, owner_id, kind, currency),
        constraint accounts_floor check (floor is null or balance >= floor)
      );
    `);

    this.addSql(`
      create table transfers (
        id uuid primary key,
        seq bigserial not null unique,
        code text not null,
        decision_id uuid null references decisions (id),
        created_at timestamptz not null,
        metadata jsonb not null default '{}'::jsonb
      );
      create index transfers_decision on transfers (decision_id);
      create table transfer_legs (
        transfer_id uuid not null references transfers (id),
        leg_no smallint not null,
        account_id bigint not null references accounts (id),
        amount numeric(20, 2) not null check (amount <> 0),
        currency text not null,
        primary key (transfer_id, leg_no)
      );
      create index transfer_legs_account on transfer_legs (account_id, transfer_id);
      create trigger transfers_append_only before update or delete on transfers
        for each row execute function pps_refuse_change();
      create trigger transfer_legs_append_only before update or delete on transfer_legs
        for each row execute function pps_refuse_change();
      create trigger transfers_no_truncate before truncate on transfers
        for each statement execute function pps_refuse_change();
      create trigger transfer_legs_no_truncate before truncate on transfer_legs
        for each statement execute function pps_refuse_change();
    `);

    this.addSql(`
      create table idempotency_keys (
        scope text not null,
        key text not null,
        request_hash text not null,
        status_code integer null,
        response jsonb null,
        created_at timestamptz not null default now(),
        primary key (scope, key)
      );
    `);

    this.addSql(`
      create table orders (
        id uuid primary key,
        customer_id uuid not null references customers (id),
        amount numeric(20, 2) not null check (amount > 0),
        refunded_amount numeric(20, 2) not null default 0 check (refunded_amount >= 0 and refunded_amount <= amount),
        currency text not null default 'CNY',
        payment_method text not null check (payment_method in ('online', 'balance', 'voucher', 'partner_paid')),
        paid_by_partner_id uuid null references partners (id),
        association_id uuid null references associations (id),
        partner_id uuid null references partners (id),
        mode_at_purchase text not null check (mode_at_purchase in ('referral', 'resale', 'none')),
        transfer_id uuid null,
        created_at timestamptz not null
      );
      create index orders_customer on orders (customer_id);
      create table refunds (
        id uuid primary key,
        order_id uuid not null references orders (id),
        amount numeric(20, 2) not null check (amount > 0),
        destination_account_id bigint not null references accounts (id),
        destination text not null,
        transfer_id uuid not null references transfers (id),
        decision_id uuid not null references decisions (id),
        created_at timestamptz not null
      );
    `);
  }

  override down(): void {
    this.addSql(`drop table if exists refunds, orders, idempotency_keys, transfer_legs, transfers, accounts,
      decisions, association_events, associations, customers, partners, rule_versions cascade;`);
    this.addSql('drop function if exists pps_refuse_change();');
  }
}

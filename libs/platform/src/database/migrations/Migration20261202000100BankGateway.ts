import { Migration } from '@mikro-orm/migrations';

/**
 * Bank-transfer payouts settle through a bank gateway (issue 17). An approved payout is `sending`
 * until the bank answers: `paid` (settled, the reserve posted to the platform's bank-payout
 * account) or `failed` (a final bank failure, the reserve released back to the incentive account).
 * The payout row is its own outbox: the bank reference (the idempotency key the bank sees, the same
 * on every retry), the attempts, the last bank code and when the next attempt is due. A crash
 * between our commit and the bank's answer leaves the row `sending`, and a worker retries it with
 * the same reference. `simulated_bank_payments` is the shipped simulated bank's own durable book
 * (one row per reference: a reference is paid at most once), standing in for the bank's side.
 */
export class Migration20261202000100BankGateway extends Migration {
  override up(): void {
    this.addSql(`
      alter table payouts drop constraint if exists payouts_status_check;
      alter table payouts add constraint payouts_status_check
        check (status in ('completed', 'pending', 'approved', 'rejected', 'sending', 'paid', 'failed'));
      alter table payouts
        add column bank_reference uuid null unique,
        add column bank_attempts integer not null default 0,
        add column bank_last_code text null,
        add column bank_last_attempt_at timestamptz null,
        add column bank_next_attempt_at timestamptz null,
        add column approval_decision_id uuid null references decisions (id),
        -- The settlement transfer the approval authorised, before it exists (settlement_transfer_id once posted).
        add column bank_settlement_transfer_id uuid null,
        add column release_transfer_id uuid null references transfers (id);
      create index payouts_sending on payouts (bank_next_attempt_at) where status = 'sending';
      -- A finally failed bank transfer frees the incentive for a new request, as a rejection does.
      drop index if exists payouts_one_per_incentive;
      create unique index payouts_one_per_incentive on payouts (incentive_id) where status not in ('rejected', 'failed');
    `);
    this.addSql(`
      create table simulated_bank_payments (
        reference uuid primary key,
        payout_id uuid not null,
        amount numeric(20, 2) not null check (amount > 0),
        account_number text null,
        settled_at timestamptz not null default now()
      );
    `);
  }

  override down(): void {
    this.addSql('drop table if exists simulated_bank_payments;');
    this.addSql(`
      drop index if exists payouts_one_per_incentive;
      create unique index payouts_one_per_incentive on payouts (incentive_id) where status <> 'rejected';
      drop index if exists payouts_sending;
      alter table payouts
        drop column if exists bank_reference, drop column if exists bank_attempts, drop column if exists bank_last_code,
        drop column if exists bank_last_attempt_at, drop column if exists bank_next_attempt_at,
        drop column if exists approval_decision_id, drop column if exists release_transfer_id,
        drop column if exists bank_settlement_transfer_id;
      alter table payouts drop constraint if exists payouts_status_check;
      alter table payouts add constraint payouts_status_check check (status in ('completed', 'pending', 'approved', 'rejected'));
    `);
  }
}

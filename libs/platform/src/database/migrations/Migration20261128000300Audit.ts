import { Migration } from '@mikro-orm/migrations';

/**
 * The tamper-evident decision log (issue 7).
 *
 * - `decisions.matched_rules`: the names of the rules whose conditions held (null on records written
 *   before this migration, which replay then does not compare).
 * - `decisions.seq` is drawn through `pps_next_decision_seq()`, which also takes a *shared*
 *   transaction-level advisory lock on (DECISION_SEQ_LOCK, seq). The lock is per sequence number, so
 *   it serialises nothing; it lets the sealer tell "this number belongs to a transaction still open"
 *   (the lock is held) from "this number was rolled back" (the lock is free and the row is invisible).
 * - `decision_seals`: the hash chain, written after the fact by the sealer in `seq` order. One row
 *   per sealed decision; `pos` is the position in the chain (1, 2, 3 … without gaps), `prev_hash`
 *   the hash of the seal at `pos - 1` (64 zeros at pos 1). `unique (prev_hash)` makes a fork
 *   impossible even if two sealers ignored the sealer lock. Append-only like the decisions.
 */
export class Migration20261128000300Audit extends Migration {
  override up(): void {
    this.addSql(`alter table decisions add column matched_rules jsonb null;`);

    this.addSql(`
      create function pps_next_decision_seq() returns bigint language plpgsql volatile as $$
      declare
        s bigint;
      begin
        s := nextval('decisions_seq_seq');
        -- 1347634005 = DECISION_SEQ_LOCK in libs/audit/src/audit-locks.ts
        perform pg_advisory_xact_lock_shared(1347634005, (s % 2147483647)::int4);
        return s;
      end $$;
    `);
    this.addSql(`alter table decisions alter column seq set default pps_next_decision_seq();`);

    this.addSql(`
      create table decision_seals (
        pos bigint primary key check (pos >= 1),
        seq bigint not null unique references decisions (seq),
        decision_id uuid not null unique references decisions (id),
        prev_hash text not null unique check (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text not null unique check (hash ~ '^[0-9a-f]{64}$'),
        sealed_at timestamptz not null default now()
      );
      create trigger decision_seals_append_only before update or delete on decision_seals
        for each row execute function pps_refuse_change();
      create trigger decision_seals_no_truncate before truncate on decision_seals
        for each statement execute function pps_refuse_change();
    `);
  }

  override down(): void {
    this.addSql('drop table if exists decision_seals;');
    this.addSql(`alter table decisions alter column seq set default nextval('decisions_seq_seq');`);
    this.addSql('drop function if exists pps_next_decision_seq();');
    this.addSql('alter table decisions drop column if exists matched_rules;');
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Every transfer names the allow decision that authorised it: `transfers.decision_id` becomes
 * NOT NULL. A database that already holds a transfer without one is refused with the count (the
 * migration fails and nothing changes) rather than rewritten: transfers are append-only history,
 * and which decision should have authorised such a transfer is for a person to find out.
 */
export class Migration20261203000100TransferDecisionRequired extends Migration {
  override up(): void {
    this.addSql(`
      do $$
      declare
        missing bigint;
      begin
        select count(*) into missing from transfers where decision_id is null;
        if missing > 0 then
          raise exception 'Migration20261203000100TransferDecisionRequired: % transfer(s) have no decision_id; every transfer must name the allow decision that authorised it before transfers.decision_id can become NOT NULL', missing
            using errcode = 'P0001';
        end if;
      end $$;
    `);
    this.addSql(`alter table transfers alter column decision_id set not null;`);
  }

  override down(): void {
    this.addSql(`alter table transfers alter column decision_id drop not null;`);
  }
}

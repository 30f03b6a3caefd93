import { Migration } from '@mikro-orm/migrations';

/**
 * The version store's history: who published which version when, and every activation (who, when,
 * why, from which version to which, effective from when). Both are append-only; an activation
 * notifies every service process on the `pps_rule_activation` channel so that all of them switch
 * together.
 */
export class Migration20261128000500RuleActivations extends Migration {
  override up(): void {
    this.addSql(`
      create trigger rule_versions_append_only before update or delete on rule_versions
        for each row execute function pps_refuse_change();
      create trigger rule_versions_no_truncate before truncate on rule_versions
        for each statement execute function pps_refuse_change();
    `);
    this.addSql(`
      create table rule_activations (
        id bigserial primary key,
        rule_set text not null,
        version text not null,
        content_hash text not null references rule_versions (content_hash),
        from_version text null,
        from_content_hash text null,
        kind text not null check (kind in ('bootstrap', 'activate', 'rollback')),
        reason text not null,
        effective_from timestamptz not null,
        activated_at timestamptz not null,
        activated_by uuid null
      );
      create index rule_activations_set_time on rule_activations (rule_set, effective_from, id);
      create trigger rule_activations_append_only before update or delete on rule_activations
        for each row execute function pps_refuse_change();
      create trigger rule_activations_no_truncate before truncate on rule_activations
        for each statement execute function pps_refuse_change();
      create function pps_notify_rule_activation() returns trigger language plpgsql as $$
      begin
        perform pg_notify('pps_rule_activation', new.rule_set || ':' || new.id);
        return new;
      end $$;
      create trigger rule_activations_notify after insert on rule_activations
        for each row execute function pps_notify_rule_activation();
    `);
  }

  override down(): void {
    this.addSql('drop table if exists rule_activations;');
    this.addSql('drop function if exists pps_notify_rule_activation();');
    this.addSql(
      'drop trigger if exists rule_versions_append_only on rule_versions; drop trigger if exists rule_versions_no_truncate on rule_versions;',
    );
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Safe rollout of a rule version:
 * - `service_instances`: one heartbeat row per running service process (the versions and shadows in
 *   force, when it last heard the activation channel, whether it thinks it is stale);
 * - `rule_shadows`: the append-only history of shadow versions (set / clear), notifying every process
 *   on the activation channel like an activation does;
 * - `decision_shadows`: what the shadow version decided for a decision, written in the decision's own
 *   transaction; append-only, and a separate table so that the decision record (and its hash chain)
 *   is exactly what it was;
 * - `change_requests`: activations and rollbacks waiting for a second admin (ACTIVATION_APPROVALS=2).
 */
export class Migration20261202002000SafeRollout extends Migration {
  override up(): void {
    this.addSql(`
      create table service_instances (
        instance_id uuid primary key,
        host text not null,
        pid integer not null,
        started_at timestamptz not null,
        beat_at timestamptz not null,
        versions jsonb not null,
        shadows jsonb not null,
        last_heard_at timestamptz null,
        stale boolean not null default false,
        stale_reason text null
      );
    `);
    this.addSql(`
      create table rule_shadows (
        id bigserial primary key,
        rule_set text not null,
        version text null,
        content_hash text null references rule_versions (content_hash),
        kind text not null check (kind in ('set', 'clear')),
        reason text not null,
        changed_at timestamptz not null,
        changed_by uuid null,
        check ((kind = 'set') = (content_hash is not null))
      );
      create index rule_shadows_set on rule_shadows (rule_set, id);
      create trigger rule_shadows_append_only before update or delete on rule_shadows
        for each row execute function pps_refuse_change();
      create trigger rule_shadows_no_truncate before truncate on rule_shadows
        for each statement execute function pps_refuse_change();
      create function pps_notify_rule_shadow() returns trigger language plpgsql as $$
      begin
        perform pg_notify('pps_rule_activation', 'shadow:' || new.rule_set || ':' || new.id);
        return new;
      end $$;
      create trigger rule_shadows_notify after insert on rule_shadows
        for each row execute function pps_notify_rule_shadow();
    `);
    this.addSql(`
      create table decision_shadows (
        decision_id uuid primary key references decisions (id),
        rule_set text not null,
        decided_at timestamptz not null,
        active_content_hash text not null,
        version text not null,
        content_hash text not null references rule_versions (content_hash),
        status text not null check (status in ('evaluated', 'failed')),
        outcome jsonb null,
        effect text null,
        reasons jsonb null,
        matched_rules jsonb null,
        results jsonb null,
        error text null,
        differs boolean not null,
        partner_id uuid null
      );
      create index decision_shadows_set_time on decision_shadows (rule_set, decided_at);
      create trigger decision_shadows_append_only before update or delete on decision_shadows
        for each row execute function pps_refuse_change();
      create trigger decision_shadows_no_truncate before truncate on decision_shadows
        for each statement execute function pps_refuse_change();
    `);
    this.addSql(`
      create table change_requests (
        id uuid primary key,
        rule_set text not null,
        kind text not null check (kind in ('activate', 'rollback')),
        version text not null,
        content_hash text not null references rule_versions (content_hash),
        from_version text null,
        effective_from timestamptz null,
        reason text not null,
        requested_by uuid null,
        requested_at timestamptz not null,
        status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
        decided_by uuid null,
        decided_at timestamptz null,
        decision_reason text null,
        activation_id bigint null references rule_activations (id),
        impact jsonb not null,
        shadow_report jsonb null
      );
      create index change_requests_set on change_requests (rule_set, requested_at);
    `);
    this.addSql(`
      do $$
      begin
        if exists (select 1 from pg_roles where rolname = 'pps_app') then
          execute 'grant select, insert, update, delete on service_instances to pps_app';
          execute 'grant update on change_requests to pps_app';
        end if;
      end $$;
    `);
  }

  override down(): void {
    this.addSql('drop table if exists change_requests;');
    this.addSql('drop table if exists decision_shadows;');
    this.addSql('drop table if exists rule_shadows;');
    this.addSql('drop function if exists pps_notify_rule_shadow();');
    this.addSql('drop table if exists service_instances;');
  }
}

import { Database } from '@pps/platform';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '@pps/platform';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { ACTIVATION_CHANNEL, PolicyRegistry } from '../policy-registry.service';
import { PolicyFreshness } from './policy-freshness';
import { ShadowRegistry } from './shadow-registry';

const BEAT_MS = 1_000;
/** An instance that has not beaten for longer is marked silent. */
export const SILENT_AFTER_S = 10;

export interface VersionRef {
  version: string;
  contentHash: string;
}

export interface InstanceStatus {
  instanceId: string;
  host: string;
  pid: number;
  startedAt: string;
  beatAt: string;
  lastHeardAt: string | null;
  /** The version in force per rule set, as the instance reported it. */
  versions: Record<string, VersionRef>;
  shadows: Record<string, VersionRef>;
  stale: boolean;
  staleReason: string | null;
  /** Seconds since its last heartbeat. */
  silentForS: number;
  silent: boolean;
  /** Rule sets where the instance's version differs from the store's active version. */
  lagging: Array<{ ruleSet: string; instanceVersion: string | null; storeVersion: string }>;
  self: boolean;
}

interface InstanceRow {
  instance_id: string;
  host: string;
  pid: number;
  started_at: Date | string;
  beat_at: Date | string;
  last_heard_at: Date | string | null;
  versions: Record<string, VersionRef>;
  shadows: Record<string, VersionRef>;
  stale: boolean;
  stale_reason: string | null;
  silent_for_s: string;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/**
 * Every service process writes a heartbeat row (`service_instances`) each second with the versions
 * and shadows it decides with and when it last heard the activation channel, and pings the channel
 * itself (`ping:<id>`), so that a live LISTEN connection hears something even when nobody activates.
 */
@Injectable()
export class InstanceHeartbeat implements OnModuleDestroy {
  private readonly logger = new Logger(InstanceHeartbeat.name);
  readonly instanceId = randomUUID();
  private readonly startedAt = new Date();
  private timer?: NodeJS.Timeout;
  private beating?: Promise<void>;

  constructor(
    private readonly em: Database,
    private readonly policy: PolicyRegistry,
    private readonly shadows: ShadowRegistry,
    private readonly freshness: PolicyFreshness,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      this.beating ??= this.beat().finally(() => (this.beating = undefined));
    }, BEAT_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.beating;
    await this.em
      .query(`delete from service_instances where instance_id = ?`, [this.instanceId])
      .catch(() => undefined);
  }

  private snapshotOf(): { versions: Record<string, VersionRef>; shadows: Record<string, VersionRef> } {
    const versions: Record<string, VersionRef> = {};
    for (const c of this.policy.activeRuleSets())
      versions[c.ruleSet] = { version: c.version, contentHash: c.contentHash };
    const shadows: Record<string, VersionRef> = {};
    for (const s of this.shadows.all())
      shadows[s.compiled.ruleSet] = { version: s.compiled.version, contentHash: s.compiled.contentHash };
    return { versions, shadows };
  }

  async beat(): Promise<void> {
    const { versions, shadows } = this.snapshotOf();
    const stale = this.freshness.stale();
    try {
      await this.em.query(
        `insert into service_instances (instance_id, host, pid, started_at, beat_at, versions, shadows, last_heard_at, stale, stale_reason)
         values (?, ?, ?, ?, now(), ?::jsonb, ?::jsonb, ?, ?, ?)
         on conflict (instance_id) do update set beat_at = now(), versions = excluded.versions, shadows = excluded.shadows,
           last_heard_at = excluded.last_heard_at, stale = excluded.stale, stale_reason = excluded.stale_reason`,
        [
          this.instanceId,
          os.hostname(),
          process.pid,
          this.startedAt,
          JSON.stringify(versions),
          JSON.stringify(shadows),
          this.policy.lastHeardAt(),
          stale !== null,
          stale,
        ],
      );
      await this.em.query(`select pg_notify(?, ?)`, [ACTIVATION_CHANNEL, `ping:${this.instanceId}`]);
    } catch (e) {
      this.logger.warn(`heartbeat failed: ${(e as Error).message}`);
    }
  }

  /** Every instance that has beaten, with what lags the store's active versions and what is silent. */
  async list(): Promise<InstanceStatus[]> {
    const fork = this.em;
    const rows = await fork.query<InstanceRow>(
      `select instance_id, host, pid, started_at, beat_at, last_heard_at, versions, shadows, stale, stale_reason,
              extract(epoch from now() - beat_at)::text as silent_for_s
       from service_instances order by started_at, instance_id`,
    );
    const active = await fork.query<{ rule_set: string; version: string; content_hash: string }>(
      `select distinct on (rule_set) rule_set, version, content_hash from rule_activations
       where effective_from <= ? order by rule_set, effective_from desc, id desc`,
      [this.clock.now()],
    );
    return rows.map((r): InstanceStatus => {
      const silentForS = Number(r.silent_for_s);
      const lagging = active
        .filter((a) => r.versions[a.rule_set]?.contentHash !== a.content_hash)
        .map((a) => ({
          ruleSet: a.rule_set,
          instanceVersion: r.versions[a.rule_set]?.version ?? null,
          storeVersion: a.version,
        }));
      return {
        instanceId: r.instance_id,
        host: r.host,
        pid: r.pid,
        startedAt: iso(r.started_at)!,
        beatAt: iso(r.beat_at)!,
        lastHeardAt: iso(r.last_heard_at),
        versions: r.versions,
        shadows: r.shadows,
        stale: r.stale,
        staleReason: r.stale_reason,
        silentForS: Math.round(silentForS * 10) / 10,
        silent: silentForS > SILENT_AFTER_S,
        lagging,
        self: r.instance_id === this.instanceId,
      };
    });
  }
}

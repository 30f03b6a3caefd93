import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Clock, Database } from '@pps/platform';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { ruleActivationsRepository } from '../activation/rule-activations.repository';
import { PolicyListener } from '../policy-listener';
import { PolicyFreshness } from './policy-freshness';
import { serviceInstancesRepository, type VersionRef } from './service-instances.repository';
import { ShadowRegistry } from './shadow-registry';

export type { VersionRef } from './service-instances.repository';

const BEAT_MS = 1_000;
/** An instance that has not beaten for longer is marked silent. */
export const SILENT_AFTER_S = 10;

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
    private readonly db: Database,
    private readonly listener: PolicyListener,
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
    await serviceInstancesRepository.remove(this.db, this.instanceId).catch(() => undefined);
  }

  private snapshotOf(): { versions: Record<string, VersionRef>; shadows: Record<string, VersionRef> } {
    const versions: Record<string, VersionRef> = {};
    for (const c of this.listener.current().activeAt(this.clock.now()))
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
      await serviceInstancesRepository.beat(this.db, {
        instanceId: this.instanceId,
        host: os.hostname(),
        pid: process.pid,
        startedAt: this.startedAt,
        versions,
        shadows,
        lastHeardAt: this.listener.lastHeardAt(),
        stale: stale !== null,
        staleReason: stale,
      });
      await serviceInstancesRepository.ping(this.db, this.instanceId);
    } catch (e) {
      this.logger.warn(`heartbeat failed: ${(e as Error).message}`);
    }
  }

  /** Every instance that has beaten, with what lags the store's active versions and what is silent. */
  async list(): Promise<InstanceStatus[]> {
    const beats = await serviceInstancesRepository.list(this.db);
    const active = await ruleActivationsRepository.allInForceAt(this.db, this.clock.now());
    return beats.map((r): InstanceStatus => {
      const lagging = active
        .filter((a) => r.versions[a.ruleSet]?.contentHash !== a.contentHash)
        .map((a) => ({
          ruleSet: a.ruleSet,
          instanceVersion: r.versions[a.ruleSet]?.version ?? null,
          storeVersion: a.version,
        }));
      return {
        instanceId: r.instanceId,
        host: r.host,
        pid: r.pid,
        startedAt: r.startedAt.toISOString(),
        beatAt: r.beatAt.toISOString(),
        lastHeardAt: r.lastHeardAt?.toISOString() ?? null,
        versions: r.versions,
        shadows: r.shadows,
        stale: r.stale,
        staleReason: r.staleReason,
        silentForS: Math.round(r.silentForS * 10) / 10,
        silent: r.silentForS > SILENT_AFTER_S,
        lagging,
        self: r.instanceId === this.instanceId,
      };
    });
  }
}

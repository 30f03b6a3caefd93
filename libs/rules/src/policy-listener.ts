import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Clock, Database, type Sql } from '@pps/platform';
import { Client } from 'pg';
import { ruleActivationsRepository } from './activation/rule-activations.repository';
import { PolicySnapshot, type TimelineEntry } from './policy-snapshot';
import { VersionStore } from './versions/version-store';

const RECHECK_MS = 5_000;
const RECONNECT_MS = 1_000;

/**
 * Keeps this process's snapshot of the activation timelines in step with the store: `LISTEN
 * pps_rule_activation` on a dedicated connection (reconnecting when it breaks), a reload of the
 * timeline on each activation heard, and a periodic re-check that catches a missed notification.
 * A reload swaps the snapshot in one assignment. Freshness (PolicyFreshness) reads when the
 * channel was last heard and the store last read; other parts hook the channel's payloads.
 */
@Injectable()
export class PolicyListener implements OnModuleDestroy {
  private readonly logger = new Logger(PolicyListener.name);
  private snapshot = new PolicySnapshot(new Map(), '0');
  private listener?: Client;
  private recheck?: NodeJS.Timeout;
  private refreshing?: Promise<void>;
  private refreshAgain = false;
  private stopped = false;
  /** Wall-clock ms of the last notification heard (or LISTEN established) and of the last good read of the store. */
  private heardAt = 0;
  private readAt = 0;
  private readonly notificationHooks: Array<(payload: string) => void> = [];

  constructor(
    private readonly db: Database,
    private readonly store: VersionStore,
    private readonly clock: Clock,
  ) {}

  current(): PolicySnapshot {
    return this.snapshot;
  }

  /** When this process last heard the activation channel (a notification, or LISTEN established). */
  lastHeardAt(): Date | null {
    return this.heardAt ? new Date(this.heardAt) : null;
  }

  /** When this process last read the activation timeline from the store successfully. */
  lastReadAt(): Date | null {
    return this.readAt ? new Date(this.readAt) : null;
  }

  isListening(): boolean {
    return this.listener !== undefined;
  }

  /** Called with every payload heard on the activation channel (shadows and pings share it). */
  onNotification(hook: (payload: string) => void): void {
    this.notificationHooks.push(hook);
  }

  /** Reloads the activation timeline and swaps the snapshot (coalescing concurrent calls). */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.refreshAgain = false;
          await this.reload();
        } while (this.refreshAgain);
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private async reload(): Promise<void> {
    const timelines = new Map<string, TimelineEntry[]>();
    let last = 0n;
    for (const activation of await this.read((tx) => ruleActivationsRepository.timeline(tx))) {
      const compiled = await this.store.byContentHash(activation.contentHash);
      if (!compiled) continue;
      const list = timelines.get(activation.ruleSet) ?? [];
      list.push({ from: Date.parse(activation.effectiveFrom), activation, compiled });
      timelines.set(activation.ruleSet, list);
      if (BigInt(activation.id) > last) last = BigInt(activation.id);
    }
    const changed = this.snapshot.lastActivationId !== String(last);
    this.snapshot = new PolicySnapshot(timelines, String(last));
    this.readAt = Date.now();
    if (changed)
      this.logger.log(
        `rule versions in force: ${
          this.snapshot
            .activeAt(this.clock.now())
            .map((c) => `${c.ruleSet}@${c.version}`)
            .join(', ') || 'none'
        }`,
      );
  }

  /**
   * A read of the store in a transaction of its own: when the read is refused (e.g. the role lost
   * its grant), the connection goes back to the pool intact — a failed plain pool query would
   * discard it — so that this process can still write its heartbeat and report itself stale.
   */
  private read<T>(query: (tx: Sql) => Promise<T>): Promise<T> {
    return this.db.transaction(query);
  }

  /** LISTEN for activations from any process; re-check periodically in case a notification is missed. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
    this.recheck = setInterval(() => void this.recheckNow(), RECHECK_MS);
    this.recheck.unref();
  }

  private reconnectLater(): void {
    setTimeout(() => void this.connect().catch(() => undefined), RECONNECT_MS).unref();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.db.url, application_name: 'pps-rule-listener' });
    client.on('notification', (message) => {
      this.heardAt = Date.now();
      const payload = message.payload ?? '';
      for (const hook of this.notificationHooks) hook(payload);
      // Pings (instance heartbeats) and shadow changes share the channel; only activations reload the timeline.
      if (payload.startsWith('ping:') || payload.startsWith('shadow:')) return;
      void this.refresh().catch((e: unknown) => this.logger.error({ err: e }, 'could not reload rule activations'));
    });
    client.on('error', (e) => {
      this.logger.warn(`rule activation listener lost its connection (${e.message}); reconnecting`);
      this.listener = undefined;
      void client.end().catch(() => undefined);
      this.reconnectLater();
    });
    try {
      await client.connect();
      await ruleActivationsRepository.listen(client);
      this.listener = client;
      this.heardAt = Date.now();
      for (const hook of this.notificationHooks) hook('listening');
      await this.refresh(); // whatever happened while not listening
    } catch (e) {
      await client.end().catch(() => undefined);
      if (!this.stopped) this.reconnectLater();
      this.logger.warn(`rule activation listener could not connect (${(e as Error).message}); retrying`);
    }
  }

  private async recheckNow(): Promise<void> {
    try {
      if ((await this.read((tx) => ruleActivationsRepository.lastId(tx))) !== this.snapshot.lastActivationId)
        await this.refresh();
      else this.readAt = Date.now();
    } catch (e) {
      this.logger.warn(`rule activation re-check failed: ${(e as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.recheck) clearInterval(this.recheck);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }
}

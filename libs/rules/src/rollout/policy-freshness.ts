import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@pps/platform';
import { PolicyListener } from '../policy-listener';
import { PolicyStaleError } from '../rules.errors';
import { ShadowRegistry } from './shadow-registry';

const CHECK_MS = 500;

/**
 * Fails gated operations closed when this process may be deciding with a stale version: it has
 * neither heard the activation channel nor read the store for longer than POLICY_STALE_AFTER_S.
 * Past that it re-reads the store itself; while it cannot, it is stale (gated operations answer 503
 * PPS.0035, `/health` says why). It recovers by itself on the next good read or notification.
 */
@Injectable()
export class PolicyFreshness implements OnModuleDestroy {
  private readonly logger = new Logger(PolicyFreshness.name);
  private staleReason: string | null = null;
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly listener: PolicyListener,
    private readonly shadows: ShadowRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), CHECK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Milliseconds since this process last heard the channel or read the store. */
  silenceMs(now = Date.now()): number {
    const heard = this.listener.lastHeardAt()?.getTime() ?? 0;
    const read = this.listener.lastReadAt()?.getTime() ?? 0;
    return now - Math.max(heard, read);
  }

  /** Why this instance is stale, or null. */
  stale(): string | null {
    return this.staleReason;
  }

  /** @throws PolicyStaleError (503) while stale */
  assertFresh(): void {
    if (this.staleReason !== null) throw new PolicyStaleError(this.staleReason);
  }

  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const limitMs = this.config.policyStaleAfterS * 1000;
      if (this.silenceMs() <= limitMs) {
        this.recovered();
        return;
      }
      try {
        await this.listener.refresh();
        await this.shadows.reload();
        this.recovered();
      } catch (e) {
        const reason = `the activation channel has been silent for ${Math.round(this.silenceMs() / 1000)} s (limit ${this.config.policyStaleAfterS} s) and the rule store cannot be read: ${(e as Error).message}`;
        if (this.staleReason === null) this.logger.error(`stale: ${reason}; gated operations fail closed`);
        this.staleReason = reason;
      }
    } finally {
      this.checking = false;
    }
  }

  private recovered(): void {
    if (this.staleReason !== null) this.logger.log('rule versions are fresh again; gated operations resume');
    this.staleReason = null;
  }
}

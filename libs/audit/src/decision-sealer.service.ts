import { Database } from '@pps/platform';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ChainSealer, type SealOptions, type SealResult } from './sealer';

/** How often the service links newly committed decisions into the chain. */
const SEAL_INTERVAL_MS = 250;
/** How long a free, invisible sequence number waits before it counts as rolled back. */
export const SEAL_GAP_GRACE_MS = 250;

/**
 * Runs the {@link ChainSealer} in the service: every SEAL_INTERVAL_MS (one tick at a time; a tick
 * that finds another process sealing skips), with a sweep for stragglers every 40th tick, and on
 * demand (`verify`). Several service processes on one database take turns on the sealer lock.
 */
@Injectable()
export class DecisionSealerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DecisionSealerService.name);
  private readonly sealer: ChainSealer;
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<unknown>>();
  private ticks = 0;
  private stopped = false;

  constructor(em: Database) {
    this.sealer = new ChainSealer(em);
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Seals what can be sealed now, waiting for a concurrent sealer instead of skipping. */
  async sealNow(options: SealOptions = {}): Promise<SealResult> {
    return this.track(this.sealer.sealPending({ gapGraceMs: SEAL_GAP_GRACE_MS, wait: true, ...options }));
  }

  private track<T>(run: Promise<T>): Promise<T> {
    this.inFlight.add(run);
    const done = (): void => void this.inFlight.delete(run);
    run.then(done, done);
    return run;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), SEAL_INTERVAL_MS);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      this.ticks++;
      await this.track(
        this.sealer.sealPending({ gapGraceMs: SEAL_GAP_GRACE_MS, sweep: this.ticks % 40 === 0 ? 'recent' : 'none' }),
      );
    } catch (e) {
      if (!this.stopped)
        this.logger.warn(`sealing decisions failed (will retry): ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.schedule();
    }
  }
}

import { Database } from '@pps/platform';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ChainSealer, type SealOptions, type SealResult } from './sealer';
import { SealerThread, sealerScript } from './sealer-thread';

/** How often the service links newly committed decisions into the chain, while there are none to link. */
const SEAL_INTERVAL_MS = 250;
/**
 * The next tick after one that sealed something: small batches often, so that the chain's work is
 * spread evenly over the second instead of landing in bursts that queue the requests behind them
 * on a small machine (and the seal lag stays short).
 */
const SEAL_BUSY_INTERVAL_MS = 100;
/** How often a tick also sweeps for stragglers (records committed below the chain's top). */
const SWEEP_INTERVAL_MS = 10_000;
/** How long a free, invisible sequence number waits before it counts as rolled back. */
export const SEAL_GAP_GRACE_MS = 250;

/**
 * Runs the {@link ChainSealer} in the service: every SEAL_INTERVAL_MS, or SEAL_BUSY_INTERVAL_MS after
 * a tick that sealed something (one tick at a time; a tick that finds another process sealing
 * skips), with a sweep for stragglers every SWEEP_INTERVAL_MS, and on
 * demand (`verify`). Several service processes on one database take turns on the sealer lock.
 *
 * The sealing itself runs in a thread of its own with its own connection ({@link SealerThread}),
 * off the event loop that answers requests; in this thread only when the compiled worker script is
 * missing (TypeScript sources without a build).
 */
@Injectable()
export class DecisionSealerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DecisionSealerService.name);
  private readonly seal: (options: SealOptions) => Promise<SealResult>;
  private readonly thread?: SealerThread;
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<unknown>>();
  private lastSweep = 0;
  private stopped = false;

  constructor(em: Database) {
    const script = sealerScript();
    if (script) {
      const thread = new SealerThread(script, em.url);
      this.thread = thread;
      this.seal = (options) => thread.seal(options);
    } else {
      const sealer = new ChainSealer(em);
      this.seal = (options) => sealer.sealPending(options);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.thread?.start();
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
    await this.thread?.stop();
  }

  /** Seals what can be sealed now, waiting for a concurrent sealer instead of skipping. */
  async sealNow(options: SealOptions = {}): Promise<SealResult> {
    return this.track(this.seal({ gapGraceMs: SEAL_GAP_GRACE_MS, wait: true, ...options }));
  }

  private track<T>(run: Promise<T>): Promise<T> {
    this.inFlight.add(run);
    const done = (): void => void this.inFlight.delete(run);
    run.then(done, done);
    return run;
  }

  private schedule(busy = false): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), busy ? SEAL_BUSY_INTERVAL_MS : SEAL_INTERVAL_MS);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let busy = false;
    try {
      const sweep = Date.now() - this.lastSweep >= SWEEP_INTERVAL_MS;
      if (sweep) this.lastSweep = Date.now();
      const result = await this.track(this.seal({ gapGraceMs: SEAL_GAP_GRACE_MS, sweep: sweep ? 'recent' : 'none' }));
      busy = result.sealed > 0;
    } catch (e) {
      if (!this.stopped)
        this.logger.warn(`sealing decisions failed (will retry): ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.schedule(busy);
    }
  }
}

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SealOptions, SealResult } from './sealer';

/**
 * Where the sealer thread's compiled script is: next to this file when running from `dist/`; under
 * jest (TypeScript sources) the same file in `dist/` (the tests build first). Without either, the
 * service seals on its own event loop.
 */
export function sealerScript(): string | undefined {
  const sibling = path.join(__dirname, 'sealer.worker.js');
  if (existsSync(sibling)) return sibling;
  const dist = path.join(__dirname, '../../../dist/libs/audit/src/sealer.worker.js');
  return existsSync(dist) ? dist : undefined;
}

/** The sealer thread's connection as `pg_stat_activity` shows it. */
export const SEALER_APPLICATION_NAME = 'pps-sealer';

type Answer = { id: number; ok: boolean; value?: unknown; error?: string; code?: string };

/**
 * The service's side of the sealer thread (`sealer.worker.ts`): one worker with its own database
 * connection, started on first use and restarted after a crash; each `seal` posts a request and
 * resolves with the worker's answer. Idle, the worker never keeps the process alive.
 */
export class SealerThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private ready: Promise<void> = Promise.resolve();
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(
    private readonly script: string,
    private readonly url: string,
  ) {}

  /** Starts the worker and waits until it has loaded, so that its start-up never lands on live traffic. */
  async start(): Promise<void> {
    this.ensure();
    await this.ready;
  }

  seal(options: SealOptions): Promise<SealResult> {
    return this.call<SealResult>({ options });
  }

  /** Closes the worker's connection and stops it. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.call({ end: true }).catch(() => undefined);
    this.worker = undefined;
    await worker.terminate();
  }

  private call<T>(message: { options?: SealOptions; end?: true }): Promise<T> {
    const worker = this.ensure();
    const id = this.nextId++;
    if (this.pending.size === 0) worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject });
      worker.postMessage({ id, ...message });
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: { url: this.url } });
    this.ready = new Promise<void>((resolve) => {
      const onReady = (m: { ready?: true }) => {
        if (m.ready) resolve();
      };
      worker.on('message', onReady);
      worker.once('exit', () => resolve());
    });
    worker.on('message', (m: Answer) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.ok) p.resolve(m.value);
      else p.reject(Object.assign(new Error(m.error), m.code ? { code: m.code } : {}));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the sealer thread exited (${code})`)));
    worker.unref(); // after the listeners: adding a 'message' listener references the port again
    this.worker = worker;
    return worker;
  }
}

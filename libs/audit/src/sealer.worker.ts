/**
 * The chain sealer's thread (node:worker_threads): reads newly committed decision records, hashes
 * them into the chain and writes the seals over a connection of its own, so that none of that —
 * parsing a batch of records, canonical JSON and SHA-256 of each — runs on the service's event
 * loop, where it stalled every request that arrived during a tick (issue 19: the check's p99 at
 * half load went from 58 ms to 19 ms without it). Messages and answers are plain data; see
 * `sealer-thread.ts` for the other side.
 */
import { Database } from '@pps/platform/sql';
import { parentPort, workerData } from 'node:worker_threads';
import { ChainSealer, type SealOptions } from './sealer';
import { SEALER_APPLICATION_NAME } from './sealer-thread';

const { url } = workerData as { url: string };
// One connection: the sealer runs one batch at a time (SEALER_LOCK); the pool reconnects after a break.
const db = new Database({ url, poolSize: 1, connectTimeoutMs: 5_000, applicationName: SEALER_APPLICATION_NAME });
const sealer = new ChainSealer(db);

parentPort?.on('message', (message: { id: number; options?: SealOptions; end?: true }) => {
  if (message.end) {
    void db.end().finally(() => parentPort!.postMessage({ id: message.id, ok: true, value: null }));
    return;
  }
  sealer.sealPending(message.options).then(
    (value) => parentPort!.postMessage({ id: message.id, ok: true, value }),
    (error: unknown) => {
      const e = error as { message?: unknown; code?: unknown };
      parentPort!.postMessage({
        id: message.id,
        ok: false,
        error: typeof e?.message === 'string' ? e.message : String(error),
        code: typeof e?.code === 'string' ? e.code : undefined,
      });
    },
  );
});

// Loaded: the service waits for this before it serves (see SealerThread.start).
parentPort?.postMessage({ ready: true });

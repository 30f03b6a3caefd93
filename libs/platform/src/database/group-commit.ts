/**
 * Group commit for independent single-row writes (recorded checks and their shadows): rows that
 * arrive while a batch is being written wait for the next one, and each batch is one statement —
 * one transaction, one WAL flush — however many rows it holds. A caller's promise settles only
 * after the batch holding its row committed, so an answer is as durable as with a write of its own.
 *
 * - A batch starts at once when fewer than `concurrency` batches are in flight (no added latency
 *   on an idle service); otherwise rows accumulate up to `maxRows` a batch.
 * - A batch that fails is retried row by row, so one bad row fails its own caller only.
 */
export interface GroupCommitOptions {
  /** Most rows in one statement. */
  maxRows: number;
  /** Most batches in flight at once (each holds one pool connection while it runs). */
  concurrency: number;
}

interface Pending<T> {
  row: T;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class GroupCommit<T> {
  private queue: Array<Pending<T>> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    /** Writes the rows in one statement (all or none). */
    private readonly write: (rows: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions = { maxRows: 256, concurrency: 2 },
  ) {}

  /** Resolves once `row` is committed; rejects with the error of its own write. */
  add(row: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.schedule();
    });
  }

  /** Rows waiting for a batch (for metrics and tests). */
  get waiting(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.concurrency || this.queue.length === 0) return;
    // Collect what arrives in the same turn of the event loop before writing.
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.options.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxRows);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async run(batch: Array<Pending<T>>): Promise<void> {
    try {
      await this.write(batch.map((p) => p.row));
      for (const p of batch) p.resolve();
    } catch (e) {
      if (batch.length === 1) {
        batch[0].reject(e);
        return;
      }
      // One row may have broken the batch: each row on its own, so only that one fails.
      await Promise.all(
        batch.map((p) =>
          this.write([p.row]).then(
            () => p.resolve(),
            (err: unknown) => p.reject(err),
          ),
        ),
      );
    }
  }
}

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Outcome } from './compile-rule-set';
import { checkRuleFile, declaredFacts, type FileCheck, toFileCheck } from './publish-check';
import type { Reason } from './rule-file.types';

export type CheckOptions = { expectedRuleSet?: string; runTests: boolean; ruleSetMessage?: 'publish' | 'impact' };

export type WorkRequest =
  | { op: 'check'; fileJson: string; options: CheckOptions; keepAs?: number }
  | { op: 'evaluate'; handle: number; facts: Array<Record<string, unknown>> }
  | { op: 'release'; handle: number };

export type BatchEvaluation = { outcome: Outcome; reasons: Reason[] } | { error: string };

/** A candidate kept compiled in the worker, evaluated in batches. */
export interface RemoteCandidate {
  check: Extract<FileCheck, { ok: true }>;
  evaluate(facts: Array<Record<string, unknown>>): Promise<BatchEvaluation[]>;
  release(): Promise<void>;
}

/**
 * Where the worker's compiled script is: next to this file when running from `dist/`; under jest
 * (TypeScript sources) the same file in `dist/` (the tests build first). Without either, the work
 * runs in this thread.
 */
function workerScript(): string | undefined {
  const sibling = path.join(__dirname, 'rule-work.worker.js');
  if (existsSync(sibling)) return sibling;
  const dist = path.join(__dirname, '../../../dist/libs/rules/src/rule-work.worker.js');
  return existsSync(dist) ? dist : undefined;
}

/**
 * The client of the rule worker thread: one worker, started on first use, referenced only while
 * it has work (idle, it never keeps the process alive), restarted after a crash. Requests queue in the worker; each answer
 * resolves its promise. The service's event loop only posts and receives messages, so `/health`
 * and ordinary requests keep their latency while a 750 KB file is checked or an impact runs.
 */
export class RuleWork {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(private readonly script: string | undefined = workerScript()) {}

  get inThread(): boolean {
    return this.script === undefined;
  }

  private call<T>(request: WorkRequest): Promise<T> {
    const worker = this.ensure();
    const id = this.nextId++;
    // Referenced while it has work, so that the process waits for the answer; idle, it never
    // keeps the process alive.
    if (this.pending.size === 0) worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (v: unknown) => resolve(v as T), reject });
      worker.postMessage({ id, request });
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script!);
    worker.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.error));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the rule worker exited (${code})`)));
    worker.unref(); // after the listeners: adding a 'message' listener references the port again
    this.worker = worker;
    return worker;
  }

  /** Checks a file as publishing does (with its embedded tests) or as impact does (without). */
  async check(file: unknown, options: CheckOptions): Promise<FileCheck> {
    if (this.inThread) return toFileCheck(checkRuleFile(file, options));
    // As JSON text: copying one string to the worker is far cheaper than cloning a large object graph.
    return this.call<FileCheck>({ op: 'check', fileJson: JSON.stringify(file), options });
  }

  /** Checks a candidate and keeps it compiled in the worker for batch evaluation (impact). */
  async candidate(file: unknown, options: CheckOptions): Promise<FileCheck | RemoteCandidate> {
    if (this.inThread) {
      const result = checkRuleFile(file, options);
      const check = toFileCheck(result);
      if (!check.ok || !('compiled' in result)) return check;
      const compiled = result.compiled;
      return {
        check,
        evaluate: async (facts) => {
          await new Promise((r) => setImmediate(r));
          return facts.map((f) => {
            try {
              const e = compiled.evaluate(declaredFacts(compiled, f));
              return { outcome: e.outcome, reasons: e.reasons };
            } catch (error) {
              return { error: error instanceof Error ? error.message : String(error) };
            }
          });
        },
        release: () => Promise.resolve(),
      };
    }
    const handle = this.nextId++;
    const check = await this.call<FileCheck>({ op: 'check', fileJson: JSON.stringify(file), options, keepAs: handle });
    if (!check.ok) return check;
    return {
      check,
      evaluate: (facts) => this.call<BatchEvaluation[]>({ op: 'evaluate', handle, facts }),
      release: () => this.call<void>({ op: 'release', handle }).catch(() => undefined),
    };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

let shared: RuleWork | undefined;

/** The process's rule worker (one for the policy registry and the audit service). */
export function ruleWork(): RuleWork {
  return (shared ??= new RuleWork());
}

import {
  Database,
  DatabaseUnavailableError,
  DomainError,
  IdempotencyConflictError,
  idempotencyKeys,
  InvalidIdempotencyKeyError,
  isDatabaseUnavailable,
  begun,
  FirstStatementRefused,
  type Sql,
  write,
} from '@pps/platform';
import { Injectable } from '@nestjs/common';
import { canonicalJson, PolicyRegistry, type PolicySnapshot } from '@pps/rules';
import { createHash } from 'node:crypto';
import type { RequestContext } from './request-context';

interface StoredError {
  kind: DomainError['kind'];
  code: string;
  messages: { zh: string; en: string };
  details?: unknown;
  decisionId?: string;
}

/** The first answer to an idempotent request, as stored: a body, or a committed denial. */
type StoredAnswer = { ok: true; body: unknown } | { ok: false; error: StoredError };

/** Thrown out of a transaction body to commit it and still answer with an error (a denial). */
export class CommitThenFail extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Runs one use case as one PostgreSQL transaction, with idempotency: the `Idempotency-Key` row is
 * claimed first in the same transaction, so a concurrent retry waits on it and then reads the
 * committed answer; the same key with a different request is refused (409). A denial commits (its
 * decision record) and is stored like any answer. Retries transparently on a deadlock or a
 * serialization failure, so neither reaches the client.
 */
@Injectable()
export class TransactionRunner {
  /** The rule versions each open transaction evaluates with: fixed when it begins. */
  private readonly snapshots = new WeakMap<Sql, PolicySnapshot>();

  constructor(
    private readonly em: Database,
    private readonly policy: PolicyRegistry,
  ) {}

  /** The policy snapshot of this transaction: a version switch that lands meanwhile does not touch it. */
  policyAt(tx: Sql): PolicySnapshot {
    return this.snapshots.get(tx) ?? this.policy.current();
  }

  /** The pool, for plain reads outside any transaction. */
  reader(): Sql {
    return this.em;
  }

  async run<T>(
    ctx: RequestContext,
    request: { operation: string; input: unknown },
    body: (tx: Sql) => Promise<T>,
  ): Promise<T> {
    const key = ctx.idempotencyKey;
    if (key !== undefined && !KEY_PATTERN.test(key)) throw new InvalidIdempotencyKeyError();
    const requestHash = createHash('sha256').update(canonicalJson(request)).digest('hex');
    const scope = `${ctx.caller.keyId}`;

    for (let attempt = 1; ; attempt++) {
      let outcome: StoredAnswer;
      const snapshot = this.policy.current();
      try {
        outcome = await this.em.transaction(
          async (tx) => {
            this.snapshots.set(tx, snapshot);
            try {
              return await this.answer(tx, body, scope, key);
            } catch (e) {
              if (!(e instanceof FirstStatementRefused)) throw e;
              // Claimed by an earlier request (this one waited for it to commit): its answer stands.
              const stored = await idempotencyKeys.stored<StoredAnswer>(tx, scope, key!);
              if (stored.requestHash !== requestHash) throw new IdempotencyConflictError(key!);
              return stored.response;
            }
          },
          // The Idempotency-Key is claimed first, sent with BEGIN and the use case's first read in
          // one round trip, so that a concurrent retry waits on it before it reads anything.
          key === undefined
            ? undefined
            : {
                text: (literal) => idempotencyKeys.claimStatement(literal, scope, key, requestHash),
                accept: (rows) => rows.length > 0,
              },
        );
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (attempt < 5 && code && RETRYABLE.has(code)) continue;
        if (!(e instanceof DomainError) && isDatabaseUnavailable(e)) throw new DatabaseUnavailableError();
        throw e;
      }
      if (outcome.ok) return outcome.body as T;
      const s = outcome.error;
      throw new DomainError(s.kind, s.code, s.messages, s.details, s.decisionId);
    }
  }

  /**
   * The body's answer in this transaction, and with a key, that answer held to be stored with its
   * last writes. A refused claim surfaces as {@link FirstStatementRefused} at the body's first
   * statement, or at `begun` for a body that only wrote (a denial decided without a read included).
   */
  private async answer<T>(
    tx: Sql,
    body: (tx: Sql) => Promise<T>,
    scope: string,
    key: string | undefined,
  ): Promise<StoredAnswer> {
    let answer: StoredAnswer;
    try {
      answer = { ok: true, body: await body(tx) };
    } catch (e) {
      if (!(e instanceof CommitThenFail)) throw e;
      const err = e.error;
      answer = {
        ok: false,
        error: {
          kind: err.kind,
          code: err.code,
          messages: err.messages,
          details: err.details,
          decisionId: err.decisionId,
        },
      };
    }
    if (key !== undefined) {
      // A body that only wrote has not sent BEGIN yet: the claim's answer is read before anything commits.
      await begun(tx);
      // Held with the use case's last writes (decision, transfer, balances): one statement.
      await write(tx, idempotencyKeys.answerWrite(scope, key, answer, answer.ok ? 200 : 422));
    }
    return answer;
  }
}

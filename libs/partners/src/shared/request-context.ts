import type { Caller } from '@pps/platform';

/** What a use case knows about the request that runs it (HTTP or CLI). */
export interface RequestContext {
  caller: Caller;
  requestId?: string;
  /** The `Idempotency-Key` header: same key + same request → the first answer. */
  idempotencyKey?: string;
}

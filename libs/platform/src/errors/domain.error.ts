/**
 * The one error type every lib throws for a failure a client can act on. The exception filter maps
 * it to the envelope `{ error_code, error_msg, details, decision_id }` with `status` as HTTP status.
 * Codes are stable: the vendor's own (CBC.0100, CBC.5021, …) where the vendor defines one, the
 * service's own (`PPS.*`) otherwise. Every code has a Chinese and an English message.
 */
export type ErrorKind =
  | 'bad_input' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'payload_too_large' // 413
  | 'policy_denied' // 422
  | 'rate_limited' // 429
  | 'internal' // 500: a server-side fault the client cannot act on, with its own code
  | 'unavailable'; // 503

export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  bad_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  policy_denied: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export interface LocalizedMessage {
  zh: string;
  en: string;
}

export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly messages: LocalizedMessage,
    readonly details?: unknown,
    readonly decisionId?: string,
  ) {
    super(messages.en);
    this.name = 'DomainError';
    this.status = STATUS_OF_KIND[kind];
  }
}

/** CBC.0100 — the vendor's "parameter error". `details` lists each field's problem. */
export class BadInputError extends DomainError {
  constructor(en: string, details?: unknown, zh = '参数错误') {
    super('bad_input', 'CBC.0100', { zh, en }, details);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', 'PPS.0404', { zh: `${what}不存在: ${id}`, en: `${what} not found: ${id}` }, { id });
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, messages: LocalizedMessage, details?: unknown) {
    super('conflict', code, messages, details);
  }
}

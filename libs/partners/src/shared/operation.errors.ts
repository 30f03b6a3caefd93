import { DomainError, type LocalizedMessage } from '@pps/platform';

/** A policy denial: the decision was recorded and committed; nothing else changed. */
export class PolicyDeniedError extends DomainError {
  constructor(code: string, message: LocalizedMessage, decisionId: string, details?: unknown) {
    super('policy_denied', code, message, details, decisionId);
  }
}

/** CBC.99007009 semantics: the key was used before for a different request. */
export class IdempotencyConflictError extends DomainError {
  constructor(key: string) {
    super(
      'conflict',
      'CBC.99007009',
      {
        zh: '重复的交易号：该幂等键已用于另一个请求',
        en: `Idempotency-Key ${key} was already used for a different request`,
      },
      { idempotencyKey: key },
    );
  }
}

export class InvalidIdempotencyKeyError extends DomainError {
  constructor() {
    super('bad_input', 'CBC.0100', {
      zh: '参数错误：Idempotency-Key 须为 1–200 个可见字符',
      en: 'Idempotency-Key must be 1–200 visible ASCII characters',
    });
  }
}

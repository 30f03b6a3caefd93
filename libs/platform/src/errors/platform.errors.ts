import { CatalogueError, type ErrorDefinition, type LocalizedMessage } from './domain.error';

/**
 * The platform's errors catalogue: every code the platform answers with, defined once with its
 * kind and both messages — the generic answer of each HTTP status (framework errors: an unknown
 * route, a body too large …), authentication and authorisation, idempotency, the database.
 * Other libraries define their own codes in their own catalogue and reuse these by class.
 */
export const PLATFORM_ERROR = {
  /** The vendor's "parameter error"; a throw names each field's problem (`BadInputError`). */
  badInput: { code: 'CBC.0100', kind: 'bad_input', messages: { zh: '参数错误', en: 'Bad request' } },
  unauthenticated: { code: 'PPS.0401', kind: 'unauthenticated', messages: { zh: '未认证', en: 'Unauthenticated' } },
  missingApiKey: {
    code: 'PPS.0011',
    kind: 'unauthenticated',
    messages: {
      zh: '缺少 API 密钥：请使用 Authorization: Bearer <key>',
      en: 'Missing API key: send Authorization: Bearer <key>',
    },
  },
  unknownApiKey: {
    code: 'PPS.0012',
    kind: 'unauthenticated',
    messages: { zh: 'API 密钥无效或已吊销', en: 'Unknown or revoked API key' },
  },
  forbidden: { code: 'PPS.0403', kind: 'forbidden', messages: { zh: '无权限', en: 'Forbidden' } },
  roleForbidden: {
    code: 'PPS.0013',
    kind: 'forbidden',
    messages: { zh: '角色 {role} 无权调用此接口', en: 'Role {role} may not call this route (allowed: {allowed})' },
  },
  /** A partner key reaching for another partner's data (at the guard or inside a use case). */
  partnerScope: {
    code: 'PPS.0014',
    kind: 'forbidden',
    messages: {
      zh: '合作伙伴密钥只能操作本合作伙伴的数据',
      en: "A partner key may act on its own partner's data only",
    },
  },
  keyRevokesItself: {
    code: 'PPS.0017',
    kind: 'conflict',
    messages: {
      zh: '不能吊销正在使用的密钥：请先创建新密钥，再用新密钥吊销旧密钥',
      en: 'A key cannot revoke itself: create the new key, then revoke the old one with it',
    },
  },
  /** Nothing at this address: an unknown route, or (`NotFoundError`) a record that does not exist. */
  notFound: { code: 'PPS.0404', kind: 'not_found', messages: { zh: '资源不存在', en: 'Not found' } },
  methodNotAllowed: {
    code: 'PPS.0405',
    kind: 'method_not_allowed',
    messages: { zh: '方法不允许', en: 'Method not allowed' },
  },
  /** The generic 409 of a framework error; the service's own conflicts have their own codes. */
  conflict: { code: 'PPS.0409', kind: 'conflict', messages: { zh: '冲突', en: 'Conflict' } },
  payloadTooLarge: {
    code: 'PPS.0413',
    kind: 'payload_too_large',
    messages: { zh: '请求体过大', en: 'Request body too large' },
  },
  uriTooLong: { code: 'PPS.0414', kind: 'uri_too_long', messages: { zh: '请求地址过长', en: 'URI too long' } },
  unsupportedMediaType: {
    code: 'PPS.0415',
    kind: 'unsupported_media_type',
    messages: { zh: '不支持的内容类型', en: 'Unsupported content type: send application/json' },
  },
  rateLimited: { code: 'PPS.0429', kind: 'rate_limited', messages: { zh: '请求过于频繁', en: 'Too many requests' } },
  headersTooLarge: {
    code: 'PPS.0431',
    kind: 'headers_too_large',
    messages: { zh: '请求头过大', en: 'Request header fields too large' },
  },
  /** Anything unexpected: logged with its stack, never shown to the client. */
  internal: { code: 'PPS.0500', kind: 'internal', messages: { zh: '内部错误', en: 'Internal error' } },
  /** Retry later: the service, a check (`/health/ready`) or the database is down for the moment. */
  unavailable: { code: 'PPS.0503', kind: 'unavailable', messages: { zh: '服务暂不可用', en: 'Service unavailable' } },
  /** The vendor's "duplicate transaction number": an Idempotency-Key used before for another request. */
  idempotencyConflict: {
    code: 'CBC.99007009',
    kind: 'conflict',
    messages: {
      zh: '重复的交易号：该幂等键已用于另一个请求',
      en: 'Idempotency-Key {key} was already used for a different request',
    },
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Every code the platform defines (the error-catalogue test enumerates these lists). */
export const PLATFORM_ERRORS: readonly ErrorDefinition[] = Object.values(PLATFORM_ERROR);

/** The generic answer of a framework error (unknown route, body too large …) by HTTP status. */
export const PLATFORM_ERROR_OF_STATUS: Readonly<Record<number, ErrorDefinition>> = {
  400: PLATFORM_ERROR.badInput,
  401: PLATFORM_ERROR.unauthenticated,
  403: PLATFORM_ERROR.forbidden,
  404: PLATFORM_ERROR.notFound,
  405: PLATFORM_ERROR.methodNotAllowed,
  409: PLATFORM_ERROR.conflict,
  413: PLATFORM_ERROR.payloadTooLarge,
  414: PLATFORM_ERROR.uriTooLong,
  415: PLATFORM_ERROR.unsupportedMediaType,
  429: PLATFORM_ERROR.rateLimited,
  431: PLATFORM_ERROR.headersTooLarge,
  503: PLATFORM_ERROR.unavailable,
};

/**
 * Codes the service reports but never answers with: what the bank answers to a transfer order
 * (bank system or network exception → retry with the same reference; the card network's call to
 * the issuing bank failed → final). The simulated bank is scripted with them.
 */
export const BANK_ANSWER_CODES = { retryable: 'CBC.99007262', final: 'CBC.99007260' } as const;

export class BadInputError extends CatalogueError {
  /** CBC.0100 with the message that names what is wrong; `details` lists each field's problem. */
  constructor(en: string, details?: unknown, zh = '参数错误') {
    super(PLATFORM_ERROR.badInput, { messages: { zh, en }, details });
  }
}

/** What a `NotFoundError` names, in both languages, and the `details` member that carries the id. */
export interface NamedThing extends LocalizedMessage {
  idField?: string;
}

const THING_NOT_FOUND: LocalizedMessage = { zh: '{what}不存在: {id}', en: '{what} not found: {id}' };

/** PPS.0404 for a record that does not exist: "Payout not found: …", `details: { id }`. */
export class NotFoundError extends CatalogueError {
  constructor(what: string | NamedThing, id: string) {
    const thing = typeof what === 'string' ? { zh: what, en: what } : what;
    super(PLATFORM_ERROR.notFound, {
      messages: THING_NOT_FOUND,
      params: { what: { zh: thing.zh, en: thing.en }, id },
      details: { [(typeof what === 'string' ? undefined : what.idField) ?? 'id']: id },
    });
  }
}

export class MissingApiKeyError extends CatalogueError {
  constructor() {
    super(PLATFORM_ERROR.missingApiKey);
  }
}

export class UnknownApiKeyError extends CatalogueError {
  constructor() {
    super(PLATFORM_ERROR.unknownApiKey);
  }
}

export class RoleForbiddenError extends CatalogueError {
  constructor(role: string, allowed: readonly string[]) {
    super(PLATFORM_ERROR.roleForbidden, { params: { role, allowed: allowed.join(', ') }, details: { role, allowed } });
  }
}

/** A partner key acting on another partner's data: at the guard, or found inside a use case. */
export class PartnerScopeError extends CatalogueError {
  constructor() {
    super(PLATFORM_ERROR.partnerScope);
  }
}

export class KeyRevokesItselfError extends CatalogueError {
  constructor() {
    super(PLATFORM_ERROR.keyRevokesItself);
  }
}

/** CBC.99007009: the Idempotency-Key was used before for a different request. */
export class IdempotencyConflictError extends CatalogueError {
  constructor(key: string) {
    super(PLATFORM_ERROR.idempotencyConflict, { params: { key }, details: { idempotencyKey: key } });
  }
}

/** CBC.0100: an Idempotency-Key that is not 1–200 visible ASCII characters. */
export class InvalidIdempotencyKeyError extends CatalogueError {
  constructor() {
    super(PLATFORM_ERROR.badInput, {
      messages: {
        zh: '参数错误：Idempotency-Key 须为 1–200 个可见字符',
        en: 'Idempotency-Key must be 1–200 visible ASCII characters',
      },
    });
  }
}

/**
 * 503 PPS.0503: the database connection was lost or could not be had (terminated backend, server
 * restart, pool exhausted). The transaction did not commit — or, if the connection broke during
 * COMMIT, may have: a retry with the same Idempotency-Key returns the committed answer either way.
 */
export class DatabaseUnavailableError extends CatalogueError {
  constructor() {
    super(PLATFORM_ERROR.unavailable, {
      messages: {
        zh: '数据库暂不可用，请使用相同的幂等键重试',
        en: 'The database is unavailable for the moment; retry the request (with the same Idempotency-Key)',
      },
    });
  }
}

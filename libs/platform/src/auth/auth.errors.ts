import { DomainError } from '../errors/domain.error';

export class MissingApiKeyError extends DomainError {
  constructor() {
    super('unauthenticated', 'PPS.0011', {
      zh: '缺少 API 密钥：请使用 Authorization: Bearer <key>',
      en: 'Missing API key: send Authorization: Bearer <key>',
    });
  }
}

export class UnknownApiKeyError extends DomainError {
  constructor() {
    super('unauthenticated', 'PPS.0012', { zh: 'API 密钥无效或已吊销', en: 'Unknown or revoked API key' });
  }
}

export class RoleForbiddenError extends DomainError {
  constructor(role: string, allowed: readonly string[]) {
    super(
      'forbidden',
      'PPS.0013',
      {
        zh: `角色 ${role} 无权调用此接口`,
        en: `Role ${role} may not call this route (allowed: ${allowed.join(', ')})`,
      },
      { role, allowed },
    );
  }
}

export class PartnerScopeError extends DomainError {
  constructor() {
    super('forbidden', 'PPS.0014', {
      zh: '合作伙伴密钥只能操作本合作伙伴的数据',
      en: "A partner key may act on its own partner's data only",
    });
  }
}

/** 503 PPS.0503: the key could not be checked (the database is unreachable); the client may retry. */
export class ApiKeyCheckUnavailableError extends DomainError {
  constructor() {
    super('unavailable', 'PPS.0503', {
      zh: '暂时无法验证 API 密钥，请稍后重试',
      en: 'The API key cannot be checked at the moment; retry the request',
    });
  }
}

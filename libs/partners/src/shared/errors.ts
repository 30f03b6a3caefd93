import { DomainError } from '@pps/platform';

export class PartnerNotFoundError extends DomainError {
  constructor(id: string) {
    super('not_found', 'PPS.0404', { zh: `合作伙伴不存在: ${id}`, en: `Partner not found: ${id}` }, { partnerId: id });
  }
}

export class CustomerNotFoundError extends DomainError {
  constructor(id: string) {
    super('not_found', 'PPS.0404', { zh: `客户不存在: ${id}`, en: `Customer not found: ${id}` }, { customerId: id });
  }
}

/** A partner key reaching for another partner's data, found inside a use case. */
export class NotYourPartnerError extends DomainError {
  constructor() {
    super('forbidden', 'PPS.0014', {
      zh: '合作伙伴密钥只能操作本合作伙伴的数据',
      en: "A partner key may act on its own partner's data only",
    });
  }
}

export class InvalidReferenceError extends DomainError {
  constructor(field: string, message: string) {
    super('bad_input', 'CBC.0100', { zh: `参数错误: ${field}`, en: message }, [{ field, problems: [message] }]);
  }
}

/**
 * A partner key asking to associate an existing customer: a customer becomes a partner's by its own
 * consent (accepting the partner's invitation), by being created through the partner, or by the
 * platform — never by the partner's word alone.
 */
export class AssociationNeedsConsentError extends DomainError {
  constructor() {
    super('forbidden', 'PPS.0015', {
      zh: '合作伙伴不能自行关联已有客户：请通过报备邀请客户，或通过 POST /v1/customers 创建客户',
      en: 'A partner cannot associate an existing customer on its own word: invite it (deal registration) or create it through POST /v1/customers',
    });
  }
}

/** A partner key setting what only the platform knows about a customer (its flags, when it registered). */
export class PlatformFieldError extends DomainError {
  constructor(fields: string[]) {
    super(
      'forbidden',
      'PPS.0016',
      {
        zh: `合作伙伴密钥不能设置: ${fields.join(', ')}`,
        en: `A partner key may not set ${fields.join(', ')}: the platform records them`,
      },
      { fields },
    );
  }
}

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

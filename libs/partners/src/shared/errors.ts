import {
  BadInputError,
  CatalogueError,
  DomainError,
  type ErrorDefinition,
  type LocalizedMessage,
  type NamedThing,
} from '@pps/platform';

/**
 * The partners library's errors catalogue: every code its use cases answer with, defined once with
 * its kind and both messages. The reasons of a policy denial come from the rule files (data, not
 * entries here); a denial without a reason answers `policyDenied`. Unknown records are the
 * platform's `NotFoundError` (PPS.0404), another partner's data its `PartnerScopeError` (PPS.0014).
 */
export const PARTNERS_ERROR = {
  /**
   * A partner key asking to associate an existing customer: a customer becomes a partner's by its
   * own consent (accepting the partner's invitation), by being created through the partner, or by
   * the platform — never by the partner's word alone.
   */
  associationNeedsConsent: {
    code: 'PPS.0015',
    kind: 'forbidden',
    messages: {
      zh: '合作伙伴不能自行关联已有客户：请通过报备邀请客户，或通过 POST /v1/customers 创建客户',
      en: 'A partner cannot associate an existing customer on its own word: invite it (deal registration) or create it through POST /v1/customers',
    },
  },
  /** A partner key setting what only the platform knows about a customer (its flags, when it registered). */
  platformField: {
    code: 'PPS.0016',
    kind: 'forbidden',
    messages: {
      zh: '合作伙伴密钥不能设置: {fields}',
      en: 'A partner key may not set {fields}: the platform records them',
    },
  },
  /** Associating a customer with the partner it is already associated with (409 PPS.0409 until #18). */
  alreadyAssociated: {
    code: 'PPS.0018',
    kind: 'conflict',
    messages: {
      zh: '客户已关联本合作伙伴',
      en: 'The customer is already associated with this partner; switch the mode instead',
    },
  },
  /** A denial whose outcome gives no reason (the rule files' reasons carry their own codes). */
  policyDenied: { code: 'PPS.0020', kind: 'policy_denied', messages: { zh: '策略拒绝', en: 'Denied by policy' } },
  associationEnded: {
    code: 'PPS.0410',
    kind: 'conflict',
    messages: { zh: '关联已解除', en: 'This association has ended' },
  },
  payoutNotPending: {
    code: 'PPS.2010',
    kind: 'conflict',
    messages: { zh: '该提现已处理（{status}）', en: 'This payout is not pending (it is {status})' },
  },
  platformGrantUnsupported: {
    code: 'PPS.4015',
    kind: 'conflict',
    messages: {
      zh: '生效的 voucher-issuance {version} 版本不支持平台发放代金券额度',
      en: 'voucher-issuance {version} in force does not decide platform grants of voucher quota (1.2.0 and later do)',
    },
  },
  voucherReclaimed: {
    code: 'PPS.4020',
    kind: 'conflict',
    messages: { zh: '代金券已回收', en: 'This voucher was already reclaimed' },
  },
  /** The vendor's "no report data" (消费子表数据为空): a consumption window without a record. */
  noReportData: { code: 'CBC.8005', kind: 'not_found', messages: { zh: '消费子表数据为空', en: 'No report data' } },
} as const satisfies Record<string, ErrorDefinition>;

/** Every code the partners library defines (the error-catalogue test enumerates these lists). */
export const PARTNERS_ERRORS: readonly ErrorDefinition[] = Object.values(PARTNERS_ERROR);

/** What `NotFoundError` names for a partner: "Partner not found: …", `details: { partnerId }`. */
export const PARTNER: NamedThing = { zh: '合作伙伴', en: 'Partner', idField: 'partnerId' };
/** What `NotFoundError` names for a customer: "Customer not found: …", `details: { customerId }`. */
export const CUSTOMER: NamedThing = { zh: '客户', en: 'Customer', idField: 'customerId' };

/** CBC.0100 naming one field of the request that refers to something unusable. */
export class InvalidReferenceError extends BadInputError {
  constructor(field: string, message: string) {
    super(message, [{ field, problems: [message] }], `参数错误: ${field}`);
  }
}

export class AssociationNeedsConsentError extends CatalogueError {
  constructor() {
    super(PARTNERS_ERROR.associationNeedsConsent);
  }
}

export class PlatformFieldError extends CatalogueError {
  constructor(fields: string[]) {
    super(PARTNERS_ERROR.platformField, { params: { fields: fields.join(', ') }, details: { fields } });
  }
}

export class AlreadyAssociatedError extends CatalogueError {
  constructor(associationId: string) {
    super(PARTNERS_ERROR.alreadyAssociated, { details: { associationId } });
  }
}

export class AssociationEndedError extends CatalogueError {
  constructor(associationId: string) {
    super(PARTNERS_ERROR.associationEnded, { details: { associationId } });
  }
}

export class PayoutNotPendingError extends CatalogueError {
  constructor(status: string) {
    super(PARTNERS_ERROR.payoutNotPending, { params: { status }, details: { status } });
  }
}

/** The voucher-issuance version in force (before 1.2.0) does not decide platform grants. */
export class PlatformGrantUnsupportedError extends CatalogueError {
  constructor(version: string) {
    super(PARTNERS_ERROR.platformGrantUnsupported, { params: { version } });
  }
}

export class VoucherReclaimedError extends CatalogueError {
  constructor() {
    super(PARTNERS_ERROR.voucherReclaimed);
  }
}

export class NoReportDataError extends CatalogueError {
  constructor() {
    super(PARTNERS_ERROR.noReportData);
  }
}

/**
 * A policy denial: the decision was recorded and committed; nothing else changed. The code and
 * message are the rule file's reason (data), or `PARTNERS_ERROR.policyDenied` when it gives none.
 */
export class PolicyDeniedError extends DomainError {
  constructor(code: string, message: LocalizedMessage, decisionId: string, details?: unknown) {
    super('policy_denied', code, message, details, decisionId);
  }
}

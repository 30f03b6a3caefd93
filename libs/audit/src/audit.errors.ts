import { CatalogueError, type ErrorDefinition, type LocalizedMessage } from '@pps/platform';
import type { ImpactLimits } from './impact';

/** The audit library's errors catalogue: every code it answers with, defined once with its kind and both messages. */
const AUDIT_ERROR = {
  /** The window of an impact (or shadow report) holds more decisions than one examines, or took too long. */
  impactWindowTooLarge: {
    code: 'PPS.0031',
    kind: 'policy_denied',
    messages: {
      zh: '窗口内的决策超过 {maxDecisions} 条：请缩小 from/to',
      en: 'The window holds more than {maxDecisions} decisions of this rule set: narrow from/to',
    },
  },
  changeRequestDecided: {
    code: 'PPS.0034',
    kind: 'conflict',
    messages: { zh: '变更请求 {id} 已{status}', en: 'Change request {id} is already {status}' },
  },
  selfApproval: {
    code: 'PPS.0036',
    kind: 'forbidden',
    messages: {
      zh: '变更请求须由另一位管理员批准或拒绝',
      en: 'A change request is approved or rejected by another admin key than the one that requested it',
    },
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Every code the audit library defines (the error-catalogue test enumerates these lists). */
export const AUDIT_ERRORS: readonly ErrorDefinition[] = Object.values(AUDIT_ERROR);

/** PPS.0031 worded for the time limit. */
const IMPACT_TOOK_TOO_LONG: LocalizedMessage = {
  zh: '影响分析超过 {maxSeconds} 秒：请缩小 from/to',
  en: 'The impact took longer than {maxSeconds} s: narrow from/to',
};

/** 422 PPS.0031: the window holds more decisions than one impact examines, or took too long. */
export class ImpactWindowTooLargeError extends CatalogueError {
  constructor(limit: 'size' | 'time', limits: ImpactLimits) {
    const details = { limit, maxDecisions: limits.maxDecisions, maxSeconds: limits.maxMillis / 1000 };
    super(AUDIT_ERROR.impactWindowTooLarge, {
      messages: limit === 'time' ? IMPACT_TOOK_TOO_LONG : undefined,
      params: { maxDecisions: details.maxDecisions, maxSeconds: details.maxSeconds },
      details,
    });
  }
}

/** A change request is decided by another admin key than the one that requested it. */
export class SelfApprovalError extends CatalogueError {
  constructor() {
    super(AUDIT_ERROR.selfApproval);
  }
}

export class ChangeRequestDecidedError extends CatalogueError {
  constructor(id: string, status: string) {
    super(AUDIT_ERROR.changeRequestDecided, {
      params: { id, status: { zh: status === 'approved' ? '批准' : '拒绝', en: status } },
      details: { id, status },
    });
  }
}

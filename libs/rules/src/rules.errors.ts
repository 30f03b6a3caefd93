import { CatalogueError, type ErrorDefinition } from '@pps/platform/core';
import type { RuleProblem } from './rule-file.types';

/**
 * The rules library's errors catalogue: every code it answers with, defined once with its kind and
 * both messages — the version store, activations, shadows, staleness and the contracts with the
 * code. (Codes in rule files — the reasons of an outcome — are data, not entries here; a bad fact
 * or rule file is the platform's CBC.0100, `rule-errors.ts`.) It loads neither NestJS nor pg, so
 * `@pps/rules/files` may use it.
 */
const RULES_ERROR = {
  unknownRuleSet: {
    code: 'PPS.0021',
    kind: 'not_found',
    messages: { zh: '规则集不存在或未激活: {ruleSet}', en: 'No active version of rule set {ruleSet}' },
  },
  unknownRuleVersion: {
    code: 'PPS.0022',
    kind: 'not_found',
    messages: { zh: '规则版本不存在: {ruleSet}@{version}', en: 'No version {version} of rule set {ruleSet}' },
  },
  versionConflict: {
    code: 'PPS.0024',
    kind: 'conflict',
    messages: {
      zh: '{ruleSet}@{version} 已以不同内容发布；请使用新版本号',
      en: '{ruleSet}@{version} is already published with other content; a change needs a new version',
    },
  },
  noPreviousVersion: {
    code: 'PPS.0025',
    kind: 'conflict',
    messages: { zh: '{ruleSet} 没有可回滚的上一版本', en: '{ruleSet} has no previous version to roll back to' },
  },
  noShadow: {
    code: 'PPS.0032',
    kind: 'not_found',
    messages: { zh: '{ruleSet} 没有影子版本', en: '{ruleSet} has no shadow version' },
  },
  shadowIsActive: {
    code: 'PPS.0033',
    kind: 'conflict',
    messages: {
      zh: '{ruleSet}@{version} 已是生效版本，不能作为影子版本',
      en: '{ruleSet}@{version} is the active version; a shadow must be another version',
    },
  },
  policyStale: {
    code: 'PPS.0035',
    kind: 'unavailable',
    messages: {
      zh: '本实例的规则版本可能已过期，暂不做决定: {reason}',
      en: "This instance's rule versions may be stale, so it does not decide: {reason}",
    },
  },
  contractOutcome: {
    code: 'PPS.0510',
    kind: 'internal',
    messages: {
      zh: '内部错误: 规则集 {ruleSet}@{version} 的结果违反契约',
      en: 'Internal error: the outcome of rule set {ruleSet}@{version} break its contract with the code: {problems}',
    },
  },
  contractFacts: {
    code: 'PPS.0511',
    kind: 'internal',
    messages: {
      zh: '内部错误: 规则集 {ruleSet}@{version} 的事实违反契约',
      en: 'Internal error: the facts of rule set {ruleSet}@{version} break its contract with the code: {problems}',
    },
  },
  contractParameters: {
    code: 'PPS.0512',
    kind: 'internal',
    messages: {
      zh: '内部错误: 规则集 {ruleSet}@{version} 的参数违反契约',
      en: 'Internal error: the parameters of rule set {ruleSet}@{version} break its contract with the code: {problems}',
    },
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Every code the rules library defines (the error-catalogue test enumerates these lists). */
export const RULES_ERRORS: readonly ErrorDefinition[] = Object.values(RULES_ERROR);

/** 404 PPS.0021: the rule set has no active version (or no version at all). */
export class UnknownRuleSetError extends CatalogueError {
  constructor(ruleSet: string) {
    super(RULES_ERROR.unknownRuleSet, { params: { ruleSet }, details: { ruleSet } });
  }
}

/** 404 PPS.0022: the rule set has no stored version of that number. */
export class UnknownRuleVersionError extends CatalogueError {
  constructor(ruleSet: string, version: string) {
    super(RULES_ERROR.unknownRuleVersion, { params: { ruleSet, version }, details: { ruleSet, version } });
  }
}

/** 409 PPS.0024: the version number is already published with other content (a published version never changes). */
export class VersionConflictError extends CatalogueError {
  constructor(ruleSet: string, version: string, storedContentHash: string | null, contentHash: string) {
    super(RULES_ERROR.versionConflict, {
      params: { ruleSet, version },
      details: { ruleSet, version, storedContentHash, contentHash },
    });
  }
}

/** 409 PPS.0025: the active version replaced none, so there is nothing to roll back to. */
export class NoPreviousVersionError extends CatalogueError {
  constructor(ruleSet: string) {
    super(RULES_ERROR.noPreviousVersion, { params: { ruleSet }, details: { ruleSet } });
  }
}

/** 404 PPS.0032: the rule set has no shadow version. */
export class NoShadowError extends CatalogueError {
  constructor(ruleSet: string) {
    super(RULES_ERROR.noShadow, { params: { ruleSet }, details: { ruleSet } });
  }
}

/** 409 PPS.0033: the version asked for as the shadow is the active one. */
export class ShadowIsActiveError extends CatalogueError {
  constructor(ruleSet: string, version: string) {
    super(RULES_ERROR.shadowIsActive, { params: { ruleSet, version }, details: { ruleSet, version } });
  }
}

/** 503 PPS.0035: this instance may decide with a stale version, so gated operations fail closed. */
export class PolicyStaleError extends CatalogueError {
  constructor(reason: string) {
    super(RULES_ERROR.policyStale, { params: { reason }, details: { reason } });
  }
}

export type ContractViolationKind = 'facts' | 'outcome' | 'parameters';

const CONTRACT_VIOLATION: Record<ContractViolationKind, ErrorDefinition> = {
  facts: RULES_ERROR.contractFacts,
  outcome: RULES_ERROR.contractOutcome,
  parameters: RULES_ERROR.contractParameters,
};

/**
 * A server-side fault (500 PPS.0510–0512, never a client's 400): at run time the facts the server
 * built, the outcome of the version in force or its parameters broke the rule set's contract — a
 * version stored before contracts were checked, or a bug. Thrown inside the transaction, so it
 * rolls back: nothing moves and no decision is recorded.
 */
export class RuleContractViolationError extends CatalogueError {
  constructor(
    readonly violation: ContractViolationKind,
    readonly ruleSet: string,
    readonly version: string,
    readonly problems: RuleProblem[],
  ) {
    super(CONTRACT_VIOLATION[violation], {
      params: { ruleSet, version, problems: problems.map((p) => `${p.path} ${p.message}`).join('; ') },
      details: { ruleSet, version, violation, problems },
    });
    this.name = 'RuleContractViolationError';
  }
}

/** A stored version whose content does not hash to its key: the version store was altered (500). */
export class VersionStoreTamperedError extends Error {
  constructor(readonly contentHash: string) {
    super(`rule_versions row ${contentHash} does not hash to its key`);
    this.name = 'VersionStoreTamperedError';
  }
}

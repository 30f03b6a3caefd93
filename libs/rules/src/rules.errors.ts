import { ConflictError, DomainError } from '@pps/platform/core';

/**
 * The errors of the rule versions at run time: the version store, activations, shadows and
 * staleness. (The rule-file errors — CBC.0100 invalid file, invalid facts — are in rule-errors.ts,
 * part of `@pps/rules/files`.)
 */

/** 404 PPS.0021: the rule set has no active version (or no version at all). */
export class UnknownRuleSetError extends DomainError {
  constructor(ruleSet: string) {
    super(
      'not_found',
      'PPS.0021',
      { zh: `规则集不存在或未激活: ${ruleSet}`, en: `No active version of rule set ${ruleSet}` },
      { ruleSet },
    );
  }
}

/** 404 PPS.0022: the rule set has no stored version of that number. */
export class UnknownRuleVersionError extends DomainError {
  constructor(ruleSet: string, version: string) {
    super(
      'not_found',
      'PPS.0022',
      { zh: `规则版本不存在: ${ruleSet}@${version}`, en: `No version ${version} of rule set ${ruleSet}` },
      { ruleSet, version },
    );
  }
}

/** 409 PPS.0024: the version number is already published with other content (a published version never changes). */
export class VersionConflictError extends ConflictError {
  constructor(ruleSet: string, version: string, storedContentHash: string | null, contentHash: string) {
    super(
      'PPS.0024',
      {
        zh: `${ruleSet}@${version} 已以不同内容发布；请使用新版本号`,
        en: `${ruleSet}@${version} is already published with other content; a change needs a new version`,
      },
      { ruleSet, version, storedContentHash, contentHash },
    );
  }
}

/** 409 PPS.0025: the active version replaced none, so there is nothing to roll back to. */
export class NoPreviousVersionError extends ConflictError {
  constructor(ruleSet: string) {
    super(
      'PPS.0025',
      { zh: `${ruleSet} 没有可回滚的上一版本`, en: `${ruleSet} has no previous version to roll back to` },
      { ruleSet },
    );
  }
}

/** 404 PPS.0032: the rule set has no shadow version. */
export class NoShadowError extends DomainError {
  constructor(ruleSet: string) {
    super(
      'not_found',
      'PPS.0032',
      { zh: `${ruleSet} 没有影子版本`, en: `${ruleSet} has no shadow version` },
      { ruleSet },
    );
  }
}

/** 409 PPS.0033: the version asked for as the shadow is the active one. */
export class ShadowIsActiveError extends ConflictError {
  constructor(ruleSet: string, version: string) {
    super(
      'PPS.0033',
      {
        zh: `${ruleSet}@${version} 已是生效版本，不能作为影子版本`,
        en: `${ruleSet}@${version} is the active version; a shadow must be another version`,
      },
      { ruleSet, version },
    );
  }
}

/** 503 PPS.0035: this instance may decide with a stale version, so gated operations fail closed. */
export class PolicyStaleError extends DomainError {
  constructor(reason: string) {
    super(
      'unavailable',
      'PPS.0035',
      {
        zh: `本实例的规则版本可能已过期，暂不做决定: ${reason}`,
        en: `This instance's rule versions may be stale, so it does not decide: ${reason}`,
      },
      { reason },
    );
  }
}

/** A stored version whose content does not hash to its key: the version store was altered (500). */
export class VersionStoreTamperedError extends Error {
  constructor(readonly contentHash: string) {
    super(`rule_versions row ${contentHash} does not hash to its key`);
    this.name = 'VersionStoreTamperedError';
  }
}

import { BadInputError } from '@pps/platform/core';
import type { RuleProblem } from './rule-file.types';

export interface FactProblem {
  fact: string;
  message: string;
}

/**
 * CBC.0100: the facts given to a rule set do not match its declared facts (a missing required
 * fact, a wrong type, an undeclared fact). Thrown before evaluation, so a caller's mistake is
 * never mistaken for a policy denial. The message names every fact at fault.
 */
export class FactValidationError extends BadInputError {
  constructor(
    readonly ruleSet: string,
    readonly problems: FactProblem[],
  ) {
    super(
      `invalid facts for rule set ${ruleSet}: ${problems.map((p) => `${p.fact} ${p.message}`).join('; ')}`,
      { ruleSet, facts: problems },
      `参数错误: 规则集 ${ruleSet} 的事实无效: ${problems.map((p) => p.fact).join(', ')}`,
    );
    this.name = 'FactValidationError';
  }
}

/** CBC.0100: a rule file with problems cannot be compiled; `details.problems` lists all of them. */
export class RuleFileInvalidError extends BadInputError {
  constructor(readonly problems: RuleProblem[]) {
    super(
      `invalid rule file: ${problems.length} problem(s); first: ${problems[0] ? `${problems[0].path}: ${problems[0].message}` : 'unknown'}`,
      { problems },
      `参数错误: 规则文件无效 (${problems.length} 个问题)`,
    );
    this.name = 'RuleFileInvalidError';
  }
}

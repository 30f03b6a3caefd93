import { type Sql } from '@pps/platform';
import { Injectable } from '@nestjs/common';
import { PolicyRegistry } from '@pps/rules';
import type { Outcome, Reason, RuleResult } from '@pps/rules';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { TransactionRunner } from '../shared/transaction-runner';

export interface CheckResult {
  decision_id: string;
  ruleSet: string;
  version: string;
  contentHash: string;
  outcome: Outcome;
  reasons: Reason[];
  matchedRules: string[];
  results: RuleResult[];
}

/**
 * A recorded policy check (`POST /v1/rule-sets/:ruleSet/evaluate`): the facts are evaluated by the
 * active version (or a stored one) and the decision is recorded like any other; no money moves, and
 * a deny is an answer, not an error.
 */
@Injectable()
export class PolicyChecksService {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly gate: PolicyGate,
    private readonly policy: PolicyRegistry,
  ) {}

  async check(
    ctx: RequestContext,
    ruleSet: string,
    facts: Record<string, unknown>,
    version?: string,
  ): Promise<CheckResult> {
    const compiled = version ? await this.policy.byVersion(ruleSet, version) : this.policy.activeVersion(ruleSet);
    const record = async (em: Sql): Promise<CheckResult> => {
      const d = await this.gate.check(em, ctx, compiled, facts, { operation: 'check' });
      const e = d.evaluation;
      return {
        decision_id: d.decisionId,
        ruleSet: e.ruleSet,
        version: e.version,
        contentHash: e.contentHash,
        outcome: e.outcome,
        reasons: e.reasons,
        matchedRules: e.matchedRules,
        results: e.results,
      };
    };
    // A check writes one row: without an Idempotency-Key that single INSERT is its own transaction
    // (no BEGIN/COMMIT round trips); with a key it runs in the runner like every other operation.
    if (ctx.idempotencyKey === undefined) return record(this.runner.reader());
    return this.runner.run(
      ctx,
      { operation: 'policy.check', input: { ruleSet, facts, version: version ?? null } },
      record,
    );
  }
}

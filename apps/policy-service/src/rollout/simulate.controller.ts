import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { BadInputError, DomainError, Roles } from '@pps/platform';
import {
  type CompiledRuleSet,
  compileDraft,
  NoShadowError,
  type Outcome,
  PolicyRegistry,
  type Reason,
  type RuleResult,
  ShadowRegistry,
} from '@pps/rules';
import { SimulateDto, type SimulateTargetDto } from './rollout.dto';

export interface SimulatedOutcome {
  target: { kind: SimulateTargetDto['kind']; version: string | null };
  version: string;
  contentHash: string;
  outcome: Outcome | null;
  reasons: Reason[];
  matchedRules: string[];
  results: RuleResult[];
  /** The facts were refused by this version (e.g. it declares a fact not given). */
  error: { code: string; message: string } | null;
  /** Its outcome or reasons differ from the first target's. */
  differsFromFirst: boolean;
}

/** The console's simulator: facts against several versions side by side, with every condition; records nothing. */
@ApiTags('policy')
@Controller('v1/rule-sets')
export class SimulateController {
  constructor(
    private readonly policy: PolicyRegistry,
    private readonly shadows: ShadowRegistry,
  ) {}

  @Post(':ruleSet/simulate')
  @HttpCode(200)
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary:
      'Evaluate facts against the active, the shadow, stored or uploaded versions side by side, condition by condition; nothing is recorded, no money moves',
  })
  async simulate(
    @Param('ruleSet') ruleSet: string,
    @Body() body: SimulateDto,
  ): Promise<{ ruleSet: string; results: SimulatedOutcome[] }> {
    const compiled: CompiledRuleSet[] = [];
    for (const [i, target] of body.targets.entries()) compiled.push(await this.resolve(ruleSet, target, i));
    let first: { outcome: unknown; reasons: string } | undefined;
    const results = compiled.map((c, i): SimulatedOutcome => {
      const target = { kind: body.targets[i].kind, version: body.targets[i].version ?? null };
      const base = { target, version: c.version, contentHash: c.contentHash };
      let out: SimulatedOutcome;
      try {
        const e = c.evaluate(body.facts);
        out = {
          ...base,
          outcome: e.outcome,
          reasons: e.reasons,
          matchedRules: e.matchedRules,
          results: e.results,
          error: null,
          differsFromFirst: false,
        };
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        out = {
          ...base,
          outcome: null,
          reasons: [],
          matchedRules: [],
          results: [],
          error: { code: e.code, message: e.messages.en },
          differsFromFirst: false,
        };
      }
      const key = { outcome: out.outcome, reasons: out.reasons.map((r) => r.code).join(',') };
      if (i === 0) first = key;
      else out.differsFromFirst = JSON.stringify(key) !== JSON.stringify(first);
      return out;
    });
    return { ruleSet, results };
  }

  private async resolve(ruleSet: string, target: SimulateTargetDto, i: number): Promise<CompiledRuleSet> {
    switch (target.kind) {
      case 'active':
        return this.policy.activeVersion(ruleSet);
      case 'shadow': {
        const shadow = this.shadows.current(ruleSet);
        if (!shadow) throw new NoShadowError(ruleSet);
        return shadow.compiled;
      }
      case 'stored':
        if (!target.version)
          throw new BadInputError(`Invalid request: targets[${i}].version is required for a stored version`, [
            { field: `targets[${i}].version`, problems: ['required for kind stored'] },
          ]);
        return this.policy.byVersion(ruleSet, target.version);
      case 'uploaded':
        if (!target.file)
          throw new BadInputError(`Invalid request: targets[${i}].file is required for an uploaded version`, [
            { field: `targets[${i}].file`, problems: ['required for kind uploaded'] },
          ]);
        return compileDraft(ruleSet, target.file);
    }
  }
}

import { Database } from '@pps/platform';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  decisionFacts,
  findShadow,
  IMPACT_MONEY_SOURCE,
  type ImpactMoneySource,
  jsonEqual,
  shadowMoneyOf,
  shadowReport,
  type ShadowReport,
} from '@pps/audit';
import { type Caller, CurrentCaller, NotFoundError, Roles } from '@pps/platform';
import { evaluateUnderContract, PolicyRegistry, ShadowRegistry, shadowFailureReason } from '@pps/rules';
import { toWindow, WindowQueryDto } from '../decisions/decisions.dto';
import { UuidPipe } from '../shared/request-context.decorator';
import { ReasonDto, SetShadowDto } from './rollout.dto';

/** Shadow versions: set, clear, look, and the report of what the shadow did on live traffic. */
@ApiTags('policy')
@Controller('v1/rule-sets')
export class ShadowController {
  constructor(
    private readonly shadows: ShadowRegistry,
    private readonly policy: PolicyRegistry,
    private readonly em: Database,
    @Inject(IMPACT_MONEY_SOURCE) private readonly moneySource: ImpactMoneySource,
  ) {}

  @Get(':ruleSet/shadow')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: 'The shadow version in force (or null) and the shadow history' })
  async current(@Param('ruleSet') ruleSet: string) {
    await this.policy.versions(ruleSet); // 404 for an unknown rule set
    const s = this.shadows.current(ruleSet);
    return {
      ruleSet,
      shadow: s
        ? { version: s.compiled.version, contentHash: s.compiled.contentHash, since: s.change.changedAt }
        : null,
      history: await this.shadows.history(ruleSet),
    };
  }

  @Post(':ruleSet/shadow')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Set a shadow version: every evaluation of the rule set also evaluates it on the same facts and stores its outcome beside the decision, never changing it; every instance follows within a second',
  })
  set(@Param('ruleSet') ruleSet: string, @Body() body: SetShadowDto, @CurrentCaller() caller: Caller) {
    return this.shadows.set(ruleSet, body.version, body.reason, caller.keyId);
  }

  @Delete(':ruleSet/shadow')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Stop the shadow version (kept in the history)' })
  clear(@Param('ruleSet') ruleSet: string, @Body() body: ReasonDto, @CurrentCaller() caller: Caller) {
    return this.shadows.clear(ruleSet, body.reason, caller.keyId);
  }

  @Get(':ruleSet/shadow/report')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary:
      'What the shadow did on live traffic in the window: counts by active → shadow outcome and reason, samples, failures, and the money difference per partner and in total',
  })
  async report(@Param('ruleSet') ruleSet: string, @Query() query: WindowQueryDto): Promise<ShadowReport> {
    await this.policy.versions(ruleSet);
    return shadowReport(this.em, this.moneySource, ruleSet, toWindow(query));
  }
}

/** The shadow outcome stored beside one decision, replayed against the exact shadow version. */
@ApiTags('audit')
@Controller('v1/decisions')
export class DecisionShadowController {
  constructor(
    private readonly policy: PolicyRegistry,
    private readonly em: Database,
    @Inject(IMPACT_MONEY_SOURCE) private readonly moneySource: ImpactMoneySource,
  ) {}

  @Get(':id/shadow')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary:
      'What the shadow version decided for this decision (or why it failed), what it would have moved differently (amount and accounts), and the same shadow version replayed on the stored facts',
  })
  async get(@Param('id', UuidPipe) id: string) {
    const db = this.em;
    const shadow = await findShadow(db, id);
    if (!shadow) throw new NotFoundError('Shadow outcome of decision', id);
    const facts = (await decisionFacts(db, id))!;
    const compiled = await this.policy.byContentHash(shadow.contentHash);
    if (!compiled) throw new NotFoundError('Shadow version', shadow.contentHash);
    // As the gate ran it: under the rule set's contract when it has one.
    const contract = this.policy.contracts.get(compiled.ruleSet);
    let replayed: { status: 'evaluated' | 'failed'; outcome?: unknown; reasons?: unknown; error?: string };
    try {
      const e = contract
        ? evaluateUnderContract(contract, compiled, facts as never).evaluation
        : compiled.evaluate(facts);
      replayed = { status: 'evaluated', outcome: e.outcome, reasons: e.reasons.map((r) => ({ code: r.code })) };
    } catch (e) {
      replayed = { status: 'failed', error: shadowFailureReason(e) };
    }
    const match =
      replayed.status === shadow.status &&
      (shadow.status === 'failed'
        ? replayed.error === shadow.error
        : jsonEqual(replayed.outcome, shadow.outcome) &&
          jsonEqual(
            replayed.reasons,
            (shadow.reasons ?? []).map((r) => ({ code: r.code })),
          ));
    return { ...shadow, money: await shadowMoneyOf(db, this.moneySource, id), replay: { ...replayed, match } };
  }
}

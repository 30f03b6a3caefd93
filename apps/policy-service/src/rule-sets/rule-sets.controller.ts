import { Database } from '@pps/platform';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PolicyChecksService, type RequestContext } from '@pps/partners';
import { ChangeRequests } from '@pps/audit';
import { APP_CONFIG, type AppConfig, type Caller, CurrentCaller, Roles, runIdempotent } from '@pps/platform';
import { contractJsonSchema, PolicyRegistry, UnknownRuleSetError } from '@pps/rules';
import { Ctx } from '../shared/request-context.decorator';
import { ActivateDto, EvaluateDto, RollbackDto } from './rule-sets.dto';

@ApiTags('policy')
@Controller('v1/rule-sets')
export class RuleSetsController {
  constructor(
    private readonly policy: PolicyRegistry,
    private readonly checks: PolicyChecksService,
    private readonly em: Database,
    private readonly changeRequests: ChangeRequests,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('admin', 'service', 'auditor')
  @ApiOperation({ summary: 'Every rule set with its active version and content hash' })
  list() {
    return this.policy
      .activeRuleSets()
      .map((c) => ({ ruleSet: c.ruleSet, activeVersion: c.version, contentHash: c.contentHash }));
  }

  @Get(':ruleSet/versions')
  @Roles('admin', 'service', 'auditor')
  @ApiOperation({
    summary:
      'The stored versions of a rule set (active, scheduled, superseded, available), hashes, who/when, and the activation history',
  })
  async versions(@Param('ruleSet') ruleSet: string) {
    const view = await this.policy.versions(ruleSet);
    return { ...view, history: await this.changeRequests.annotate(ruleSet, view.history) };
  }

  @Get(':ruleSet/contract')
  @Roles('admin', 'service', 'auditor', 'partner')
  @ApiOperation({
    summary:
      "The rule set's contract with the code as JSON Schema: the facts supplied, the outcome understood, the parameters read, the reason codes",
  })
  contract(@Param('ruleSet') ruleSet: string) {
    const contract = this.policy.contracts.get(ruleSet);
    if (!contract) throw new UnknownRuleSetError(ruleSet);
    return contractJsonSchema(contract);
  }

  @Post(':ruleSet/versions')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Publish a rule file (the body): validated completely, embedded tests must pass; 201 stored, 200 already stored, 409 same version with other content',
  })
  async publish(
    @Param('ruleSet') ruleSet: string,
    @Body() file: Record<string, unknown>,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ) {
    const result = await this.policy.publish(file, caller.keyId, ruleSet);
    reply.status(result.created ? 201 : 200);
    return result;
  }

  @Post(':ruleSet/activate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Activate a stored version now, or schedule it with effectiveFrom; every service process follows within a second. With ACTIVATION_APPROVALS=2: 202 and a change request another admin approves',
  })
  async activate(
    @Param('ruleSet') ruleSet: string,
    @Body() body: ActivateDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    if (this.config.activationApprovals > 1) {
      reply.status(202);
      const { answer } = await runIdempotent(
        this.em,
        { scope: caller.keyId, key: idempotencyKey, request: { operation: 'rule-set.activate', ruleSet, ...body } },
        (tx) =>
          this.changeRequests.request(
            {
              ruleSet,
              kind: 'activate',
              version: body.version,
              reason: body.reason,
              effectiveFrom: body.effectiveFrom ? new Date(body.effectiveFrom) : undefined,
              requestedBy: caller.keyId,
            },
            tx,
          ),
      );
      return answer;
    }
    const { answer } = await runIdempotent(
      this.em,
      { scope: caller.keyId, key: idempotencyKey, request: { operation: 'rule-set.activate', ruleSet, ...body } },
      (tx) =>
        this.policy.activate(
          ruleSet,
          body.version,
          body.reason,
          caller.keyId,
          body.effectiveFrom ? new Date(body.effectiveFrom) : undefined,
          'activate',
          tx,
        ),
    );
    await this.policy.refresh();
    return answer;
  }

  @Post(':ruleSet/rollback')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Activate the version that was active before the current one. With ACTIVATION_APPROVALS=2: 202 and a change request',
  })
  async rollback(
    @Param('ruleSet') ruleSet: string,
    @Body() body: RollbackDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    if (this.config.activationApprovals > 1) {
      reply.status(202);
      const { answer } = await runIdempotent(
        this.em,
        { scope: caller.keyId, key: idempotencyKey, request: { operation: 'rule-set.rollback', ruleSet, ...body } },
        (tx) =>
          this.changeRequests.request(
            { ruleSet, kind: 'rollback', reason: body.reason, requestedBy: caller.keyId },
            tx,
          ),
      );
      return answer;
    }
    const { answer } = await runIdempotent(
      this.em,
      { scope: caller.keyId, key: idempotencyKey, request: { operation: 'rule-set.rollback', ruleSet, ...body } },
      (tx) => this.policy.rollback(ruleSet, body.reason, caller.keyId, tx),
    );
    await this.policy.refresh();
    return answer;
  }

  @Post(':ruleSet/evaluate')
  @HttpCode(200)
  @Roles('admin', 'service')
  @ApiOperation({ summary: 'A recorded policy check: outcome, reasons and per-condition results; no money moves' })
  evaluate(@Param('ruleSet') ruleSet: string, @Body() body: EvaluateDto, @Ctx() ctx: RequestContext) {
    return this.checks.check(ctx, ruleSet, body.facts, body.version);
  }
}

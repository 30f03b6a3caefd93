import { Database } from '@pps/platform';
import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChangeRequests } from '@pps/audit';
import { type Caller, CurrentCaller, Roles, runIdempotent } from '@pps/platform';
import { PolicyRegistry } from '@pps/rules';
import { ReasonDto } from './rollout.dto';

/** Four-eyes activation: the change requests of a rule set, approved or rejected by another admin. */
@ApiTags('policy')
@Controller('v1/rule-sets')
export class ChangeRequestsController {
  constructor(
    private readonly requests: ChangeRequests,
    private readonly policy: PolicyRegistry,
    private readonly em: Database,
  ) {}

  @Get(':ruleSet/change-requests')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary:
      'Activations and rollbacks waiting for (or decided by) a second admin, each with its impact report over the last 30 days and its shadow report',
  })
  async list(@Param('ruleSet') ruleSet: string) {
    await this.policy.versions(ruleSet);
    return { changeRequests: await this.requests.list(ruleSet) };
  }

  @Get(':ruleSet/change-requests/:id')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: 'One change request' })
  get(@Param('ruleSet') ruleSet: string, @Param('id') id: string) {
    return this.requests.get(ruleSet, id);
  }

  @Post(':ruleSet/change-requests/:id/approve')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Approve (another admin key than the requester: else 403): the activation or rollback happens; every instance follows within a second',
  })
  async approve(
    @Param('ruleSet') ruleSet: string,
    @Param('id') id: string,
    @Body() body: ReasonDto,
    @CurrentCaller() caller: Caller,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const { answer } = await runIdempotent(
      this.em,
      {
        scope: caller.keyId,
        key: idempotencyKey,
        request: { operation: 'change-request.approve', ruleSet, id, ...body },
      },
      (tx) => this.requests.approve(ruleSet, id, caller.keyId, body.reason, tx),
    );
    await this.policy.refresh();
    return answer;
  }

  @Post(':ruleSet/change-requests/:id/reject')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Reject (another admin key than the requester: else 403): nothing changes' })
  async reject(
    @Param('ruleSet') ruleSet: string,
    @Param('id') id: string,
    @Body() body: ReasonDto,
    @CurrentCaller() caller: Caller,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const { answer } = await runIdempotent(
      this.em,
      {
        scope: caller.keyId,
        key: idempotencyKey,
        request: { operation: 'change-request.reject', ruleSet, id, ...body },
      },
      (tx) => this.requests.reject(ruleSet, id, caller.keyId, body.reason, tx),
    );
    return answer;
  }
}

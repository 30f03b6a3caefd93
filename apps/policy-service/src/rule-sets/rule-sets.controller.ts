import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { PolicyChecksService, type RequestContext } from '@pps/partners';
import { Roles } from '@pps/platform';
import { PolicyRegistry } from '@pps/rules';
import { IsObject, IsOptional, IsString, Matches } from 'class-validator';
import { Ctx } from '../shared/request-context.decorator';

export class EvaluateDto {
  @ApiProperty({ description: "The facts, as the rule set declares them (money as decimal strings, times as ISO-8601 instants)" })
  @IsObject()
  facts!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'A stored version to evaluate instead of the active one' })
  @IsOptional()
  @IsString()
  @Matches(/^\d+\.\d+\.\d+$/)
  version?: string;
}

@ApiTags('policy')
@Controller('v1/rule-sets')
export class RuleSetsController {
  constructor(
    private readonly policy: PolicyRegistry,
    private readonly checks: PolicyChecksService,
  ) {}

  @Get()
  @Roles('admin', 'service', 'auditor')
  @ApiOperation({ summary: 'Every rule set with its active version and content hash' })
  list() {
    return this.policy.activeRuleSets().map((c) => ({ ruleSet: c.ruleSet, activeVersion: c.version, contentHash: c.contentHash }));
  }

  @Get(':ruleSet/versions')
  @Roles('admin', 'service', 'auditor')
  @ApiOperation({ summary: 'The stored versions of a rule set, with hashes and status' })
  versions(@Param('ruleSet') ruleSet: string) {
    return this.policy.versions(ruleSet);
  }

  @Post(':ruleSet/evaluate')
  @HttpCode(200)
  @Roles('admin', 'service')
  @ApiOperation({ summary: 'A recorded policy check: outcome, reasons and per-condition results; no money moves' })
  evaluate(@Param('ruleSet') ruleSet: string, @Body() body: EvaluateDto, @Ctx() ctx: RequestContext) {
    return this.checks.check(ctx, ruleSet, body.facts, body.version);
  }
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '@pps/platform';
import { diffRuleFiles, PolicyRegistry, type RuleFile, type RuleFileDiff } from '@pps/rules';
import { IsString, Matches } from 'class-validator';

const SEMVER = /^\d+\.\d+\.\d+$/;

export class DiffQueryDto {
  @ApiProperty({ example: '1.0.0', description: 'The stored version to compare from' })
  @IsString()
  @Matches(SEMVER, { message: 'from must be a version like 1.0.0' })
  from!: string;

  @ApiProperty({ example: '1.1.0', description: 'The stored version to compare to' })
  @IsString()
  @Matches(SEMVER, { message: 'to must be a version like 1.1.0' })
  to!: string;
}

export interface VersionDiff extends RuleFileDiff {
  ruleSet: string;
  from: { version: string; contentHash: string };
  to: { version: string; contentHash: string };
}

/** Read-only views of the version store: one stored rule file, and the diff of two (the console reads these). */
@ApiTags('policy')
@Controller('v1/rule-sets')
export class RuleSetVersionsController {
  constructor(private readonly policy: PolicyRegistry) {}

  @Get(':ruleSet/diff')
  @Roles('admin', 'service', 'auditor')
  @ApiOperation({
    summary:
      'What changed between two stored versions: rules, parameters, facts, default and tests added, removed or changed',
  })
  async diff(@Param('ruleSet') ruleSet: string, @Query() query: DiffQueryDto): Promise<VersionDiff> {
    const [from, to] = await Promise.all([
      this.policy.byVersion(ruleSet, query.from),
      this.policy.byVersion(ruleSet, query.to),
    ]);
    return {
      ruleSet,
      from: { version: from.version, contentHash: from.contentHash },
      to: { version: to.version, contentHash: to.contentHash },
      ...diffRuleFiles(from.file, to.file),
    };
  }

  @Get(':ruleSet/versions/:version')
  @Roles('admin', 'service', 'auditor')
  @ApiOperation({
    summary: 'One stored version: the rule file exactly as published (its content hash is in GET …/versions)',
  })
  async file(@Param('ruleSet') ruleSet: string, @Param('version') version: string): Promise<RuleFile> {
    return (await this.policy.byVersion(ruleSet, version)).file;
  }
}

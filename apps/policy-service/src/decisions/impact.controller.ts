import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@pps/audit';
import { Roles } from '@pps/platform';
import { ImpactDto, toWindow } from './decisions.dto';

@ApiTags('policy')
@Controller('v1/rule-sets')
export class ImpactController {
  constructor(private readonly audit: AuditService) {}

  @Post(':ruleSet/impact')
  @HttpCode(200)
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary:
      "Replay a window's decisions of the rule set under a candidate file or stored version: changes by outcome and reason, samples, and money that would move differently",
  })
  impact(@Param('ruleSet') ruleSet: string, @Body() body: ImpactDto) {
    // `candidate` is a rule file or a stored version's string (API.md: `candidate: <rule file> | version`);
    // `version` is the older spelling of the latter. Giving both stays "exactly one of" in the service.
    if (typeof body.candidate === 'string' && body.version === undefined) {
      return this.audit.impact(ruleSet, { version: body.candidate, ...toWindow(body) });
    }
    return this.audit.impact(ruleSet, { candidate: body.candidate, version: body.version, ...toWindow(body) });
  }
}

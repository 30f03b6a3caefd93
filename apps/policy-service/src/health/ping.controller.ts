import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@pps/platform';

/**
 * An authenticated no-op: the same guards, rate limiter, filters and logging as every route, and
 * no work. It is the baseline the HTTP benchmark measures the policy check against.
 */
@ApiTags('operations')
@Controller('v1/ping')
export class PingController {
  @Get()
  @Roles('admin', 'service', 'auditor', 'partner')
  @ApiOperation({ summary: 'Authenticated no-op (any valid key): { ok: true }' })
  ping(): { ok: true } {
    return { ok: true };
  }
}

import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, MikroOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@pps/platform';
import { RulesHealthIndicator } from './rules.health';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: MikroOrmHealthIndicator,
    private readonly rules: RulesHealthIndicator,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database answers a ping and the rule sets are loaded' })
  check() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.rules.check()]);
  }
}

import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, MikroOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@pps/platform';
import { NotReadyError } from '../policy-service.errors';
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
  async check() {
    try {
      return await this.health.check([
        () => this.db.pingCheck('database', { timeout: 2000 }),
        () => this.rules.check(),
      ]);
    } catch (e) {
      // Not ready: say why (which indicator is down, e.g. the rule versions are stale), in the envelope.
      if (!(e instanceof ServiceUnavailableException)) throw e;
      const details = e.getResponse() as { error?: Record<string, { reason?: string }> };
      const why = Object.entries(details.error ?? {})
        .map(([k, v]) => `${k}${v.reason ? `: ${v.reason}` : ' down'}`)
        .join('; ');
      throw new NotReadyError(why, details);
    }
  }
}

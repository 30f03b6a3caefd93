import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@pps/platform';
import { InstanceHeartbeat, type InstanceStatus, SILENT_AFTER_S } from '@pps/rules';

@ApiTags('operations')
@Controller('v1/instances')
export class InstancesController {
  constructor(private readonly heartbeat: InstanceHeartbeat) {}

  @Get()
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: `Every service instance's heartbeat: versions and shadows in force, when it last heard the activation channel; marks instances that lag the store's active version or have not beaten for ${SILENT_AFTER_S} s`,
  })
  async list(): Promise<{ instances: InstanceStatus[] }> {
    return { instances: await this.heartbeat.list() };
  }
}

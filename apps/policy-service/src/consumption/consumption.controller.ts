import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CONSUMPTION_GROUP_BY, ConsumptionService, type ConsumptionGroupBy, type RequestContext } from '@pps/partners';
import { PartnerScope, Roles } from '@pps/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { toWindow, WindowQueryDto } from '../decisions/decisions.dto';
import { Ctx, UuidPipe } from '../shared/request-context.decorator';

export class ConsumptionSummaryQueryDto extends WindowQueryDto {
  @ApiPropertyOptional({
    enum: CONSUMPTION_GROUP_BY,
    default: 'customer',
    description: 'day and month are Beijing-time (Asia/Shanghai) calendar days and months',
  })
  @IsOptional()
  @IsIn([...CONSUMPTION_GROUP_BY])
  groupBy?: ConsumptionGroupBy;
}

export class ConsumptionQueryDto extends WindowQueryDto {
  @ApiPropertyOptional({ description: 'One of the partner’s customers' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ description: "One sub-user account (子用户) of the customers: that user's orders only" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  subUser?: string;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page (opaque)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(400)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

@ApiTags('consumption')
@Controller('v1/partners/:id/consumption')
export class ConsumptionController {
  constructor(private readonly consumption: ConsumptionService) {}

  @Get()
  @Roles('admin', 'service', 'auditor', 'partner')
  @PartnerScope('param:id')
  @ApiOperation({
    summary:
      "Consumption detail (消费明细) of the partner's customers: one record per order placed while associated with the partner, net of refunds, oldest first, keyset-paged; 404 CBC.8005 when the window has none",
  })
  detail(@Param('id', UuidPipe) id: string, @Query() query: ConsumptionQueryDto, @Ctx() ctx: RequestContext) {
    return this.consumption.detail(ctx, id, {
      ...toWindow(query),
      customerId: query.customerId,
      subUser: query.subUser,
      cursor: query.cursor,
      limit: query.limit,
    });
  }

  @Get('summary')
  @Roles('admin', 'service', 'auditor', 'partner')
  @PartnerScope('param:id')
  @ApiOperation({
    summary:
      'Consumption summary (消费汇总) by customer, Beijing day or Beijing month, with asOf; not a bill (bill: false) — the detail is authoritative; 404 CBC.8005 when the window has none',
  })
  summary(@Param('id', UuidPipe) id: string, @Query() query: ConsumptionSummaryQueryDto, @Ctx() ctx: RequestContext) {
    return this.consumption.summary(ctx, id, { ...toWindow(query), groupBy: query.groupBy });
  }
}

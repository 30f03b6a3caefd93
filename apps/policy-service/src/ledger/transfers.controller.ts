import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { TransfersQueryService } from '@pps/ledger';
import { PartnerScope, Roles } from '@pps/platform';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { UuidPipe } from '../shared/request-context.decorator';

export class RecentTransfersQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

/** Transfers with their legs, each naming the decision that authorised it. */
@ApiTags('ledger')
@Controller()
export class TransfersController {
  constructor(private readonly transfers: TransfersQueryService) {}

  @Get('v1/transfers/:id')
  @Roles('admin', 'auditor', 'service')
  @ApiOperation({
    summary: 'One transfer: code, authorising decision, time, and its legs (signed amounts per account)',
  })
  get(@Param('id', UuidPipe) id: string) {
    return this.transfers.get(id);
  }

  @Get('v1/partners/:id/transfers')
  @Roles('admin', 'auditor', 'service', 'partner')
  @PartnerScope('param:id')
  @ApiOperation({
    summary:
      "A partner's most recent transfers (any leg on its accounts), newest first, each with its legs and decision",
  })
  ofPartner(@Param('id', UuidPipe) id: string, @Query() query: RecentTransfersQueryDto) {
    return this.transfers.ofPartner(id, query.limit ?? 20);
  }
}

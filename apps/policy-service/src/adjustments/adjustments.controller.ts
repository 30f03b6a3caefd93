import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsMoney, PartnerScope, Roles } from '@pps/platform';
import { AdjustmentsService, type RequestContext } from '@pps/partners';
import { IsIn, IsUUID } from 'class-validator';
import { Ctx } from '../shared/request-context.decorator';

export class AdjustmentDto {
  @ApiProperty() @IsUUID() partnerId!: string;
  @ApiProperty() @IsUUID() customerId!: string;
  @ApiProperty({ enum: ['allocate', 'reclaim'] }) @IsIn(['allocate', 'reclaim']) operation!: 'allocate' | 'reclaim';
  @ApiProperty({ example: '100.00' }) @IsMoney() amount!: string;
}

@ApiTags('adjustments')
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Controller('v1/adjustments')
export class AdjustmentsController {
  constructor(private readonly adjustments: AdjustmentsService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'service', 'partner')
  @PartnerScope('body:partnerId')
  @ApiOperation({
    summary:
      'Allocate to or reclaim from a resale customer (account-adjustment rule set; 422 CBC.5021/5004/5003 when denied)',
  })
  adjust(@Body() body: AdjustmentDto, @Ctx() ctx: RequestContext) {
    return this.adjustments.adjust(ctx, body);
  }
}

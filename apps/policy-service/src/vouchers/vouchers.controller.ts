import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type RequestContext, VouchersService } from '@pps/partners';
import { IsMoney, PartnerScope, Roles } from '@pps/platform';
import { IsUUID } from 'class-validator';
import { Ctx, UuidPipe } from '../shared/request-context.decorator';

export class GrantQuotaDto {
  @ApiProperty() @IsUUID() distributorId!: string;
  @ApiProperty() @IsUUID() resellerId!: string;
  @ApiProperty({ example: '500.00' }) @IsMoney() amount!: string;
}

export class IssueVoucherDto {
  @ApiProperty() @IsUUID() partnerId!: string;
  @ApiProperty() @IsUUID() customerId!: string;
  @ApiProperty({ example: '50.00' }) @IsMoney() amount!: string;
}

@ApiTags('vouchers')
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Controller('v1')
export class VouchersController {
  constructor(private readonly vouchers: VouchersService) {}

  @Post('voucher-quota-grants')
  @HttpCode(201)
  @Roles('admin', 'service', 'partner')
  @PartnerScope('body:distributorId')
  @ApiOperation({ summary: 'A distributor grants voucher quota to its own reseller (voucher-issuance rule set)' })
  grant(@Body() body: GrantQuotaDto, @Ctx() ctx: RequestContext) {
    return this.vouchers.grantQuota(ctx, body);
  }

  @Post('vouchers')
  @HttpCode(201)
  @Roles('admin', 'service', 'partner')
  @PartnerScope('body:partnerId')
  @ApiOperation({ summary: 'Issue a voucher from the partner quota to its own referral customer' })
  issue(@Body() body: IssueVoucherDto, @Ctx() ctx: RequestContext) {
    return this.vouchers.issue(ctx, body);
  }

  @Post('vouchers/:id/reclaim')
  @HttpCode(200)
  @Roles('admin', 'service', 'partner')
  @ApiOperation({ summary: "Reclaim what is left of a voucher (never a referral customer's: CBC.99000045)" })
  reclaim(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.vouchers.reclaim(ctx, id);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PartnerScope, Roles } from '@pps/platform';
import { PartnersService, type RequestContext } from '@pps/partners';
import { Ctx, UuidPipe } from '../shared/request-context.decorator';
import { CreatePartnerDto, TopUpDto, VoucherQuotaGrantDto } from './partners.dto';

@ApiTags('partners')
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Controller('v1/partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'service')
  @ApiOperation({ summary: 'Create a partner with its accounts' })
  create(@Body() body: CreatePartnerDto, @Ctx() ctx: RequestContext) {
    return this.partners.create(ctx, body);
  }

  @Get(':id')
  @Roles('admin', 'service', 'auditor', 'partner')
  @PartnerScope('param:id')
  @ApiOperation({ summary: 'A partner with its balances (cash, available, incentive, voucher quota)' })
  get(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.partners.get(ctx, id);
  }

  @Post(':id/top-ups')
  @HttpCode(201)
  @Roles('admin', 'service')
  @ApiOperation({ summary: 'Money in: platform funding → partner cash' })
  topUp(@Param('id', UuidPipe) id: string, @Body() body: TopUpDto, @Ctx() ctx: RequestContext) {
    return this.partners.topUp(ctx, id, body.amount);
  }

  @Post(':id/voucher-quota')
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({
    summary:
      "The platform grants voucher quota to a distributor: platform voucher clearing account → the distributor's quota (voucher-issuance rule set, platform_grant)",
  })
  @ApiCreatedResponse({ description: '{ transferId, decision_id, balances }' })
  grantVoucherQuota(@Param('id', UuidPipe) id: string, @Body() body: VoucherQuotaGrantDto, @Ctx() ctx: RequestContext) {
    return this.partners.grantVoucherQuota(ctx, id, body.amount);
  }
}

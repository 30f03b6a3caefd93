import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IncentivesService, PAYOUT_METHODS, type PayoutMethod, type RequestContext } from '@pps/partners';
import { IsInstant, IsMoney, PartnerScope, Roles } from '@pps/platform';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { BankAccountDto } from '../partners/partners.dto';
import { Ctx, UuidPipe } from '../shared/request-context.decorator';

export class AccrueIncentiveDto {
  @ApiProperty() @IsUUID() partnerId!: string;
  @ApiProperty({ example: '120.00' }) @IsMoney() amount!: string;
  @ApiProperty({ enum: ['referral', 'resale'], description: 'The association mode it was earned under' })
  @IsIn(['referral', 'resale'])
  mode!: 'referral' | 'resale';
  @ApiProperty({ example: '2023-10-01T00:00:00Z', description: 'Generation date (an ISO-8601 instant with a zone)' })
  @IsInstant()
  generatedAt!: string;
  @ApiPropertyOptional({ description: 'Earned on a credit purchase the customer has not paid' })
  @IsOptional()
  @IsBoolean()
  frozen?: boolean;
}

export class RequestPayoutDto {
  @ApiProperty({ enum: PAYOUT_METHODS }) @IsIn(PAYOUT_METHODS) method!: PayoutMethod;
  @ApiPropertyOptional({
    type: BankAccountDto,
    description: "For bank_transfer (default: the partner's recorded account)",
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BankAccountDto)
  bankAccount?: BankAccountDto;
}

export class PartnerExitDto {
  @ApiPropertyOptional({ description: 'When the partner left the program (default: now)' })
  @IsOptional()
  @IsInstant()
  exitedAt?: string;
}

@ApiTags('incentives')
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Controller('v1')
export class IncentivesController {
  constructor(private readonly incentives: IncentivesService) {}

  @Post('incentives')
  @HttpCode(201)
  @Roles('admin', 'service')
  @ApiOperation({ summary: 'Accrue an incentive: platform incentive expense → partner incentive account' })
  accrue(@Body() body: AccrueIncentiveDto, @Ctx() ctx: RequestContext) {
    return this.incentives.accrue(ctx, body);
  }

  @Get('incentives/:id')
  @Roles('admin', 'service', 'auditor', 'partner')
  @ApiOperation({ summary: 'An incentive and its status' })
  get(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.incentives.get(ctx, id);
  }

  @Get('incentives/:id/payout-options')
  @Roles('admin', 'service', 'partner')
  @ApiOperation({ summary: 'The payout methods this incentive offers (incentive-payout rule set; recorded)' })
  options(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.incentives.payoutOptions(ctx, id);
  }

  @Post('incentives/:id/payouts')
  @HttpCode(201)
  @Roles('admin', 'service', 'partner')
  @ApiOperation({
    summary: 'Request a payout by a method; final once submitted; bank transfers are reserved until approved',
  })
  payout(@Param('id', UuidPipe) id: string, @Body() body: RequestPayoutDto, @Ctx() ctx: RequestContext) {
    return this.incentives.requestPayout(ctx, id, body);
  }

  @Get('payouts/:id')
  @Roles('admin', 'service', 'auditor', 'partner')
  @ApiOperation({
    summary:
      'A payout and its state (completed, pending, sending, paid, failed, rejected); for an approved bank transfer its bank reference, attempts and the last bank code; the destination account masked but its last 4 digits',
  })
  getPayout(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.incentives.payout(ctx, id);
  }

  @Post('payouts/:id/approve')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Approve a bank-transfer payout: it is sent to the bank (status sending); settled → paid (reserve → platform bank payout), CBC.99007262 → retried with the same bank reference, CBC.99007260 → failed (reserve back to the incentive account)',
  })
  approve(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.incentives.settle(ctx, id, true);
  }

  @Post('payouts/:id/reject')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "Reject a bank-transfer payout: the reserve returns to the partner's incentive account" })
  reject(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.incentives.settle(ctx, id, false);
  }

  @Get('partners/:id/owed-invoices')
  @Roles('admin', 'service', 'auditor', 'partner')
  @PartnerScope('param:id')
  @ApiOperation({ summary: 'Owed-invoice records (记欠票) created by credit_with_owed_invoice payouts' })
  owedInvoices(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.incentives.owedInvoices(ctx, id);
  }

  @Post('partners/:id/exit')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Record that the partner left the program (its incentives are void a year later)' })
  exit(@Param('id', UuidPipe) id: string, @Body() body: PartnerExitDto, @Ctx() ctx: RequestContext) {
    return this.incentives.markExit(ctx, id, body.exitedAt ? new Date(body.exitedAt) : this.incentives.now());
  }
}

import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DealRegistrationsService, type RequestContext } from '@pps/partners';
import { PartnerScope, Roles } from '@pps/platform';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Ctx, UuidPipe } from '../shared/request-context.decorator';

export class ProspectDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ description: 'The prospect company tax id (统一社会信用代码)' })
  @IsString()
  @Matches(/^[0-9A-Za-z-]{5,40}$/)
  taxId!: string;
}

export class RegisterDto {
  @ApiProperty() @IsUUID() partnerId!: string;
  @ApiProperty({ type: ProspectDto }) @IsObject() @ValidateNested() @Type(() => ProspectDto) prospect!: ProspectDto;
}

export class InviteDto {
  @ApiProperty({ enum: ['online', 'offline'] }) @IsIn(['online', 'offline']) channel!: 'online' | 'offline';
}

export class AcceptDto {
  @ApiProperty() @IsUUID() customerId!: string;
  @ApiProperty({ enum: ['referral', 'resale'] }) @IsIn(['referral', 'resale']) mode!: 'referral' | 'resale';
}

@ApiTags('deal registrations')
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Controller('v1')
export class DealRegistrationsController {
  constructor(private readonly registrations: DealRegistrationsService) {}

  @Post('deal-registrations')
  @HttpCode(201)
  @Roles('admin', 'service', 'partner')
  @PartnerScope('body:partnerId')
  @ApiOperation({ summary: 'Register a prospect (pending); refused while another partner holds a live registration' })
  register(@Body() body: RegisterDto, @Ctx() ctx: RequestContext) {
    return this.registrations.register(ctx, body);
  }

  @Get('deal-registrations/:id')
  @Roles('admin', 'service', 'auditor', 'partner')
  @ApiOperation({ summary: 'A deal registration' })
  get(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.registrations.get(ctx, id);
  }

  @Post('deal-registrations/:id/approve')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Approve: exclusive for the validity period (15 days by default)' })
  approve(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.registrations.approve(ctx, id);
  }

  @Post('deal-registrations/:id/invitations')
  @HttpCode(201)
  @Roles('admin', 'service', 'partner')
  @ApiOperation({ summary: 'An invitation link: online expires after 7 days, offline never; each is used once' })
  invite(@Param('id', UuidPipe) id: string, @Body() body: InviteDto, @Ctx() ctx: RequestContext) {
    return this.registrations.invite(ctx, id, body.channel);
  }

  @Post('invitations/:token/accept')
  @HttpCode(201)
  @Roles('admin', 'service')
  @ApiOperation({
    summary: 'The customer accepts: associates it in the requested mode (deal-registration and association rule sets)',
  })
  accept(@Param('token') token: string, @Body() body: AcceptDto, @Ctx() ctx: RequestContext) {
    return this.registrations.accept(ctx, token, body);
  }
}

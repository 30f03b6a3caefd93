import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { PartnerScope, Roles } from '@pps/platform';
import { AssociationsService, type RequestContext } from '@pps/partners';
import { IsIn, IsUUID } from 'class-validator';
import { Ctx, UuidPipe } from '../shared/request-context.decorator';

const MODES = ['referral', 'resale'] as const;

export class AssociateDto {
  @ApiProperty() @IsUUID() partnerId!: string;
  @ApiProperty() @IsUUID() customerId!: string;
  @ApiProperty({ enum: MODES }) @IsIn(MODES) mode!: 'referral' | 'resale';
}

export class SwitchModeDto {
  @ApiProperty({ enum: MODES }) @IsIn(MODES) mode!: 'referral' | 'resale';
}

@ApiTags('associations')
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Controller('v1/associations')
export class AssociationsController {
  constructor(private readonly associations: AssociationsService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'service', 'partner')
  @PartnerScope('body:partnerId')
  @ApiOperation({ summary: 'Associate a customer with a partner in a mode (association rule set; 422 when denied)' })
  associate(@Body() body: AssociateDto, @Ctx() ctx: RequestContext) {
    return this.associations.associate(ctx, body);
  }

  @Post(':id/switch')
  @HttpCode(200)
  @Roles('admin', 'service', 'partner')
  @ApiOperation({ summary: 'Switch the association mode (limited per customer per window)' })
  switchMode(@Param('id', UuidPipe) id: string, @Body() body: SwitchModeDto, @Ctx() ctx: RequestContext) {
    return this.associations.switchMode(ctx, id, body.mode);
  }

  @Post(':id/disassociate')
  @HttpCode(200)
  @Roles('admin', 'service', 'partner')
  @ApiOperation({ summary: "End the association; a resale customer's balance returns to the partner" })
  disassociate(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.associations.disassociate(ctx, id);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInstant, Roles } from '@pps/platform';
import {
  AssociationsService,
  CustomersService,
  InvalidReferenceError,
  PlatformFieldError,
  type RequestContext,
} from '@pps/partners';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Ctx, UuidPipe } from '../shared/request-context.decorator';

export class CustomerFlagsDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() internal?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() directContract?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() liveReservedInstance?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() liveSupportPlan?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() uninvoicedBalance?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() unusedStoredValueCard?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() bonusBalance?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() frozen?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() inArrears?: boolean;
}

export class CreateCustomerDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ description: 'The company tax id: matches deal registrations of this prospect' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Za-z-]{5,40}$/)
  taxId?: string;

  @ApiPropertyOptional({ description: 'When the customer registered with the cloud (default: now)' })
  @IsOptional()
  @IsInstant()
  createdAt?: string;

  @ApiPropertyOptional({ type: CustomerFlagsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerFlagsDto)
  flags?: CustomerFlagsDto;

  @ApiPropertyOptional({
    enum: ['referral', 'resale'],
    description:
      "Partner keys only (and required with one): the customer is created associated with the key's partner in this mode",
  })
  @IsOptional()
  @IsIn(['referral', 'resale'])
  mode?: 'referral' | 'resale';
}

@ApiTags('customers')
@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly associations: AssociationsService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'service', 'partner')
  @ApiOperation({
    summary:
      'Create a customer with its flags and accounts; with a partner key `{ name, mode, taxId? }` creates it associated with that partner (association rule set; 422 when denied)',
  })
  create(@Body() body: CreateCustomerDto, @Ctx() ctx: RequestContext) {
    if (ctx.caller.role === 'partner') {
      const platformOnly = (['flags', 'createdAt'] as const).filter((f) => body[f] !== undefined);
      if (platformOnly.length > 0) throw new PlatformFieldError(platformOnly);
      if (!body.mode)
        throw new InvalidReferenceError('mode', 'mode is required with a partner key (referral or resale)');
      return this.associations.createThroughPartner(ctx, {
        partnerId: ctx.caller.partnerId!,
        name: body.name,
        taxId: body.taxId,
        mode: body.mode,
      });
    }
    if (body.mode !== undefined)
      throw new InvalidReferenceError(
        'mode',
        'mode is for partner keys; associate a customer with POST /v1/associations',
      );
    return this.customers.create(ctx, body);
  }

  @Get(':id')
  @Roles('admin', 'service', 'auditor', 'partner')
  @ApiOperation({ summary: 'A customer with balances and its association (a partner key: its own customers only)' })
  get(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.customers.get(ctx, id);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Roles } from '@pps/platform';
import { CustomersService, type RequestContext } from '@pps/partners';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsISO8601,
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
  @IsISO8601({ strict: true })
  createdAt?: string;

  @ApiPropertyOptional({ type: CustomerFlagsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerFlagsDto)
  flags?: CustomerFlagsDto;
}

@ApiTags('customers')
@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'service')
  @ApiOperation({ summary: 'Create a customer with its flags and accounts' })
  create(@Body() body: CreateCustomerDto, @Ctx() ctx: RequestContext) {
    return this.customers.create(ctx, body);
  }

  @Get(':id')
  @Roles('admin', 'service', 'auditor', 'partner')
  @ApiOperation({ summary: 'A customer with balances and its association (a partner key: its own customers only)' })
  get(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.customers.get(ctx, id);
  }
}

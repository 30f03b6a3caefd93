import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsMoney, Roles } from '@pps/platform';
import { OrdersService, RefundsService, type RequestContext } from '@pps/partners';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { Ctx, UuidPipe } from '../shared/request-context.decorator';

const METHODS = ['online', 'balance', 'voucher', 'partner_paid'] as const;

export class CreateOrderDto {
  @ApiProperty() @IsUUID() customerId!: string;
  @ApiProperty({ example: '100.00' }) @IsMoney() amount!: string;
  @ApiProperty({ enum: METHODS }) @IsIn(METHODS) paymentMethod!: (typeof METHODS)[number];
  @ApiPropertyOptional() @IsOptional() @IsUUID() paidByPartnerId?: string;
  @ApiPropertyOptional({
    example: 'dev-ops-01',
    description:
      "The customer's sub-user account (子用户) that placed the order: 1–64 characters, no control characters",
  })
  @IsOptional()
  @IsString()
  @Matches(/^[^\p{Cc}\s](?:[^\p{Cc}]{0,62}[^\p{Cc}\s])?$/u, {
    message: 'subUser must be 1–64 characters without control characters or surrounding spaces',
  })
  subUser?: string;
}

export class RefundDto {
  @ApiPropertyOptional({ example: '10.00', description: 'Default: all that is left to refund' })
  @IsOptional()
  @IsMoney()
  amount?: string;
}

@ApiTags('orders')
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Controller('v1/orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly refunds: RefundsService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'service', 'partner')
  @ApiOperation({ summary: 'An order paid online, from the balance, by voucher or by the partner (payment rule set)' })
  create(@Body() body: CreateOrderDto, @Ctx() ctx: RequestContext) {
    return this.orders.create(ctx, body);
  }

  @Post(':id/refunds')
  @HttpCode(201)
  @Roles('admin', 'service')
  @ApiOperation({ summary: 'Refund (part of) an order; the refund-destination rule set chooses where the money goes' })
  refund(@Param('id', UuidPipe) id: string, @Body() body: RefundDto, @Ctx() ctx: RequestContext) {
    return this.refunds.refund(ctx, id, body.amount);
  }
}

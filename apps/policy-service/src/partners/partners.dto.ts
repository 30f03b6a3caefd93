import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBankAccountNumber, IsMoney, normalizeBankAccountNumber } from '@pps/platform';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';

export class BankAccountDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  holderName!: string;

  @ApiProperty({
    example: '6222020000000015',
    description:
      'Digits (spaces between groups allowed), 8–30 of them; a UnionPay card number (16–19 digits from 62) must pass its Luhn check digit',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @IsBankAccountNumber()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeBankAccountNumber(value) : value))
  number!: string;
}

export class CreatePartnerDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ['solution_provider', 'reseller', 'distributor'] })
  @IsIn(['solution_provider', 'reseller', 'distributor'])
  kind!: 'solution_provider' | 'reseller' | 'distributor';

  @ApiProperty({ description: 'The verified real name (实名认证)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  realName!: string;

  @ApiPropertyOptional({ example: '1000.00', description: 'Credit line: partner cash may go down to minus this' })
  @IsOptional()
  @IsMoney({ allowZero: true })
  creditLimit?: string;

  @ApiPropertyOptional({ description: 'For a reseller: its distributor' })
  @IsOptional()
  @IsUUID()
  distributorId?: string;

  @ApiPropertyOptional({ type: BankAccountDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BankAccountDto)
  bankAccount?: BankAccountDto;
}

export class TopUpDto {
  @ApiProperty({ example: '1000.00' })
  @IsMoney()
  amount!: string;
}

export class VoucherQuotaGrantDto {
  @ApiProperty({
    example: '10000.00',
    description: 'Voucher quota granted by the platform: a decimal string, at most 2 decimals',
  })
  @IsMoney()
  amount!: string;
}

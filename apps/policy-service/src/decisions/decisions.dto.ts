import { ApiPropertyOptional } from '@nestjs/swagger';
import type { DecisionWindow } from '@pps/audit';
import { IsInstant, OpaqueJsonObject } from '@pps/platform';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';

/** `from` (inclusive) and `to` (exclusive): RFC 3339 instants with an offset. */
export class WindowQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'Decided at or after (inclusive)' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2026-02-01T00:00:00Z', description: 'Decided before (exclusive)' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export function toWindow(query: { from?: string; to?: string }): DecisionWindow {
  return { from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined };
}

export class ListDecisionsQueryDto extends WindowQueryDto {
  @ApiPropertyOptional({ example: 'account-adjustment' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  ruleSet?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ description: "Part of the partner's name or real name (case-insensitive)" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  partnerName?: string;

  @ApiPropertyOptional({ description: "Part of the customer's name (case-insensitive)" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  customerName?: string;

  @ApiPropertyOptional({ enum: ['allow', 'deny'] })
  @IsOptional()
  @IsIn(['allow', 'deny'])
  effect?: 'allow' | 'deny';

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page (opaque)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(400)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({
    enum: ['desc', 'asc'],
    default: 'desc',
    description: 'By decision time; newest first by default',
  })
  @IsOptional()
  @IsIn(['desc', 'asc'])
  order?: 'desc' | 'asc';
}

export class ImpactDto extends WindowQueryDto {
  @ApiPropertyOptional({
    description:
      'A candidate rule file (not yet published; validated like a publish), or a stored version of the rule set as a string ("1.1.0")',
    oneOf: [{ type: 'object' }, { type: 'string', example: '1.1.0' }],
  })
  @IsOptional()
  @OpaqueJsonObject()
  @ValidateBy({
    name: 'isRuleFileOrVersion',
    validator: {
      validate: (value: unknown) =>
        (typeof value === 'object' && value !== null && !Array.isArray(value)) ||
        (typeof value === 'string' && /^\d+\.\d+\.\d+$/.test(value)),
      defaultMessage: () => 'candidate must be a rule file (an object) or a stored version such as "1.1.0"',
    },
  })
  candidate?: Record<string, unknown> | string;

  @ApiPropertyOptional({ example: '1.1.0', description: 'Or a stored version of the rule set' })
  @IsOptional()
  @IsString()
  @Matches(/^\d+\.\d+\.\d+$/)
  version?: string;
}

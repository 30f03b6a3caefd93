import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInstant } from '@pps/platform';
import { IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

// The bodies of the rule-set commands, validated by the global pipe for HTTP and by the same pipe in the CLI.

export class EvaluateDto {
  @ApiProperty({
    description: 'The facts, as the rule set declares them (money as decimal strings, times as ISO-8601 instants)',
  })
  @IsObject()
  facts!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'A stored version to evaluate instead of the active one' })
  @IsOptional()
  @IsString()
  @Matches(/^\d+\.\d+\.\d+$/)
  version?: string;
}

export class ActivateDto {
  @ApiProperty({ example: '1.1.0' }) @IsString() @Matches(/^\d+\.\d+\.\d+$/) version!: string;
  @ApiProperty({ description: 'Why: kept in the activation history' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
  @ApiPropertyOptional({ description: 'A future instant schedules the switch' })
  @IsOptional()
  @IsInstant()
  effectiveFrom?: string;
}

export class RollbackDto {
  @ApiProperty({ description: 'Why: kept in the activation history' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

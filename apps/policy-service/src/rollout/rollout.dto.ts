import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class SetShadowDto {
  @ApiProperty({
    example: '1.1.0',
    description: 'A stored version (not the active one) to evaluate beside the active one',
  })
  @IsString()
  @Matches(/^\d+\.\d+\.\d+$/)
  version!: string;

  @ApiProperty({ description: 'Why: kept in the shadow history' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class ReasonDto {
  @ApiProperty({ description: 'Why: kept in the history' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class SimulateTargetDto {
  @ApiProperty({ enum: ['active', 'shadow', 'stored', 'uploaded'] })
  @IsIn(['active', 'shadow', 'stored', 'uploaded'])
  kind!: 'active' | 'shadow' | 'stored' | 'uploaded';

  @ApiPropertyOptional({ example: '1.1.0', description: 'For kind stored: the stored version' })
  @IsOptional()
  @IsString()
  @Matches(/^\d+\.\d+\.\d+$/)
  version?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'For kind uploaded: a candidate rule file (validated, not stored)',
  })
  @IsOptional()
  @IsObject()
  file?: Record<string, unknown>;
}

export class SimulateDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The facts, as the rule set declares them' })
  @IsObject()
  facts!: Record<string, unknown>;

  @ApiProperty({ type: [SimulateTargetDto], description: '1 to 4 versions to evaluate side by side' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => SimulateTargetDto)
  targets!: SimulateTargetDto[];
}

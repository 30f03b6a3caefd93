import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

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

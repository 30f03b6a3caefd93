import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiKeyService, type Caller, CurrentCaller, type IssuedKey, ROLES, type Role, Roles } from '@pps/platform';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class IssueApiKeyDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ description: 'Required for role partner: the one partner this key acts for' })
  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @ApiPropertyOptional({ description: 'A note for the humans: who or what uses this key' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;
}

@ApiTags('keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'Issue an API key (shown once, stored hashed)' })
  issue(@Body() body: IssueApiKeyDto, @CurrentCaller() caller: Caller): Promise<IssuedKey> {
    return this.keys.issue(body.role, body.partnerId, caller.keyId, body.label);
  }

  @Get('me')
  @Roles('admin', 'service', 'auditor', 'partner')
  @ApiOperation({
    summary: 'Who the key in Authorization is: its id, role and partner (the console shows only what the role may do)',
  })
  me(@CurrentCaller() caller: Caller): { id: string; role: Role; partnerId: string | null } {
    return { id: caller.keyId, role: caller.role, partnerId: caller.partnerId ?? null };
  }
}

import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ApiKeyService,
  type ApiKeyView,
  type Caller,
  CurrentCaller,
  IsInstant,
  type IssuedKey,
  ROLES,
  type Role,
  Roles,
} from '@pps/platform';
import { UuidPipe } from '../shared/request-context.decorator';
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

  @ApiPropertyOptional({ description: 'When the key stops working (RFC 3339 instant, in the future); none: never' })
  @IsOptional()
  @IsInstant()
  expiresAt?: string;
}

@ApiTags('keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({
    summary:
      'Issue an API key (shown once, stored hashed; a retry with the same Idempotency-Key answers the same id with key null)',
  })
  issue(
    @Body() body: IssueApiKeyDto,
    @CurrentCaller() caller: Caller,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<IssuedKey> {
    return this.keys.issue(body.role, body.partnerId, caller.keyId, body.label, {
      expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined,
      idempotencyKey,
    });
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Every API key: id, role, partner, label, who created it, created/expires/revoked at' })
  list(): Promise<ApiKeyView[]> {
    return this.keys.list();
  }

  @Delete(':id')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Revoke a key: 401 at once in this process, within the 10 s key cache in others; a key cannot revoke itself',
  })
  revoke(@Param('id', UuidPipe) id: string, @CurrentCaller() caller: Caller): Promise<ApiKeyView> {
    return this.keys.revoke(id, caller);
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

import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from './api-key.entity';
import { ApiKeyService } from './api-key.service';
import {
  MissingApiKeyError,
  PartnerScopeError,
  RoleForbiddenError,
  UnknownApiKeyError,
} from '../errors/platform.errors';
import {
  type CallerRequest,
  PARTNER_SCOPE_KEY,
  type PartnerScopeSource,
  PUBLIC_KEY,
  ROLES_KEY,
} from './roles.decorator';

interface HttpRequest extends CallerRequest {
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
}

const ADMIN_ONLY: readonly Role[] = ['admin'];

/**
 * The global guard: authenticates the bearer key, then checks the route's declared roles and, for
 * partner keys, the partner scope. Handlers never check roles themselves.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const key = bearerKey(request.headers.authorization);
    if (!key) throw new MissingApiKeyError();
    const caller = await this.keys.authenticate(key);
    if (!caller) throw new UnknownApiKeyError();
    request.caller = caller;

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? ADMIN_ONLY;
    if (!allowed.includes(caller.role)) throw new RoleForbiddenError(caller.role, allowed);

    if (caller.role === 'partner') {
      const source = this.reflector.getAllAndOverride<PartnerScopeSource | undefined>(PARTNER_SCOPE_KEY, targets);
      if (source && scopedPartnerId(request, source) !== caller.partnerId) throw new PartnerScopeError();
    }
    return true;
  }
}

function bearerKey(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function scopedPartnerId(request: HttpRequest, source: PartnerScopeSource): unknown {
  const [where, name] = source.split(':', 2) as ['param' | 'body' | 'query', string];
  if (where === 'param') return request.params?.[name];
  if (where === 'query') return request.query?.[name];
  const body = request.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
}

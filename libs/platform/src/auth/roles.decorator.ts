import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from './api-key.entity';
import type { Caller } from './caller';

export const ROLES_KEY = 'pps:roles';
export const PUBLIC_KEY = 'pps:public';
export const PARTNER_SCOPE_KEY = 'pps:partner-scope';

/** The roles allowed on a route. A route without `@Roles` is for admins only. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No key needed (only `/health`). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * Where the partner id of the request is, for partner keys: `param:<name>`, `body:<field>` or
 * `query:<name>`. A partner key whose partner differs from (or lacks) that value gets 403.
 * Routes whose partner is reached through another resource check the scope in their use case.
 */
export type PartnerScopeSource = `param:${string}` | `body:${string}` | `query:${string}`;
export const PartnerScope = (source: PartnerScopeSource) => SetMetadata(PARTNER_SCOPE_KEY, source);

export interface CallerRequest {
  caller?: Caller;
}

/** The authenticated caller of this request. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<CallerRequest>().caller;
  if (!caller) throw new Error('CurrentCaller used on a public route');
  return caller;
});

import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { CallerRequest } from '../auth/roles.decorator';

/**
 * Rate limits per API key (per address for calls without one). Runs after the auth guard, so the
 * caller is known. 429 answers come in the error envelope (PPS.0429).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const caller = (req as CallerRequest).caller;
    const ip = typeof req.ip === 'string' ? req.ip : 'unknown';
    return Promise.resolve(caller ? `key:${caller.keyId}` : `ip:${ip}`);
  }
}

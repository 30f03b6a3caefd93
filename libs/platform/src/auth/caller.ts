import type { Role } from './api-key.entity';

/** Who is calling: set on the request by the auth guard, read by controllers and use cases. */
export interface Caller {
  keyId: string;
  role: Role;
  /** Set for the `partner` role only: the one partner this key may act for. */
  partnerId?: string;
}

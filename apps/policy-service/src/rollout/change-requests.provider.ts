import { Database } from '@pps/platform';
import type { Provider } from '@nestjs/common';
import { ChangeRequests } from '@pps/audit';
import { Clock } from '@pps/platform';
import { PolicyRegistry } from '@pps/rules';

export const CHANGE_REQUESTS_PROVIDER: Provider = {
  provide: ChangeRequests,
  useFactory: (em: Database, registry: PolicyRegistry, clock: Clock) =>
    new ChangeRequests(em, registry, () => clock.now()),
  inject: [Database, PolicyRegistry, Clock],
};

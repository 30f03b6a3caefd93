import { Database } from '@pps/platform';
import type { Provider } from '@nestjs/common';
import { ChangeRequests, IMPACT_MONEY_SOURCE, type ImpactMoneySource } from '@pps/audit';
import { Clock } from '@pps/platform';
import { PolicyRegistry } from '@pps/rules';

export const CHANGE_REQUESTS_PROVIDER: Provider = {
  provide: ChangeRequests,
  useFactory: (em: Database, registry: PolicyRegistry, clock: Clock, moneySource: ImpactMoneySource) =>
    new ChangeRequests(em, registry, () => clock.now(), moneySource),
  inject: [Database, PolicyRegistry, Clock, IMPACT_MONEY_SOURCE],
};

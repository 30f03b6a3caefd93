import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@pps/audit';
import { PartnersModule } from '@pps/partners';
import { PlatformModule, type PlatformOptions } from '@pps/platform';
import { AdjustmentsController } from './adjustments/adjustments.controller';
import { AssociationsController } from './associations/associations.controller';
import { CustomersController } from './customers/customers.controller';
import { DealRegistrationsController } from './deal-registrations/deal-registrations.controller';
import { DecisionsController } from './decisions/decisions.controller';
import { ImpactController } from './decisions/impact.controller';
import { OrdersController } from './orders/orders.controller';
import { PartnersController } from './partners/partners.controller';
import { RuleSetsController } from './rule-sets/rule-sets.controller';
import { VouchersController } from './vouchers/vouchers.controller';
import { HealthController } from './health/health.controller';
import { RulesHealthIndicator } from './health/rules.health';
import { IncentivesController } from './incentives/incentives.controller';
import { ApiKeysController } from './keys/api-keys.controller';
import { MetricsController } from './metrics/metrics.controller';

/** The HTTP app: controllers only; the libs hold the logic. */
@Module({})
export class AppModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(options), PartnersModule, AuditModule],
      controllers: [
        HealthController,
        MetricsController,
        ApiKeysController,
        PartnersController,
        CustomersController,
        AssociationsController,
        AdjustmentsController,
        OrdersController,
        RuleSetsController,
        IncentivesController,
        VouchersController,
        DealRegistrationsController,
        DecisionsController,
        ImpactController,
      ],
      providers: [RulesHealthIndicator],
    };
  }
}

import { ConsumptionController } from './consumption/consumption.controller';
import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from '@pps/platform';
import { AdjustmentsController } from './adjustments/adjustments.controller';
import { AssociationsController } from './associations/associations.controller';
import { ConsoleModule } from './console/console.module';
import { CustomersController } from './customers/customers.controller';
import { DecisionsController } from './decisions/decisions.controller';
import { ImpactController } from './decisions/impact.controller';
import { DealRegistrationsController } from './deal-registrations/deal-registrations.controller';
import { OrdersController } from './orders/orders.controller';
import { PartnersController } from './partners/partners.controller';
import { RuleSetVersionsController } from './rule-sets/rule-set-versions.controller';
import { RuleSetsController } from './rule-sets/rule-sets.controller';
import { VouchersController } from './vouchers/vouchers.controller';
import { HealthController } from './health/health.controller';
import { PingController } from './health/ping.controller';
import { RulesHealthIndicator } from './health/rules.health';
import { IncentivesController } from './incentives/incentives.controller';
import { ApiKeysController } from './keys/api-keys.controller';
import { MetricsController } from './metrics/metrics.controller';
import { TransfersController } from './ledger/transfers.controller';
import { ChangeRequestsController } from './rollout/change-requests.controller';
import { PolicyCoreModule } from './policy-core.module';
import { InstancesController } from './rollout/instances.controller';
import { DecisionShadowController, ShadowController } from './rollout/shadow.controller';
import { SimulateController } from './rollout/simulate.controller';

/** The HTTP app: controllers on the policy's providers (`PolicyCoreModule`, shared with the CLI); the libs hold the logic. */
@Module({})
export class AppModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(options), PolicyCoreModule, ConsoleModule],
      controllers: [
        HealthController,
        PingController,
        MetricsController,
        ApiKeysController,
        PartnersController,
        CustomersController,
        AssociationsController,
        AdjustmentsController,
        OrdersController,
        RuleSetsController,
        RuleSetVersionsController,
        DecisionsController,
        ImpactController,
        IncentivesController,
        VouchersController,
        DealRegistrationsController,
        TransfersController,
        ConsumptionController,
        ShadowController,
        DecisionShadowController,
        SimulateController,
        ChangeRequestsController,
        InstancesController,
      ],
      providers: [RulesHealthIndicator],
    };
  }
}

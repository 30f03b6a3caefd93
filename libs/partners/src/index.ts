/**
 * The partner program: partners, customers and their associations, orders and refunds, account
 * adjustments, incentives and payouts (with the bank gateway), vouchers, deal registrations and
 * consumption reports, each use case gated by its rule set. Its tables are reached through its
 * repositories, which stay inside the library. It names what other code imports, and nothing else;
 * the rule-set contracts are also at `@pps/partners/contracts`.
 */

// The module and what a use case knows of its request.
export { PartnersModule } from './partners.module';
export type { RequestContext } from './shared/request-context';
export { InvalidReferenceError, PARTNERS_ERRORS, PlatformFieldError } from './shared/errors';

// The use cases.
export { PartnersService } from './partners/partners.service';
export { CustomersService } from './customers/customers.service';
export { AssociationsService } from './associations/associations.service';
export { AdjustmentsService } from './adjustments/adjustments.service';
export { OrdersService } from './orders/orders.service';
export { RefundsService } from './orders/refunds.service';
export { PolicyChecksService } from './checks/policy-checks.service';
export { IncentivesService } from './incentives/incentives.service';
export { PAYOUT_METHODS, type PayoutMethod } from './incentives/incentive-payout.contract';
export { VouchersService } from './vouchers/vouchers.service';
export { DealRegistrationsService } from './deal-registrations/deal-registrations.service';
export { CONSUMPTION_GROUP_BY, type ConsumptionGroupBy, ConsumptionService } from './consumption/consumption.service';
export { DecisionVisibility } from './shared/decision-visibility';

// Bank-transfer payouts: the outbox worker and the shipped (simulated) bank.
export { BankPayoutsService } from './payouts/bank-payouts.service';
export { SimulatedBankGateway } from './payouts/bank-gateway';

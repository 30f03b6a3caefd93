import { Module } from '@nestjs/common';
import { AuditModule } from '@pps/audit';
import { LedgerModule } from '@pps/ledger';
import { RulesModule } from '@pps/rules';
import { RULE_SET_CONTRACT_SET } from './contracts';
import { AdjustmentsService } from './adjustments/adjustments.service';
import { AssociationsService } from './associations/associations.service';
import { PolicyChecksService } from './checks/policy-checks.service';
import { CustomersService } from './customers/customers.service';
import { DealRegistrationsService } from './deal-registrations/deal-registrations.service';
import { IncentivesService } from './incentives/incentives.service';
import { OrdersService } from './orders/orders.service';
import { RefundsService } from './orders/refunds.service';
import { PartnersService } from './partners/partners.service';
import { PolicyGate } from './shared/policy-gate';
import { VouchersService } from './vouchers/vouchers.service';
import { ConsumptionService } from './consumption/consumption.service';
import { BANK_GATEWAY, SimulatedBankGateway } from './payouts/bank-gateway';
import { BankPayoutsService } from './payouts/bank-payouts.service';
import { TransactionRunner } from './shared/transaction-runner';
import { DecisionVisibility } from './shared/decision-visibility';
import { AuditFactsModule } from './shared/audit-facts.repository';

const RULES = RulesModule.register(RULE_SET_CONTRACT_SET);

const USE_CASES = [
  PartnersService,
  CustomersService,
  AssociationsService,
  AdjustmentsService,
  OrdersService,
  RefundsService,
  PolicyChecksService,
  IncentivesService,
  VouchersService,
  DealRegistrationsService,
  DecisionVisibility,
  ConsumptionService,
];

@Module({
  // AuditFactsModule: the audit library's ports (impact money, subject names), implemented here. It
  // comes first: a lazily loaded graph (the CLI) binds a global module only to modules scanned after it.
  // RULES (global too: the audit service injects the version store) comes before AuditModule likewise.
  imports: [AuditFactsModule, RULES, LedgerModule, AuditModule],
  providers: [
    TransactionRunner,
    PolicyGate,
    ...USE_CASES,
    BankPayoutsService,
    SimulatedBankGateway,
    // The bank port's shipped adapter: the simulated bank.
    { provide: BANK_GATEWAY, useExisting: SimulatedBankGateway },
  ],
  exports: [...USE_CASES, RULES, BankPayoutsService, SimulatedBankGateway, BANK_GATEWAY],
})
export class PartnersModule {}

import { Module } from '@nestjs/common';
import { AuditModule, ChangeRequests } from '@pps/audit';
import { LedgerModule } from '@pps/ledger';
import { PartnersModule } from '@pps/partners';
import { CHANGE_REQUESTS_PROVIDER } from './rollout/change-requests.provider';

/**
 * The policy's providers, wired once for every app on top of the global `PlatformModule`: the use
 * cases with the rule registry and its rollout (`PartnersModule`, which registers `RulesModule` with
 * the code's contracts), the ledger's queries (`LedgerModule`), the decision log (`AuditModule`) and
 * four-eyes change requests. The service
 * imports it into its HTTP app; the CLI builds an application context of it (`apps/policy-cli/src/database.ts`).
 */
@Module({
  imports: [PartnersModule, LedgerModule, AuditModule],
  providers: [CHANGE_REQUESTS_PROVIDER],
  exports: [PartnersModule, LedgerModule, AuditModule, ChangeRequests],
})
export class PolicyCoreModule {}

import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { PolicyRegistry } from '@pps/rules';

/** Ready only when every rule set the service gates with has an active version. */
@Injectable()
export class RulesHealthIndicator {
  static readonly REQUIRED = ['account-adjustment', 'association', 'payment', 'refund-destination'];

  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly policy: PolicyRegistry,
  ) {}

  check(key = 'rules') {
    const active = this.policy.activeRuleSets().map((c) => `${c.ruleSet}@${c.version}`);
    const loaded = new Set(this.policy.activeRuleSets().map((c) => c.ruleSet));
    const missing = RulesHealthIndicator.REQUIRED.filter((r) => !loaded.has(r));
    const session = this.indicator.check(key);
    return missing.length === 0 ? session.up({ active }) : session.down({ active, missing });
  }
}

import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { PolicyFreshness, PolicyRegistry } from '@pps/rules';

/** Ready only when every rule set the service gates with has an active version and the versions are not stale (POLICY_STALE_AFTER_S). */
@Injectable()
export class RulesHealthIndicator {
  static readonly REQUIRED = ['account-adjustment', 'association', 'payment', 'refund-destination'];

  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly policy: PolicyRegistry,
    private readonly freshness: PolicyFreshness,
  ) {}

  check(key = 'rules') {
    const active = this.policy.activeRuleSets().map((c) => `${c.ruleSet}@${c.version}`);
    const loaded = new Set(this.policy.activeRuleSets().map((c) => c.ruleSet));
    const missing = RulesHealthIndicator.REQUIRED.filter((r) => !loaded.has(r));
    const session = this.indicator.check(key);
    const stale = this.freshness.stale();
    const lastHeardAt = this.policy.lastHeardAt()?.toISOString() ?? null;
    if (stale !== null) return session.down({ active, stale: true, reason: stale, lastHeardAt });
    return missing.length === 0 ? session.up({ active, lastHeardAt }) : session.down({ active, missing });
  }
}

import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Clock, Database } from '@pps/platform';
import type { CompiledRuleSet } from '../compile-rule-set';
import { RuleContractViolationError } from '../contracts/evaluate-under-contract';
import { PolicyRegistry } from '../policy-registry.service';
import { NoShadowError, ShadowIsActiveError, UnknownRuleSetError } from '../rules.errors';
import { type ShadowChange, ruleShadowsRepository } from './rule-shadows.repository';

export type { ShadowChange } from './rule-shadows.repository';

export interface ShadowInForce {
  change: ShadowChange;
  compiled: CompiledRuleSet;
}

const RECHECK_MS = 5_000;

/** Why a shadow evaluation failed, as stored beside the decision (and reproduced by its replay). */
export function shadowFailureReason(e: unknown): string {
  if (e instanceof RuleContractViolationError)
    return `breaks the contract (${e.violation}): ${e.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Shadow versions: per rule set at most one stored version that every evaluation of the rule set
 * also runs, on the same facts, without changing the decision (see PolicyGate). Set and cleared as
 * append-only history rows (`rule_shadows`); an insert notifies every process on the activation
 * channel (payload `shadow:…`), which reloads and swaps its map in one assignment.
 */
@Injectable()
export class ShadowRegistry implements OnModuleDestroy {
  private readonly logger = new Logger(ShadowRegistry.name);
  private shadows: ReadonlyMap<string, ShadowInForce> = new Map();
  private lastId = '0';
  private recheck?: NodeJS.Timeout;

  constructor(
    private readonly db: Database,
    private readonly policy: PolicyRegistry,
    private readonly clock: Clock,
  ) {}

  /** Loads the shadows in force and follows changes from any process. */
  async start(): Promise<void> {
    this.policy.onNotification((payload) => {
      if (payload.startsWith('shadow:') || payload === 'listening')
        void this.reload().catch((e: unknown) => this.logger.warn(`could not reload shadows: ${String(e)}`));
    });
    await this.reload();
    this.recheck = setInterval(() => void this.recheckNow(), RECHECK_MS);
    this.recheck.unref();
  }

  onModuleDestroy(): void {
    if (this.recheck) clearInterval(this.recheck);
  }

  current(ruleSet: string): ShadowInForce | undefined {
    return this.shadows.get(ruleSet);
  }

  all(): ShadowInForce[] {
    return [...this.shadows.values()];
  }

  async reload(): Promise<void> {
    const next = new Map<string, ShadowInForce>();
    let last = 0n;
    for (const change of await ruleShadowsRepository.latestPerRuleSet(this.db)) {
      if (BigInt(change.id) > last) last = BigInt(change.id);
      if (change.kind !== 'set' || !change.contentHash) continue;
      const compiled = await this.policy.byContentHash(change.contentHash);
      if (compiled) next.set(change.ruleSet, { change, compiled });
    }
    this.shadows = next;
    this.lastId = String(last);
  }

  private async recheckNow(): Promise<void> {
    try {
      if ((await ruleShadowsRepository.lastId(this.db)) !== this.lastId) await this.reload();
    } catch (e) {
      this.logger.warn(`shadow re-check failed: ${(e as Error).message}`);
    }
  }

  /** @throws UnknownRuleVersionError (404), UnknownRuleSetError (404) */
  async set(ruleSet: string, version: string, reason: string, by: string | null): Promise<ShadowChange> {
    if (!this.policy.activeRuleSets().some((c) => c.ruleSet === ruleSet)) throw new UnknownRuleSetError(ruleSet);
    const target = await this.policy.byVersion(ruleSet, version);
    const active = this.policy.activeVersion(ruleSet);
    if (active.contentHash === target.contentHash) {
      throw new ShadowIsActiveError(ruleSet, version);
    }
    return this.insert(ruleSet, 'set', target.version, target.contentHash, reason, by);
  }

  /** @throws NoShadowError (404) when none is set */
  async clear(ruleSet: string, reason: string, by: string | null): Promise<ShadowChange> {
    await this.reload();
    if (!this.shadows.has(ruleSet)) throw new NoShadowError(ruleSet);
    return this.insert(ruleSet, 'clear', null, null, reason, by);
  }

  async history(ruleSet: string): Promise<ShadowChange[]> {
    return ruleShadowsRepository.history(this.db, ruleSet);
  }

  private async insert(
    ruleSet: string,
    kind: 'set' | 'clear',
    version: string | null,
    contentHash: string | null,
    reason: string,
    by: string | null,
  ): Promise<ShadowChange> {
    const change = await ruleShadowsRepository.insert(this.db, {
      ruleSet,
      kind,
      version,
      contentHash,
      reason,
      changedAt: this.clock.now(),
      changedBy: by,
    });
    await this.reload();
    return change;
  }
}

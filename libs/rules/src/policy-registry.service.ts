import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, Clock, DomainError, type Sql } from '@pps/platform';
import { ActivationService } from './activation/activation.service';
import type { Activation } from './activation/rule-activations.repository';
import type { CompiledRuleSet } from './compile-rule-set';
import type { ContractSet } from './contracts/contract-set';
import { PolicyListener } from './policy-listener';
import type { PolicySnapshot } from './policy-snapshot';
import { RuleFileInvalidError } from './rule-errors';
import { loadRulesDir } from './rule-file.loader';
import { UnknownRuleSetError } from './rules.errors';
import { type PublishResult, VersionStore } from './versions/version-store';
import { type VersionView, versionViews } from './versions/version-view';

/**
 * The rule versions of this process, as its callers use them: the snapshot decisions evaluate
 * with, stored versions, publishing, activations and the versions view. A facade over the three
 * parts that do the work:
 *
 * - {@link VersionStore}: reads (verifying each version's hash), checks and writes versions;
 * - {@link ActivationService}: activate, schedule, roll back, bootstrap — each one transaction
 *   under the rule set's activation lock;
 * - {@link PolicyListener}: LISTEN, re-check and the snapshot swap that keep every process in step.
 *
 * At start (`loadFromDirectory`), every valid file under `rules/` that the store lacks is
 * published (a file that fails validation or its embedded tests is reported and skipped), and a
 * rule set with no activation yet gets its highest version activated.
 */
@Injectable()
export class PolicyRegistry {
  private readonly logger = new Logger(PolicyRegistry.name);

  constructor(
    private readonly store: VersionStore,
    private readonly activations: ActivationService,
    private readonly listener: PolicyListener,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The code's contracts: every version is checked against its rule set's before it is stored or activated. */
  get contracts(): ContractSet {
    return this.store.contracts;
  }

  // ---- evaluation ----------------------------------------------------------------------------

  current(): PolicySnapshot {
    return this.listener.current();
  }

  activeVersion(ruleSet: string, at: Date = this.clock.now()): CompiledRuleSet {
    return this.current().resolve(ruleSet, at);
  }

  activeRuleSets(at: Date = this.clock.now()): CompiledRuleSet[] {
    return this.current().activeAt(at);
  }

  /** A stored version by content hash (for replay), verified and compiled on first use. */
  byContentHash(contentHash: string): Promise<CompiledRuleSet | undefined> {
    return this.store.byContentHash(contentHash);
  }

  /** @throws UnknownRuleVersionError (404) */
  byVersion(ruleSet: string, version: string): Promise<CompiledRuleSet> {
    return this.store.byVersion(ruleSet, version);
  }

  // ---- versions and activations --------------------------------------------------------------

  /** @throws RuleFileInvalidError (400, every problem), VersionConflictError (409) */
  publish(file: unknown, publishedBy: string | null, expectedRuleSet?: string): Promise<PublishResult> {
    return this.store.publish(file, publishedBy, expectedRuleSet);
  }

  /** At start: publish what `rules/` has and the store lacks; activate the highest version of a rule set never activated. */
  async loadFromDirectory(dir = this.config.rulesDir): Promise<void> {
    for (const entry of await loadRulesDir(dir)) {
      if (!entry.file || entry.problems.length > 0) {
        this.logger.error(
          { file: entry.path, problems: entry.problems },
          `rule file ${entry.path} is invalid; skipped`,
        );
        continue;
      }
      try {
        const result = await this.store.publish(entry.file, null);
        if (result.created) this.logger.log(`published ${result.ruleSet}@${result.version} from ${entry.path}`);
      } catch (e) {
        const problems =
          e instanceof RuleFileInvalidError
            ? e.problems
            : e instanceof DomainError
              ? [{ path: '$', message: e.messages.en }]
              : undefined;
        if (!problems) throw e;
        this.logger.error({ file: entry.path, problems }, `rule file ${entry.path} was not published; skipped`);
      }
    }
    await this.activations.bootstrap();
    await this.listener.refresh();
  }

  /** Activates a stored version now, or from `effectiveFrom` (a scheduled switch). See {@link ActivationService.activate}. */
  activate(
    ruleSet: string,
    version: string,
    reason: string,
    activatedBy: string | null,
    effectiveFrom?: Date,
    kind: 'activate' | 'rollback' = 'activate',
    /** Inside the caller's transaction (an idempotent request); the caller refreshes after its commit. */
    tx?: Sql,
  ): Promise<Activation> {
    return this.activations.activate(ruleSet, version, reason, activatedBy, effectiveFrom, kind, tx);
  }

  /** Activates the version that was active before the current one. See {@link ActivationService.rollback}. */
  rollback(ruleSet: string, reason: string, activatedBy: string | null, tx?: Sql): Promise<Activation> {
    return this.activations.rollback(ruleSet, reason, activatedBy, tx);
  }

  history(ruleSet: string): Promise<Activation[]> {
    return this.activations.history(ruleSet);
  }

  /** @throws UnknownRuleSetError (404) for a rule set with no stored version */
  async versions(ruleSet: string): Promise<{ ruleSet: string; versions: VersionView[]; history: Activation[] }> {
    const stored = await this.store.list(ruleSet);
    if (stored.length === 0) throw new UnknownRuleSetError(ruleSet);
    const history = await this.activations.history(ruleSet);
    const now = this.clock.now();
    const activeHash = this.current().entryAt(ruleSet, now)?.compiled.contentHash;
    return { ruleSet, versions: versionViews(stored, history, activeHash, now.getTime()), history };
  }

  // ---- keeping every process in step (see PolicyListener) -------------------------------------

  lastHeardAt(): Date | null {
    return this.listener.lastHeardAt();
  }

  lastReadAt(): Date | null {
    return this.listener.lastReadAt();
  }

  onNotification(hook: (payload: string) => void): void {
    this.listener.onNotification(hook);
  }

  refresh(): Promise<void> {
    return this.listener.refresh();
  }

  startListening(): Promise<void> {
    return this.listener.start();
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, Database, type Sql } from '@pps/platform';
import { ContractSet, RULE_SET_CONTRACTS } from '../contracts/contract-set';
import { PolicyListener } from '../policy-listener';
import { RuleFileInvalidError } from '../rule-errors';
import { NoPreviousVersionError, UnknownRuleSetError } from '../rules.errors';
import { VersionStore } from '../versions/version-store';
import { type Activation, ruleActivationsRepository } from './rule-activations.repository';

/** A bootstrap activation is effective "always": decisions at any clock time find a version. */
const BEGINNING = new Date('1970-01-01T00:00:00Z');

/**
 * Which version of a rule set is in force from when: activate now, schedule (activate from a later
 * instant), roll back, and the start-up bootstrap. Each is one transaction that holds the rule
 * set's activation lock until it commits, so the version an activation replaces is read after
 * every earlier activation of the rule set is visible: the history is a total order, and each
 * entry names the version it replaced (which is what a rollback follows).
 *
 * Given the caller's transaction (`tx`: an idempotent request stores its answer with it), the work
 * joins it and the caller refreshes the listener after its commit; otherwise this commits and
 * refreshes, so that this process decides with the new timeline at once.
 */
@Injectable()
export class ActivationService {
  private readonly logger = new Logger(ActivationService.name);

  constructor(
    @Inject(Database) private readonly db: Sql,
    private readonly clock: Clock,
    @Inject(RULE_SET_CONTRACTS) private readonly contracts: ContractSet,
    private readonly store: VersionStore,
    private readonly listener: PolicyListener,
  ) {}

  /**
   * Activates a stored version now, or from `effectiveFrom` when that is later (a scheduled switch).
   * @throws UnknownRuleVersionError (404), RuleFileInvalidError (400: it breaks its contract)
   */
  async activate(
    ruleSet: string,
    version: string,
    reason: string,
    activatedBy: string | null,
    effectiveFrom?: Date,
    kind: 'activate' | 'rollback' = 'activate',
    tx?: Sql,
  ): Promise<Activation> {
    const target = await this.store.byVersion(ruleSet, version);
    // A version stored by any route (or before contracts existed) enters service only if it keeps its contract.
    const problems = this.contracts.activationProblems(target.file);
    if (problems.length > 0) throw new RuleFileInvalidError(problems);
    return this.inTransaction(tx, async (t) => {
      await ruleActivationsRepository.lock(t, ruleSet);
      const now = this.clock.now();
      const from = effectiveFrom && effectiveFrom.getTime() > now.getTime() ? effectiveFrom : now;
      const previous = await ruleActivationsRepository.inForceAt(t, ruleSet, from);
      return ruleActivationsRepository.insert(t, {
        ruleSet,
        version: target.version,
        contentHash: target.contentHash,
        fromVersion: previous?.version ?? null,
        fromContentHash: previous?.contentHash ?? null,
        kind,
        reason,
        effectiveFrom: from,
        activatedAt: now,
        activatedBy,
      });
    });
  }

  /** Activates `version` from `effectiveFrom` (now, when that is not later). */
  schedule(
    ruleSet: string,
    version: string,
    effectiveFrom: Date,
    reason: string,
    activatedBy: string | null,
    tx?: Sql,
  ): Promise<Activation> {
    return this.activate(ruleSet, version, reason, activatedBy, effectiveFrom, 'activate', tx);
  }

  /**
   * Activates the version that was active before the current one (read under the rule set's lock).
   * @throws UnknownRuleSetError (404), NoPreviousVersionError (409)
   */
  async rollback(ruleSet: string, reason: string, activatedBy: string | null, tx?: Sql): Promise<Activation> {
    return this.inTransaction(tx, async (t) => {
      await ruleActivationsRepository.lock(t, ruleSet);
      const current = await ruleActivationsRepository.inForceAt(t, ruleSet, this.clock.now());
      if (!current) throw new UnknownRuleSetError(ruleSet);
      if (!current.fromVersion) throw new NoPreviousVersionError(ruleSet);
      return this.activate(ruleSet, current.fromVersion, reason, activatedBy, undefined, 'rollback', t);
    });
  }

  async history(ruleSet: string): Promise<Activation[]> {
    return ruleActivationsRepository.history(this.db, ruleSet);
  }

  /**
   * At start: a rule set never activated gets the highest stored version that keeps its contract;
   * a version that does not is logged with every problem and left inactive, and a rule set the
   * code has no contract for is not activated at all.
   */
  async bootstrap(): Promise<void> {
    const done = new Set<string>();
    for (const stored of await this.store.neverActivated()) {
      if (done.has(stored.ruleSet)) continue;
      const compiled = await this.store.byContentHash(stored.contentHash);
      if (!compiled) continue;
      const problems = this.contracts.activationProblems(compiled.file);
      if (problems.length > 0) {
        this.logger.error(
          { ruleSet: stored.ruleSet, version: stored.version, problems },
          `${stored.ruleSet}@${stored.version} breaks its contract with the code; not activated`,
        );
        continue;
      }
      done.add(stored.ruleSet);
      await this.db.transaction(async (tx) => {
        // Under the lock: two processes starting at once bootstrap a rule set once.
        await ruleActivationsRepository.lock(tx, stored.ruleSet);
        await ruleActivationsRepository.insertBootstrap(tx, {
          ruleSet: stored.ruleSet,
          version: stored.version,
          contentHash: stored.contentHash,
          reason: 'first start: the highest version in the store that keeps its contract',
          effectiveFrom: BEGINNING,
          activatedAt: this.clock.now(),
        });
      });
    }
  }

  /** In the caller's transaction (the caller refreshes after its commit), or in one of its own, then refreshed. */
  private async inTransaction<T>(tx: Sql | undefined, work: (t: Sql) => Promise<T>): Promise<T> {
    if (tx) return work(tx);
    const result = await this.db.transaction(work);
    await this.listener.refresh();
    return result;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Clock, Database, type Sql } from '@pps/platform';
import { type CompiledRuleSet, compileRuleSet } from '../compile-rule-set';
import { ContractSet, RULE_SET_CONTRACTS } from '../contracts/contract-set';
import { RuleFileInvalidError } from '../rule-errors';
import type { RuleFile } from '../rule-file.types';
import { type BatchEvaluation, type CheckOptions, ruleWork } from '../rule-work';
import { UnknownRuleVersionError, VersionConflictError, VersionStoreTamperedError } from '../rules.errors';
import { ruleVersionsRepository, type StoredVersion } from './rule-versions.repository';

export type { StoredVersion } from './rule-versions.repository';

/**
 * A rule file that passed every check publishing makes, compiled and kept in the rule worker
 * thread: evaluate stored facts against it in batches (impact), then `release` it.
 */
export interface CheckedCandidate {
  ruleSet: string;
  version: string;
  contentHash: string;
  /** The canonical JSON that is stored for it. */
  canonical: string;
  evaluateBatch(facts: Array<Record<string, unknown>>): Promise<BatchEvaluation[]>;
  release(): Promise<void>;
}

export interface CandidateOptions {
  /** The rule set the route names: a file for another one is refused. */
  ruleSet?: string;
  /** How a file for another rule set is reported (publishing and impact word it as they always have). */
  wording?: CheckOptions['ruleSetMessage'];
}

/**
 * The one check of a rule file before it is stored or evaluated as a candidate, exactly as
 * publishing makes it: its contract with the code, validation (schema, operators, facts,
 * parameters), the rule set the route names and — when the contract holds — the embedded tests.
 * Validation, compilation and the tests run in the rule worker thread (a 750 KB file with 2,000
 * tests is seconds of CPU), so the event loop keeps serving meanwhile.
 * @throws RuleFileInvalidError (CBC.0100) with every problem found
 */
async function checkCandidate(
  contracts: ContractSet,
  file: unknown,
  options: CandidateOptions = {},
): Promise<CheckedCandidate> {
  const contractProblems = contracts.publishProblems(file);
  const result = await ruleWork().candidate(file, {
    expectedRuleSet: options.ruleSet,
    runTests: contractProblems.length === 0,
    ruleSetMessage: options.wording ?? 'publish',
  });
  if ('ok' in result) throw new RuleFileInvalidError([...(result.ok ? [] : result.problems), ...contractProblems]);
  if (contractProblems.length > 0) {
    await result.release();
    throw new RuleFileInvalidError(contractProblems);
  }
  const { check } = result;
  return {
    ruleSet: check.ruleSet,
    version: check.version,
    contentHash: check.contentHash,
    canonical: check.canonical,
    evaluateBatch: (facts) => result.evaluate(facts),
    release: () => result.release(),
  };
}

/** What publishing answers. */
export interface PublishResult {
  ruleSet: string;
  version: string;
  contentHash: string;
  created: boolean;
  publishedAt: string;
}

/**
 * The version store: the one place that reads, verifies and writes rule versions. Publishing,
 * impact candidates, replay, activation and the process's snapshots all go through it.
 *
 * - Writing: a file is checked exactly as publishing checks it ({@link checkCandidate}) and stored
 *   by content hash; the same content again is a no-op, the same number with other content a 409.
 * - Reading: every version read from the store is recompiled from its stored content and its hash
 *   recomputed: content that does not hash to its key (an altered store) is refused, never
 *   evaluated. A verified version is kept compiled for the life of the process (it is immutable).
 */
@Injectable()
export class VersionStore {
  private readonly compiled = new Map<string, CompiledRuleSet>();

  constructor(
    @Inject(Database) private readonly db: Sql,
    /** The code's contracts: every version is checked against its rule set's before it is stored. */
    @Inject(RULE_SET_CONTRACTS) readonly contracts: ContractSet,
    private readonly clock: Clock,
  ) {}

  /** Checks a file as publishing does, without storing it. @throws RuleFileInvalidError */
  checkCandidate(file: unknown, options: CandidateOptions = {}): Promise<CheckedCandidate> {
    return checkCandidate(this.contracts, file, options);
  }

  /**
   * Checks a rule file completely and stores it by content hash.
   * @throws RuleFileInvalidError (400, every problem), VersionConflictError (409)
   */
  async publish(file: unknown, publishedBy: string | null, expectedRuleSet?: string): Promise<PublishResult> {
    const candidate = await this.checkCandidate(file, { ruleSet: expectedRuleSet, wording: 'publish' });
    await candidate.release();
    const stored = await ruleVersionsRepository.insert(this.db, candidate, this.clock.now(), publishedBy);
    if (!stored || stored.contentHash !== candidate.contentHash)
      throw new VersionConflictError(
        candidate.ruleSet,
        candidate.version,
        stored?.contentHash ?? null,
        candidate.contentHash,
      );
    return {
      ruleSet: candidate.ruleSet,
      version: candidate.version,
      contentHash: candidate.contentHash,
      created: stored.created,
      publishedAt: stored.publishedAt.toISOString(),
    };
  }

  /**
   * A stored version by content hash, verified and compiled on first use; undefined when none is stored.
   * @throws VersionStoreTamperedError when the stored content does not hash to its key
   */
  async byContentHash(contentHash: string): Promise<CompiledRuleSet | undefined> {
    const known = this.compiled.get(contentHash);
    if (known) return known;
    const content = await ruleVersionsRepository.content(this.db, contentHash);
    if (content === undefined) return undefined;
    const compiled = compileRuleSet(JSON.parse(content) as RuleFile);
    if (compiled.contentHash !== contentHash) throw new VersionStoreTamperedError(contentHash);
    // Two reads of one version at once compile it twice; both answer the first one kept.
    const first = this.compiled.get(contentHash);
    if (first) return first;
    this.compiled.set(contentHash, compiled);
    return compiled;
  }

  /** A stored version by number, verified. @throws UnknownRuleVersionError (404) */
  async byVersion(ruleSet: string, version: string): Promise<CompiledRuleSet> {
    const contentHash = await ruleVersionsRepository.contentHashOf(this.db, ruleSet, version);
    const compiled = contentHash === undefined ? undefined : await this.byContentHash(contentHash);
    if (!compiled) throw new UnknownRuleVersionError(ruleSet, version);
    return compiled;
  }

  /** The versions stored of a rule set (none: an unknown rule set), without their content. */
  list(ruleSet: string): Promise<StoredVersion[]> {
    return ruleVersionsRepository.ofRuleSet(this.db, ruleSet);
  }

  /** The versions of the rule sets never activated, per rule set highest version first (the start-up bootstrap). */
  neverActivated(): Promise<StoredVersion[]> {
    return ruleVersionsRepository.ofNeverActivatedRuleSets(this.db);
  }
}

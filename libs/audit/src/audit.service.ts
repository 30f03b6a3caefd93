import { Database } from '@pps/platform';
import { Inject, Injectable } from '@nestjs/common';
import { BadInputError, type Caller, NotFoundError, PartnerScopeError } from '@pps/platform';
import { VersionStore } from '@pps/rules';
import { type AuditDb } from './audit-db';
import { DecisionSealerService, SEAL_GAP_GRACE_MS } from './decision-sealer.service';
import { type DecisionFilter, type DecisionPage, findDecision, listDecisions } from './decision-query';
import type { SealedDecision } from './decision-record';
import type { DecisionWindow } from './decision-window';
import { exportNdjson } from './export-decisions';
import { analyzeImpact, type ImpactReport } from './impact';
import { IMPACT_MONEY_SOURCE, type ImpactMoneySource } from './impact-money.port';
import { replayRecord, type ReplayResult } from './replay';
import { SUBJECT_NAMES, type SubjectNames } from './subject-names.port';
import { verifyChain, type VerifyReport } from './verify-chain';

export interface ImpactCommand {
  /** A rule file not yet published (validated like a publish). */
  candidate?: unknown;
  /** Or a stored version of the rule set. */
  version?: string;
  from?: Date;
  to?: Date;
}

/**
 * What auditors do with the decision log: read (a partner key only its own partner's records),
 * replay, verify, export, and the impact of a candidate version. Nothing here writes a decision or
 * moves money; `verify` links pending records into the chain first (that is the sealer's job, not
 * a change of any record).
 */
@Injectable()
export class AuditService {
  private readonly db: AuditDb;

  constructor(
    em: Database,
    private readonly sealer: DecisionSealerService,
    @Inject(IMPACT_MONEY_SOURCE) private readonly moneySource: ImpactMoneySource,
    @Inject(SUBJECT_NAMES) private readonly names: SubjectNames,
    /** The rule versions: replay reads them verified; a candidate is checked as publishing checks it. */
    private readonly versions: VersionStore,
  ) {
    this.db = em;
  }

  /** @throws PartnerScopeError a partner key asking for another partner's decisions */
  list(caller: Caller, filter: DecisionFilter): Promise<DecisionPage> {
    if (caller.role === 'partner') {
      if (filter.partnerId !== undefined && filter.partnerId !== caller.partnerId) throw new PartnerScopeError();
      filter = { ...filter, partnerId: caller.partnerId };
    }
    return listDecisions(this.db, this.names, filter);
  }

  /** @throws NotFoundError, PartnerScopeError (a partner key, another partner's record) */
  async get(caller: Caller, id: string): Promise<SealedDecision> {
    const record = await findDecision(this.db, id);
    if (!record) throw new NotFoundError('Decision', id);
    if (caller.role === 'partner' && record.partnerId !== caller.partnerId) throw new PartnerScopeError();
    return record;
  }

  /** Re-evaluates one record with the exact version it used. @throws NotFoundError */
  async replay(id: string): Promise<ReplayResult> {
    const record = await findDecision(this.db, id);
    if (!record) throw new NotFoundError('Decision', id);
    return replayRecord(record, await this.versions.byContentHash(record.contentHash));
  }

  /** Seals what is committed (waiting out a just-rolled-back number once), then walks the chain. */
  async verify(window: DecisionWindow): Promise<VerifyReport> {
    const sealed = await this.sealer.sealNow();
    if (sealed.waitingFor !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, SEAL_GAP_GRACE_MS + 50));
      await this.sealer.sealNow();
    }
    return verifyChain(this.db, window);
  }

  exportNdjson(window: DecisionWindow): AsyncGenerator<string> {
    return exportNdjson(this.db, window);
  }

  /** @throws RuleFileInvalidError (400, every problem), UnknownRuleVersionError (404), BadInputError */
  async impact(ruleSet: string, command: ImpactCommand): Promise<ImpactReport> {
    if ((command.candidate === undefined) === (command.version === undefined)) {
      throw new BadInputError('Invalid request: give exactly one of candidate (a rule file) or version', [
        { field: 'candidate', problems: ['exactly one of candidate or version is required'] },
      ]);
    }
    const file =
      command.candidate !== undefined
        ? command.candidate
        : (await this.versions.byVersion(ruleSet, command.version as string)).file;
    // Checked (contract, validation, embedded tests), compiled and evaluated in the rule worker
    // thread; this thread streams the window from the database and prices the changes.
    const candidate = await this.versions.checkCandidate(file, { ruleSet, wording: 'impact' });
    try {
      return await analyzeImpact(this.db, this.moneySource, candidate, { from: command.from, to: command.to });
    } finally {
      await candidate.release();
    }
  }
}

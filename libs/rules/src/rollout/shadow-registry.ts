import { Database } from '@pps/platform';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Clock, ConflictError, DomainError } from '@pps/platform';
import type { CompiledRuleSet } from '../compile-rule-set';
import { RuleContractViolationError } from '../contracts/evaluate-under-contract';
import { PolicyRegistry, UnknownRuleSetError } from '../policy-registry.service';

export interface ShadowChange {
  id: string;
  ruleSet: string;
  kind: 'set' | 'clear';
  version: string | null;
  contentHash: string | null;
  reason: string;
  changedAt: string;
  changedBy: string | null;
}

interface ShadowRow {
  id: string;
  rule_set: string;
  kind: 'set' | 'clear';
  version: string | null;
  content_hash: string | null;
  reason: string;
  changed_at: Date | string;
  changed_by: string | null;
}

function toChange(r: ShadowRow): ShadowChange {
  return {
    id: String(r.id),
    ruleSet: r.rule_set,
    kind: r.kind,
    version: r.version,
    contentHash: r.content_hash,
    reason: r.reason,
    changedAt: new Date(r.changed_at).toISOString(),
    changedBy: r.changed_by,
  };
}

export interface ShadowInForce {
  change: ShadowChange;
  compiled: CompiledRuleSet;
}

export class NoShadowError extends DomainError {
  constructor(ruleSet: string) {
    super(
      'not_found',
      'PPS.0032',
      { zh: `${ruleSet} 没有影子版本`, en: `${ruleSet} has no shadow version` },
      { ruleSet },
    );
  }
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
    private readonly em: Database,
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
    const rows = await this.em.query<ShadowRow>(
      `select distinct on (rule_set) id::text as id, rule_set, kind, version, content_hash, reason, changed_at, changed_by
       from rule_shadows order by rule_set, id desc`,
    );
    const next = new Map<string, ShadowInForce>();
    let last = 0n;
    for (const row of rows) {
      if (BigInt(row.id) > last) last = BigInt(row.id);
      if (row.kind !== 'set' || !row.content_hash) continue;
      const compiled = await this.policy.byContentHash(row.content_hash);
      if (compiled) next.set(row.rule_set, { change: toChange(row), compiled });
    }
    this.shadows = next;
    this.lastId = String(last);
  }

  private async recheckNow(): Promise<void> {
    try {
      const [row] = await this.em.query<{ id: string | null }>(`select max(id)::text as id from rule_shadows`);
      if ((row?.id ?? '0') !== this.lastId) await this.reload();
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
      throw new ConflictError(
        'PPS.0033',
        {
          zh: `${ruleSet}@${version} 已是生效版本，不能作为影子版本`,
          en: `${ruleSet}@${version} is the active version; a shadow must be another version`,
        },
        { ruleSet, version },
      );
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
    const rows = await this.em.query<ShadowRow>(
      `select id::text as id, rule_set, kind, version, content_hash, reason, changed_at, changed_by from rule_shadows where rule_set = ? order by id`,
      [ruleSet],
    );
    return rows.map(toChange);
  }

  private async insert(
    ruleSet: string,
    kind: 'set' | 'clear',
    version: string | null,
    contentHash: string | null,
    reason: string,
    by: string | null,
  ): Promise<ShadowChange> {
    const [row] = await this.em.query<ShadowRow>(
      `insert into rule_shadows (rule_set, kind, version, content_hash, reason, changed_at, changed_by)
       values (?, ?, ?, ?, ?, ?, ?) returning id::text as id, rule_set, kind, version, content_hash, reason, changed_at, changed_by`,
      [ruleSet, kind, version, contentHash, reason, this.clock.now(), by],
    );
    await this.reload();
    return toChange(row);
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, DomainError } from '@pps/platform';
import { canonicalJson } from './canonical-json';
import { type CompiledRuleSet, compileRuleSet, type Evaluation } from './compile-rule-set';
import { loadRulesDir } from './rule-file.loader';
import type { RuleFile } from './rule-file.types';

export class UnknownRuleSetError extends DomainError {
  constructor(ruleSet: string) {
    super('not_found', 'PPS.0021', { zh: `规则集不存在或未激活: ${ruleSet}`, en: `No active version of rule set ${ruleSet}` }, { ruleSet });
  }
}

export class UnknownRuleVersionError extends DomainError {
  constructor(ruleSet: string, version: string) {
    super('not_found', 'PPS.0022', { zh: `规则版本不存在: ${ruleSet}@${version}`, en: `No version ${version} of rule set ${ruleSet}` }, { ruleSet, version });
  }
}

export function compareSemver(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * The rule versions this process evaluates with. At start it loads every valid file under
 * `rules/`, stores each version (immutable, by content hash) in `rule_versions` so that a decision
 * can always be replayed against the exact file it used, and makes the highest version of each rule
 * set the active one. An invalid file is reported and skipped, never activated. Each version is
 * compiled once and reused.
 */
@Injectable()
export class PolicyRegistry {
  private readonly logger = new Logger(PolicyRegistry.name);
  private readonly active = new Map<string, CompiledRuleSet>();
  private readonly byHash = new Map<string, CompiledRuleSet>();

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async loadFromDirectory(dir = this.config.rulesDir): Promise<void> {
    const loaded = await loadRulesDir(dir);
    const newest = new Map<string, CompiledRuleSet>();
    const em = this.em.fork();
    for (const entry of loaded) {
      if (!entry.file || entry.problems.length > 0) {
        this.logger.error({ file: entry.path, problems: entry.problems }, `rule file ${entry.path} is invalid; skipped`);
        continue;
      }
      const compiled = this.compile(entry.file);
      const [stored] = await em.execute<Array<{ content_hash: string }>>(
        `with ins as (
           insert into rule_versions (content_hash, rule_set, version, content) values (?, ?, ?, ?)
           on conflict do nothing returning content_hash
         )
         select content_hash from ins
         union all
         select content_hash from rule_versions where rule_set = ? and version = ?
         limit 1`,
        [compiled.contentHash, compiled.ruleSet, compiled.version, canonicalJson(compiled.file), compiled.ruleSet, compiled.version],
      );
      if (stored.content_hash !== compiled.contentHash) {
        // A published version is immutable: an edited file must carry a new version number.
        this.logger.error(
          { file: entry.path, stored: stored.content_hash, file_hash: compiled.contentHash },
          `${compiled.ruleSet}@${compiled.version} is already stored with other content; ${entry.path} is skipped — give the change a new version`,
        );
        continue;
      }
      const current = newest.get(compiled.ruleSet);
      if (!current || compareSemver(compiled.version, current.version) > 0) newest.set(compiled.ruleSet, compiled);
    }
    for (const [ruleSet, compiled] of newest) this.active.set(ruleSet, compiled);
    this.logger.log(`active rule sets: ${[...this.active.values()].map((c) => `${c.ruleSet}@${c.version}`).join(', ') || 'none'}`);
  }

  private compile(file: RuleFile): CompiledRuleSet {
    const compiled = compileRuleSet(file);
    const known = this.byHash.get(compiled.contentHash);
    if (known) return known;
    this.byHash.set(compiled.contentHash, compiled);
    return compiled;
  }

  activeVersion(ruleSet: string): CompiledRuleSet {
    const compiled = this.active.get(ruleSet);
    if (!compiled) throw new UnknownRuleSetError(ruleSet);
    return compiled;
  }

  activeRuleSets(): CompiledRuleSet[] {
    return [...this.active.values()].sort((a, b) => a.ruleSet.localeCompare(b.ruleSet));
  }

  /** A stored version by content hash (for replay), compiled on first use. */
  async byContentHash(contentHash: string): Promise<CompiledRuleSet | undefined> {
    const known = this.byHash.get(contentHash);
    if (known) return known;
    const rows = await this.em.fork().execute<Array<{ content: string }>>(`select content from rule_versions where content_hash = ?`, [contentHash]);
    return rows.length ? this.compile(JSON.parse(rows[0].content) as RuleFile) : undefined;
  }

  async byVersion(ruleSet: string, version: string): Promise<CompiledRuleSet> {
    const rows = await this.em.fork().execute<Array<{ content_hash: string }>>(
      `select content_hash from rule_versions where rule_set = ? and version = ?`,
      [ruleSet, version],
    );
    const compiled = rows.length ? await this.byContentHash(rows[0].content_hash) : undefined;
    if (!compiled) throw new UnknownRuleVersionError(ruleSet, version);
    return compiled;
  }

  async versions(ruleSet: string): Promise<Array<{ version: string; contentHash: string; publishedAt: Date; status: 'active' | 'available' }>> {
    const rows = await this.em.fork().execute<Array<{ version: string; content_hash: string; published_at: Date }>>(
      `select version, content_hash, published_at from rule_versions where rule_set = ? order by published_at, version`,
      [ruleSet],
    );
    if (rows.length === 0) throw new UnknownRuleSetError(ruleSet);
    const active = this.active.get(ruleSet)?.contentHash;
    return rows
      .map((r) => ({ version: r.version, contentHash: r.content_hash, publishedAt: r.published_at, status: r.content_hash === active ? ('active' as const) : ('available' as const) }))
      .sort((a, b) => compareSemver(a.version, b.version));
  }

  evaluate(ruleSet: string, facts: Record<string, unknown>): Evaluation {
    return this.activeVersion(ruleSet).evaluate(facts);
  }
}

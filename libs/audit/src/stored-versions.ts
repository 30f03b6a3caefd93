import { type CompiledRuleSet, compileRuleSet, type RuleFile, sha256OfCanonicalJson } from '@pps/rules';
import type { AuditDb } from './audit-db';

/** A stored version whose content does not hash to its key: the version store was altered. */
class VersionStoreTamperedError extends Error {
  constructor(readonly contentHash: string) {
    super(`rule_versions row ${contentHash} does not hash to its key`);
    this.name = 'VersionStoreTamperedError';
  }
}

/**
 * The rule versions stored in `rule_versions`, by content hash, compiled once. Replay and impact
 * use these (never the files on disk), and check that the stored content still hashes to its key.
 */
export class StoredVersions {
  private readonly cache = new Map<string, CompiledRuleSet | null>();

  constructor(private readonly db: AuditDb) {}

  async byContentHash(contentHash: string): Promise<CompiledRuleSet | undefined> {
    if (this.cache.has(contentHash)) return this.cache.get(contentHash) ?? undefined;
    const [row] = await this.db.query<{ content: string }>(`select content from rule_versions where content_hash = ?`, [
      contentHash,
    ]);
    let compiled: CompiledRuleSet | null = null;
    if (row) {
      const file = JSON.parse(row.content) as RuleFile;
      if (sha256OfCanonicalJson(file) !== contentHash) throw new VersionStoreTamperedError(contentHash);
      compiled = compileRuleSet(file);
    }
    this.cache.set(contentHash, compiled);
    return compiled ?? undefined;
  }

  async byVersion(ruleSet: string, version: string): Promise<CompiledRuleSet | undefined> {
    const [row] = await this.db.query<{ content_hash: string }>(
      `select content_hash from rule_versions where rule_set = ? and version = ?`,
      [ruleSet, version],
    );
    return row ? this.byContentHash(row.content_hash) : undefined;
  }
}

import type { Sql } from '@pps/platform';

/** A published version as stored (`rule_versions`), without its content. */
export interface StoredVersion {
  ruleSet: string;
  version: string;
  contentHash: string;
  publishedAt: Date;
  publishedBy: string | null;
}

/** The answer to storing a version: the row under its (rule set, version), and whether this call created it. */
export interface StoreOutcome {
  /** The content hash stored under the version number (another one than the given hash: a conflict). */
  contentHash: string;
  publishedAt: Date;
  created: boolean;
}

interface VersionRow {
  rule_set: string;
  version: string;
  content_hash: string;
  published_at: Date;
  published_by: string | null;
}

function toStoredVersion(r: VersionRow): StoredVersion {
  return {
    ruleSet: r.rule_set,
    version: r.version,
    contentHash: r.content_hash,
    publishedAt: r.published_at,
    publishedBy: r.published_by,
  };
}

/**
 * `rule_versions`: every version ever published, immutable, keyed by the sha256 of its canonical
 * JSON. Only the version store (versions/version-store.ts) calls this.
 */
export const ruleVersionsRepository = {
  /** The stored content (canonical JSON text) under a content hash. */
  async content(sql: Sql, contentHash: string): Promise<string | undefined> {
    const [row] = await sql.query<{ content: string }>(`select content from rule_versions where content_hash = ?`, [
      contentHash,
    ]);
    return row?.content;
  },

  async contentHashOf(sql: Sql, ruleSet: string, version: string): Promise<string | undefined> {
    const [row] = await sql.query<{ content_hash: string }>(
      `select content_hash from rule_versions where rule_set = ? and version = ?`,
      [ruleSet, version],
    );
    return row?.content_hash;
  },

  /**
   * Inserts the version unless its (rule set, version) or content hash is stored already; answers
   * the row stored under the version number either way (none: the content is stored under another number).
   */
  async insert(
    sql: Sql,
    version: { ruleSet: string; version: string; contentHash: string; canonical: string },
    publishedAt: Date,
    publishedBy: string | null,
  ): Promise<StoreOutcome | undefined> {
    const [row] = await sql.query<{ content_hash: string; published_at: Date; created: boolean }>(
      `with ins as (
         insert into rule_versions (content_hash, rule_set, version, content, published_at, published_by) values (?, ?, ?, ?, ?, ?)
         on conflict do nothing returning content_hash, published_at, true as created
       )
       select content_hash, published_at, created from ins
       union all
       select content_hash, published_at, false as created from rule_versions where rule_set = ? and version = ?
       limit 1`,
      [
        version.contentHash,
        version.ruleSet,
        version.version,
        version.canonical,
        publishedAt,
        publishedBy,
        version.ruleSet,
        version.version,
      ],
    );
    return row ? { contentHash: row.content_hash, publishedAt: row.published_at, created: row.created } : undefined;
  },

  /** The versions of a rule set, in no particular order. */
  async ofRuleSet(sql: Sql, ruleSet: string): Promise<StoredVersion[]> {
    const rows = await sql.query<VersionRow>(
      `select rule_set, version, content_hash, published_at, published_by from rule_versions where rule_set = ?`,
      [ruleSet],
    );
    return rows.map(toStoredVersion);
  },

  /** The versions of every rule set that was never activated, per rule set highest version first. */
  async ofNeverActivatedRuleSets(sql: Sql): Promise<StoredVersion[]> {
    const rows = await sql.query<VersionRow>(
      `select v.rule_set, v.version, v.content_hash, v.published_at, v.published_by from rule_versions v
       where not exists (select 1 from rule_activations a where a.rule_set = v.rule_set)
       order by v.rule_set, string_to_array(v.version, '.')::int[] desc`,
    );
    return rows.map(toStoredVersion);
  },
};

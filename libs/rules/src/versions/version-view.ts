import type { Activation } from '../activation/rule-activations.repository';
import type { StoredVersion } from './rule-versions.repository';

/** A stored version as `GET /v1/rule-sets/:ruleSet/versions` lists it. */
export interface VersionView {
  version: string;
  contentHash: string;
  status: 'active' | 'scheduled' | 'superseded' | 'available';
  publishedAt: string;
  publishedBy: string | null;
  effectiveFrom: string | null;
}

function compareSemver(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * The status of each stored version at `now`, given the rule set's activation history and the
 * content hash in force: active, scheduled (an activation from a later instant), superseded (was
 * active), or available (never activated); in semver order.
 */
export function versionViews(
  stored: readonly StoredVersion[],
  history: readonly Activation[],
  activeHash: string | undefined,
  now: number,
): VersionView[] {
  return stored
    .map((r): VersionView => {
      const own = history.filter((a) => a.contentHash === r.contentHash);
      const scheduled = own.find((a) => Date.parse(a.effectiveFrom) > now);
      const status =
        r.contentHash === activeHash ? 'active' : scheduled ? 'scheduled' : own.length > 0 ? 'superseded' : 'available';
      const effective = scheduled ?? [...own].reverse().find((a) => Date.parse(a.effectiveFrom) <= now);
      return {
        version: r.version,
        contentHash: r.contentHash,
        status,
        publishedAt: r.publishedAt.toISOString(),
        publishedBy: r.publishedBy,
        effectiveFrom: effective ? effective.effectiveFrom : null,
      };
    })
    .sort((a, b) => compareSemver(a.version, b.version));
}

/** The shapes of the safe-rollout answers (shadow versions, change requests, instances, the simulator). */
import type { components } from './api-schema';
import type { ImpactGroup, ImpactReport, Outcome, Reason, RuleResult } from './types';

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

export interface ShadowView {
  ruleSet: string;
  shadow: { version: string; contentHash: string; since: string } | null;
  history: ShadowChange[];
}

export interface ShadowReport {
  ruleSet: string;
  window: { from: string | null; to: string | null };
  shadows: Array<{ version: string; contentHash: string; decisions: number }>;
  examined: number;
  same: number;
  differing: number;
  groups: ImpactGroup[];
  failed: { count: number; sampleDecisionIds: string[]; errors: Array<{ error: string; count: number }> };
  money: ImpactReport['money'] & {
    requestedNowAllowed: Array<{ partnerId: string | null; amount: string; decisions: number }>;
    samples: Array<{
      decision_id: string;
      deltas: Array<{ ownerType: string; ownerId: string; currency: string; amount: string }>;
    }>;
    byDay: Array<{ day: string; partnerId: string; currency: string; amount: string }>;
  };
}

export interface ChangeRequest {
  id: string;
  ruleSet: string;
  kind: 'activate' | 'rollback';
  version: string;
  contentHash: string;
  fromVersion: string | null;
  effectiveFrom: string | null;
  reason: string;
  requestedBy: string | null;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  activationId: string | null;
  impact: ImpactReport;
  shadowReport: ShadowReport | null;
}

export interface InstanceStatus {
  instanceId: string;
  host: string;
  pid: number;
  startedAt: string;
  beatAt: string;
  lastHeardAt: string | null;
  versions: Record<string, { version: string; contentHash: string }>;
  shadows: Record<string, { version: string; contentHash: string }>;
  stale: boolean;
  staleReason: string | null;
  silentForS: number;
  silent: boolean;
  lagging: Array<{ ruleSet: string; instanceVersion: string | null; storeVersion: string }>;
  self: boolean;
}

/** Request bodies, from the service's OpenAPI document (api-schema.ts is generated, never edited). */
type Schemas = components['schemas'];
export type SimulateTarget = Schemas['SimulateTargetDto'];
export type SimulateBody = Schemas['SimulateDto'];
export type SetShadowBody = Schemas['SetShadowDto'];
export type ReasonBody = Schemas['ReasonDto'];

export interface SimulatedOutcome {
  target: { kind: SimulateTarget['kind']; version: string | null };
  version: string;
  contentHash: string;
  outcome: Outcome | null;
  reasons: Reason[];
  matchedRules: string[];
  results: RuleResult[];
  error: { code: string; message: string } | null;
  differsFromFirst: boolean;
}

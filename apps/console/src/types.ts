/** The shapes of the /v1 answers the console reads (see /docs on the service). */
type Role = 'admin' | 'service' | 'auditor' | 'partner';

export interface Me {
  id: string;
  role: Role;
  partnerId: string | null;
}

export interface RuleSetSummary {
  ruleSet: string;
  activeVersion: string;
  contentHash: string;
}

type VersionStatus = 'active' | 'scheduled' | 'superseded' | 'available';

export interface VersionView {
  version: string;
  contentHash: string;
  status: VersionStatus;
  publishedAt: string;
  publishedBy: string | null;
  effectiveFrom: string | null;
}

export interface Activation {
  id: string;
  version: string;
  fromVersion: string | null;
  kind: 'bootstrap' | 'activate' | 'rollback';
  reason: string;
  effectiveFrom: string;
  activatedAt: string;
  activatedBy: string | null;
  /** With four eyes: who requested and who approved (null otherwise). */
  requestedBy?: string | null;
  approvedBy?: string | null;
  changeRequestId?: string | null;
}

export interface VersionsAnswer {
  ruleSet: string;
  versions: VersionView[];
  history: Activation[];
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

interface LocalizedText {
  zh: string;
  en: string;
}

export interface Reason {
  code: string;
  message?: LocalizedText | string;
}

interface LeafCondition {
  fact: string;
  operator: string;
  value: JsonValue;
  days?: number | { param: string };
  months?: number | { param: string };
}

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | LeafCondition;

export interface RuleDefinition {
  name: string;
  priority: number;
  description?: string;
  conditions: Condition;
  event: { type: 'deny' | 'value'; params: { reason?: Reason; value?: JsonValue } };
}

export interface RuleFile {
  ruleSet: string;
  version: string;
  description?: string;
  parameters: Record<string, { type: string; value: JsonValue; description?: string }>;
  facts: Record<
    string,
    { type: string; values?: string[]; required?: boolean; description?: string; example?: JsonValue }
  >;
  rules: RuleDefinition[];
  default: { effect: 'allow' | 'deny'; value?: JsonValue; reasons?: Reason[] };
  tests: Array<{ name: string }>;
}

export interface VersionDiff {
  ruleSet: string;
  from: { version: string; contentHash: string };
  to: { version: string; contentHash: string };
  rulesAdded: string[];
  rulesRemoved: string[];
  rulesChanged: string[];
  parametersAdded: Array<{ name: string; value: unknown }>;
  parametersRemoved: Array<{ name: string; value: unknown }>;
  parametersChanged: Array<{ name: string; from: unknown; to: unknown }>;
  factsAdded: string[];
  factsRemoved: string[];
  factsChanged: string[];
  defaultChanged: boolean;
  testsAdded: string[];
  testsRemoved: string[];
}

export interface Outcome {
  effect: string;
  value?: unknown;
}

export interface ImpactGroup {
  from: Outcome;
  to: Outcome;
  reasonFrom: string | null;
  reasonTo: string | null;
  count: number;
  sampleDecisionIds: string[];
}

interface PartnerMoney {
  partnerId: string;
  currency?: string;
  amount: string;
  decisions?: number;
}

export interface ImpactReport {
  ruleSet: string;
  candidate: { version: string; contentHash: string };
  window: { from: string | null; to: string | null };
  examined: number;
  changed: number;
  groups: ImpactGroup[];
  money: {
    byPartner: PartnerMoney[];
    total?: Array<{ currency: string; movedDifferently?: string; partners?: string; customers?: string }>;
    unquantified?: { count: number; sampleDecisionIds: string[] };
  };
  unevaluable?: { count: number; sampleDecisionIds: string[]; firstError: string | null };
}

interface ConditionResult {
  fact: string;
  operator: string;
  factValue: unknown;
  value: unknown;
  result: boolean;
}

export interface RuleResult {
  rule: string;
  priority: number;
  result: boolean;
  conditions: ConditionResult[];
}

export interface Decision {
  id: string;
  seq: string;
  decidedAt: string;
  ruleSet: string;
  version: string;
  contentHash: string;
  facts: Record<string, unknown>;
  outcome: Outcome;
  effect: 'allow' | 'deny' | null;
  reasons: Reason[];
  results: RuleResult[];
  matchedRules: string[] | null;
  operation: string;
  partnerId: string | null;
  customerId: string | null;
  subject: Record<string, unknown>;
  transferId: string | null;
  requestId: string | null;
  callerKeyId: string | null;
  callerRole: string | null;
  chain: { pos: string; prevHash: string; hash: string; sealedAt: string } | null;
}

export interface DecisionPage {
  items: Decision[];
  nextCursor: string | null;
}

export interface ReplayResult {
  match: boolean;
  differences?: string[];
  original: { outcome: Outcome; reasons: Reason[]; matchedRules: string[] | null };
  replayed: { outcome: Outcome; reasons: Reason[]; matchedRules: string[] } | null;
  error?: string;
}

export interface VerifyReport {
  ok: boolean;
  checked: number;
  pending?: number;
  firstBrokenId?: string | null;
}

interface TransferLeg {
  accountId: string;
  ownerType: 'platform' | 'partner' | 'customer';
  ownerId: string;
  kind: string;
  amount: string;
  currency: string;
}

export interface Transfer {
  id: string;
  code: string;
  decision_id: string | null;
  createdAt: string;
  legs: TransferLeg[];
}

export interface Partner {
  id: string;
  name: string;
  kind: string;
  balances: { cash: string; available: string; incentive: string; voucherQuota: string; payoutPending?: string };
  [key: string]: unknown;
}

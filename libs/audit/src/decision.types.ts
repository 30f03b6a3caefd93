export interface DecisionSubject {
  operation: string;
  partnerId?: string | null;
  customerId?: string | null;
  /** Other ids the decision is about (association, order, incentive …). */
  [key: string]: unknown;
}

export interface DecisionInput {
  id: string;
  decidedAt: Date;
  ruleSet: string;
  version: string;
  contentHash: string;
  facts: Record<string, unknown>;
  outcome: unknown;
  effect: 'allow' | 'deny' | null;
  reasons: unknown[];
  results: unknown[];
  /**
   * Names of the rules whose conditions held, highest priority first (Evaluation.matchedRules).
   * When left out, they are read from `results` (the rules whose `result` is true, in order).
   */
  matchedRules?: string[];
  subject: DecisionSubject;
  /** The transfer this decision authorises, when it is an allow that moves money. */
  transferId: string | null;
  requestId?: string;
  callerKeyId?: string;
  callerRole?: string;
}

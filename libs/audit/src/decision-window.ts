/** A time window of decisions: `from` inclusive, `to` exclusive, either may be open. */
export interface DecisionWindow {
  from?: Date;
  to?: Date;
  ruleSet?: string;
}

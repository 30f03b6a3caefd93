/** A time window of decisions: `from` inclusive, `to` exclusive, either may be open. */
export interface DecisionWindow {
  from?: Date;
  to?: Date;
  ruleSet?: string;
}

/** `and …` conditions (on alias `d`) and their parameters for a window. */
export function windowSql(window: DecisionWindow): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (window.from) {
    parts.push('d.decided_at >= ?');
    params.push(window.from.toISOString());
  }
  if (window.to) {
    parts.push('d.decided_at < ?');
    params.push(window.to.toISOString());
  }
  if (window.ruleSet) {
    parts.push('d.rule_set = ?');
    params.push(window.ruleSet);
  }
  return { sql: parts.map((p) => ` and ${p}`).join(''), params };
}

import type { Condition, JsonValue, RuleDefinition } from '../../types';
import { Badge, Json, messageText } from '../../ui';

/** One rule, readable: its conditions as a tree, what it decides. */
export function RuleCard({ rule, mark }: { rule: RuleDefinition; mark?: 'added' | 'removed' | 'before' | 'after' }) {
  const reason = rule.event.params.reason;
  return (
    <article className={`rule ${mark ? `rule-${mark}` : ''}`} data-rule={rule.name}>
      <header>
        <strong>{rule.name}</strong> <span className="muted small">priority {rule.priority}</span>
        {mark && <Badge kind={mark}>{mark}</Badge>}
      </header>
      {rule.description && <p className="small">{rule.description}</p>}
      <div className="small">
        <strong>When</strong>
        <ConditionView condition={rule.conditions} />
      </div>
      <div className="small">
        <strong>Then</strong>{' '}
        {rule.event.type === 'deny' ? <Badge kind="deny">deny</Badge> : <Badge kind="allow">value</Badge>}{' '}
        {rule.event.params.value !== undefined && <Json value={rule.event.params.value} />}{' '}
        {reason && (
          <>
            <code>{reason.code}</code> {messageText(reason.message)}
          </>
        )}
      </div>
    </article>
  );
}

function operand(value: JsonValue): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if (typeof value.fact === 'string') return `fact ${value.fact}`;
    if (typeof value.param === 'string') return `parameter ${value.param}`;
  }
  return JSON.stringify(value);
}

function ConditionView({ condition }: { condition: Condition }) {
  if ('all' in condition || 'any' in condition) {
    const all = 'all' in condition;
    const children = all ? condition.all : condition.any;
    return (
      <div className="cond-group">
        <span className="muted">{all ? 'all of' : 'any of'}</span>
        <ul>
          {children.map((c, i) => (
            <li key={i}>
              <ConditionView condition={c} />
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if ('not' in condition) {
    return (
      <div className="cond-group">
        <span className="muted">not</span>
        <ConditionView condition={condition.not} />
      </div>
    );
  }
  const period =
    condition.days !== undefined
      ? ` (${operand(condition.days)} days)`
      : condition.months !== undefined
        ? ` (${operand(condition.months)} months)`
        : '';
  return (
    <span className="cond">
      <code>{condition.fact}</code> <em>{condition.operator}</em>
      {period} <code>{operand(condition.value)}</code>
    </span>
  );
}

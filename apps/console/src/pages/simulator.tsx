import { type ChangeEvent, type FormEvent, useState } from 'react';
import { api, withQuery } from '../api';
import { navigate } from '../router';
import type { ShadowView, SimulateBody, SimulatedOutcome, SimulateTarget } from '../rollout-types';
import type { JsonValue, RuleFile, RuleResult, RuleSetSummary, VersionsAnswer } from '../types';
import { Badge, Empty, ErrorBox, Hash, Json, messageText, outcomeText, useAction, useLoad } from '../ui';

const enc = encodeURIComponent;
type FactSpec = RuleFile['facts'][string];

/** The text a form field starts with: the fact's example. */
function initialText(spec: FactSpec): string {
  if (spec.example === undefined || spec.example === null) return '';
  return typeof spec.example === 'string' ? spec.example : JSON.stringify(spec.example);
}

/** A form value → the fact's JSON value (money stays a decimal string); empty → left out. */
function factValue(spec: FactSpec, text: string): JsonValue | undefined {
  if (text === '') return undefined;
  if (spec.type === 'boolean') return text === 'true';
  if (spec.type === 'integer') return /^-?\d+$/.test(text) ? Number(text) : text;
  if (spec.type === 'list') {
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The simulator: a form generated from the rule set's declared facts (types, enum values,
 * examples), evaluated by the active version, the shadow, a stored and an uploaded version side by
 * side — condition by condition, with what differs from the first column highlighted. Nothing is
 * recorded.
 */
export function SimulatorPage({ initialRuleSet }: { initialRuleSet: string }) {
  const sets = useLoad(() => api<RuleSetSummary[]>('GET', '/v1/rule-sets'), []);
  const ruleSet = initialRuleSet || (sets.data?.[0]?.ruleSet ?? '');
  const context = useLoad(async () => {
    if (!ruleSet) return undefined;
    const base = `/v1/rule-sets/${enc(ruleSet)}`;
    const [versions, shadow] = await Promise.all([
      api<VersionsAnswer>('GET', `${base}/versions`),
      api<ShadowView>('GET', `${base}/shadow`),
    ]);
    const active = versions.versions.find((v) => v.status === 'active');
    const file = active ? await api<RuleFile>('GET', `${base}/versions/${enc(active.version)}`) : undefined;
    return { versions, shadow, file, active };
  }, [ruleSet]);

  return (
    <section>
      <h1>Simulator</h1>
      <p className="muted">
        Evaluate facts against several versions side by side. Nothing is recorded, no money moves.
      </p>
      <label>
        Rule set{' '}
        <select
          name="ruleSet"
          value={ruleSet}
          onChange={(e) => navigate(withQuery('/simulator', { ruleSet: e.target.value }))}
        >
          {(sets.data ?? []).map((s) => (
            <option key={s.ruleSet}>{s.ruleSet}</option>
          ))}
        </select>
      </label>
      <ErrorBox error={sets.error ?? context.error} />
      {!context.loading && context.data?.file && (
        <SimulatorForm
          key={`${context.data.file.ruleSet}@${context.data.file.version}:${context.data.shadow.shadow?.version ?? ''}`}
          ruleSet={ruleSet}
          file={context.data.file}
          stored={context.data.versions.versions.map((v) => v.version)}
          shadow={context.data.shadow.shadow?.version ?? null}
        />
      )}
    </section>
  );
}

function SimulatorForm({
  ruleSet,
  file,
  stored,
  shadow,
}: {
  ruleSet: string;
  file: RuleFile;
  stored: string[];
  shadow: string | null;
}) {
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(file.facts).map(([name, spec]) => [name, initialText(spec)])),
  );
  const [useShadow, setUseShadow] = useState(shadow !== null);
  const [storedVersion, setStoredVersion] = useState('');
  const [uploaded, setUploaded] = useState('');
  const [parseError, setParseError] = useState<string>();
  const run = useAction((targets: SimulateTarget[], facts: Record<string, JsonValue>) => {
    const body: SimulateBody = { facts, targets };
    return api<{ results: SimulatedOutcome[] }>('POST', `/v1/rule-sets/${enc(ruleSet)}/simulate`, { body });
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setParseError(undefined);
    const targets: SimulateTarget[] = [{ kind: 'active' }];
    if (useShadow && shadow) targets.push({ kind: 'shadow' });
    if (storedVersion) targets.push({ kind: 'stored', version: storedVersion });
    if (uploaded.trim()) {
      try {
        targets.push({ kind: 'uploaded', file: JSON.parse(uploaded) as Record<string, unknown> });
      } catch (err) {
        setParseError(`The uploaded version is not JSON: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
    }
    const facts: Record<string, JsonValue> = {};
    for (const [name, spec] of Object.entries(file.facts)) {
      const value = factValue(spec, texts[name] ?? '');
      if (value !== undefined) facts[name] = value;
    }
    await run.run(targets, facts);
  };
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f) setUploaded(await f.text());
  };

  return (
    <>
      <form className="simulator-form" onSubmit={(e) => void submit(e)} aria-label="Facts">
        <fieldset>
          <legend>
            Facts of {ruleSet} {file.version}
          </legend>
          <div className="facts-grid">
            {Object.entries(file.facts).map(([name, spec]) => (
              <label key={name} title={spec.description}>
                <span>
                  <code>{name}</code> <span className="muted small">{spec.type}</span>
                  {spec.required === false && <span className="muted small"> (optional)</span>}
                </span>
                {spec.type === 'enum' || spec.type === 'boolean' ? (
                  <select
                    name={name}
                    value={texts[name] ?? ''}
                    onChange={(e) => setTexts((t) => ({ ...t, [name]: e.target.value }))}
                  >
                    <option value="">(absent)</option>
                    {(spec.type === 'boolean' ? ['true', 'false'] : (spec.values ?? [])).map((v) => (
                      <option key={v}>{v}</option>
                    ))}
                  </select>
                ) : (
                  <input
                    name={name}
                    value={texts[name] ?? ''}
                    onChange={(e) => setTexts((t) => ({ ...t, [name]: e.target.value }))}
                    spellCheck={false}
                  />
                )}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Versions</legend>
          <label>
            <input type="checkbox" checked disabled /> active {file.version}
          </label>
          <label>
            <input
              type="checkbox"
              name="shadow"
              checked={useShadow && shadow !== null}
              disabled={shadow === null}
              onChange={(e) => setUseShadow(e.target.checked)}
            />{' '}
            shadow {shadow ?? '(none set)'}
          </label>
          <label>
            stored{' '}
            <select name="storedVersion" value={storedVersion} onChange={(e) => setStoredVersion(e.target.value)}>
              <option value="">(none)</option>
              {stored.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
          </label>
          <label>
            uploaded <input type="file" accept="application/json,.json" onChange={(e) => void onFile(e)} />
          </label>
          <textarea
            name="uploaded"
            rows={3}
            placeholder="…or paste a candidate rule file (JSON)"
            value={uploaded}
            onChange={(e) => setUploaded(e.target.value)}
          />
        </fieldset>
        <button type="submit" disabled={run.busy}>
          {run.busy ? 'Evaluating…' : 'Evaluate side by side'}
        </button>
        {parseError && <p className="error">{parseError}</p>}
        <ErrorBox error={run.error} />
      </form>
      {run.result && <SideBySide results={run.result.results} />}
    </>
  );
}

function SideBySide({ results }: { results: SimulatedOutcome[] }) {
  const first = results[0];
  const matchedInFirst = new Map((first?.results ?? []).map((r) => [r.rule, r.result]));
  return (
    <div
      className="simulation"
      data-testid="simulation"
      style={{ gridTemplateColumns: `repeat(${results.length}, minmax(0, 1fr))` }}
    >
      {results.map((r, i) => (
        <article
          key={i}
          className={`sim-column ${r.differsFromFirst ? 'differs' : ''}`}
          data-kind={r.target.kind}
          data-differs={r.differsFromFirst ? 'true' : 'false'}
        >
          <header>
            <Badge kind={r.target.kind === 'active' ? 'active' : 'scheduled'}>{r.target.kind}</Badge>{' '}
            <strong>{r.version}</strong> <Hash value={r.contentHash} length={8} />
          </header>
          {r.error ? (
            <p className="error" data-testid="sim-error">
              <code>{r.error.code}</code> {r.error.message}
            </p>
          ) : (
            <>
              <p className="sim-outcome" data-testid="sim-outcome">
                <Badge kind={r.outcome?.effect ?? 'deny'}>{outcomeText(r.outcome)}</Badge>
                {r.differsFromFirst && <span className="differs-note"> differs from {first.target.kind}</span>}
              </p>
              <p className="small">
                {r.reasons.length === 0
                  ? 'no reason'
                  : r.reasons.map((reason) => (
                      <span key={reason.code}>
                        <code>{reason.code}</code> {messageText(reason.message)}{' '}
                      </span>
                    ))}
              </p>
              {r.results.length === 0 ? (
                <Empty>No rules: the default decided.</Empty>
              ) : (
                r.results.map((rule) => (
                  <TraceRule
                    key={rule.rule}
                    rule={rule}
                    differs={i > 0 && matchedInFirst.get(rule.rule) !== rule.result}
                  />
                ))
              )}
            </>
          )}
        </article>
      ))}
    </div>
  );
}

function TraceRule({ rule, differs }: { rule: RuleResult; differs: boolean }) {
  return (
    <div
      className={`trace-rule ${rule.result ? 'rule-matched' : ''} ${differs ? 'trace-differs' : ''}`}
      data-rule={rule.rule}
    >
      <div className="small">
        <strong>{rule.rule}</strong>{' '}
        <Badge kind={rule.result ? 'matched' : 'unmatched'}>{rule.result ? 'matched' : 'not matched'}</Badge>
      </div>
      <ul className="trace-conditions small">
        {rule.conditions.map((c, i) => (
          <li key={i} className={c.result ? 'cond-true' : 'cond-false'}>
            {c.result ? '✓' : '✗'} <code>{c.fact}</code> = <Json value={c.factValue} /> <em>{c.operator}</em>{' '}
            <Json value={c.value} />
          </li>
        ))}
      </ul>
    </div>
  );
}

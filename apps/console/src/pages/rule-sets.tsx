import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import type {
  Activation,
  Condition,
  JsonValue,
  RuleDefinition,
  RuleFile,
  RuleSetSummary,
  VersionDiff,
  VersionsAnswer,
  VersionView,
} from '../types';
import { Badge, Empty, ErrorBox, Hash, Json, localToIso, messageText, Show, Time, useAction, useLoad } from '../ui';

const enc = encodeURIComponent;

export function RuleSetsPage() {
  const state = useLoad(() => api<RuleSetSummary[]>('GET', '/v1/rule-sets'), []);
  return (
    <section>
      <h1>Rule sets</h1>
      <Show state={state} what="Loading rule sets">
        {(sets) =>
          sets.length === 0 ? (
            <Empty>No rule set is active yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Rule set</th>
                    <th>Active version</th>
                    <th>Content hash</th>
                  </tr>
                </thead>
                <tbody>
                  {sets.map((s) => (
                    <tr key={s.ruleSet}>
                      <td>
                        <Link to={`/rule-sets/${enc(s.ruleSet)}`}>{s.ruleSet}</Link>
                      </td>
                      <td>{s.activeVersion}</td>
                      <td>
                        <Hash value={s.contentHash} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </section>
  );
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

export function RuleSetPage({ ruleSet }: { ruleSet: string }) {
  const { isAdmin } = useSession();
  const state = useLoad(() => api<VersionsAnswer>('GET', `/v1/rule-sets/${enc(ruleSet)}/versions`), [ruleSet]);
  return (
    <section>
      <p className="crumbs">
        <Link to="/">Rule sets</Link> / {ruleSet}
      </p>
      <h1>{ruleSet}</h1>
      <p>
        <Link to={`/impact?ruleSet=${enc(ruleSet)}`}>Check the impact of a candidate file →</Link>
      </p>
      <Show state={state} what="Loading versions">
        {(answer) => {
          const versions = [...answer.versions].sort((a, b) => compareVersions(b.version, a.version));
          return (
            <>
              <h2>Versions</h2>
              {versions.length === 0 ? (
                <Empty>No stored version.</Empty>
              ) : (
                <div className="table-wrap">
                  <table data-testid="versions">
                    <thead>
                      <tr>
                        <th>Version</th>
                        <th>Status</th>
                        <th>Content hash</th>
                        <th>Published</th>
                        <th>Effective from</th>
                        <th></th>
                      </tr>
                    </thead>
                    <tbody>
                      {versions.map((v) => (
                        <VersionRow
                          key={v.version}
                          ruleSet={ruleSet}
                          version={v}
                          isAdmin={isAdmin}
                          onChanged={state.reload}
                        />
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {versions.length >= 2 && <DiffPicker ruleSet={ruleSet} versions={versions} />}
              {isAdmin && <RollbackForm ruleSet={ruleSet} history={answer.history} onDone={state.reload} />}
              <h2>History</h2>
              <HistoryTable history={answer.history} />
            </>
          );
        }}
      </Show>
    </section>
  );
}

function VersionRow({
  ruleSet,
  version,
  isAdmin,
  onChanged,
}: {
  ruleSet: string;
  version: VersionView;
  isAdmin: boolean;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr data-version={version.version}>
        <td>
          <Link to={`/rule-sets/${enc(ruleSet)}/versions/${enc(version.version)}`}>{version.version}</Link>
        </td>
        <td>
          <Badge kind={version.status}>{version.status}</Badge>
        </td>
        <td>
          <Hash value={version.contentHash} />
        </td>
        <td>
          <Time value={version.publishedAt} />
          {version.publishedBy && <div className="muted small">by {version.publishedBy.slice(0, 8)}</div>}
        </td>
        <td>
          <Time value={version.effectiveFrom} />
        </td>
        <td>
          {isAdmin && version.status !== 'active' && (
            <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
              Activate {version.version}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={6}>
            <ActivateForm
              ruleSet={ruleSet}
              version={version.version}
              onDone={() => {
                setOpen(false);
                onChanged();
              }}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function ActivateForm({ ruleSet, version, onDone }: { ruleSet: string; version: string; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const action = useAction(() =>
    api<Activation>('POST', `/v1/rule-sets/${enc(ruleSet)}/activate`, {
      body: { version, reason: reason.trim(), ...(effectiveFrom ? { effectiveFrom: localToIso(effectiveFrom) } : {}) },
    }),
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await action.run()) onDone();
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label={`Activate ${version}`}>
      <label>
        Reason (required)
        <input
          name="reason"
          required
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="CHG-123 …"
        />
      </label>
      <label>
        Effective from (optional: schedules it)
        <input
          type="datetime-local"
          name="effectiveFrom"
          value={effectiveFrom}
          onChange={(e) => setEffectiveFrom(e.target.value)}
        />
      </label>
      <button type="submit" disabled={action.busy || reason.trim() === ''}>
        {action.busy ? 'Activating…' : `Confirm activation of ${version}`}
      </button>
      <ErrorBox error={action.error} />
    </form>
  );
}

function RollbackForm({ ruleSet, history, onDone }: { ruleSet: string; history: Activation[]; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const action = useAction(() =>
    api<Activation>('POST', `/v1/rule-sets/${enc(ruleSet)}/rollback`, { body: { reason: reason.trim() } }),
  );
  if (history.length < 2) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await action.run()) {
      setReason('');
      onDone();
    }
  };
  return (
    <details className="panel">
      <summary>Roll back to the previous version</summary>
      <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="Roll back">
        <label>
          Reason (required)
          <input
            name="rollbackReason"
            required
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <button type="submit" className="danger" disabled={action.busy || reason.trim() === ''}>
          {action.busy ? 'Rolling back…' : 'Roll back'}
        </button>
        <ErrorBox error={action.error} />
      </form>
    </details>
  );
}

function DiffPicker({ ruleSet, versions }: { ruleSet: string; versions: VersionView[] }) {
  const [from, setFrom] = useState(versions[1].version);
  const [to, setTo] = useState(versions[0].version);
  return (
    <form
      className="inline-form"
      aria-label="Compare versions"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(`/rule-sets/${enc(ruleSet)}/diff?from=${enc(from)}&to=${enc(to)}`);
      }}
    >
      <label>
        Compare
        <select name="from" value={from} onChange={(e) => setFrom(e.target.value)}>
          {versions.map((v) => (
            <option key={v.version}>{v.version}</option>
          ))}
        </select>
      </label>
      <label>
        with
        <select name="to" value={to} onChange={(e) => setTo(e.target.value)}>
          {versions.map((v) => (
            <option key={v.version}>{v.version}</option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={from === to}>
        Show diff
      </button>
    </form>
  );
}

function HistoryTable({ history }: { history: Activation[] }) {
  if (history.length === 0) return <Empty>Never activated.</Empty>;
  const rows = [...history].sort((a, b) => b.activatedAt.localeCompare(a.activatedAt));
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>What</th>
            <th>Version</th>
            <th>Who</th>
            <th>Why</th>
            <th>Effective from</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((h) => (
            <tr key={h.id}>
              <td>
                <Time value={h.activatedAt} />
              </td>
              <td>{h.kind}</td>
              <td>
                {h.fromVersion ? `${h.fromVersion} → ` : ''}
                {h.version}
              </td>
              <td>
                {h.activatedBy ? (
                  <code>{h.activatedBy.slice(0, 8)}</code>
                ) : (
                  <span className="muted">service start</span>
                )}
              </td>
              <td>{h.reason}</td>
              <td>
                <Time value={h.effectiveFrom} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---- a readable version ------------------------------------------------------------------------

export function VersionPage({ ruleSet, version }: { ruleSet: string; version: string }) {
  const state = useLoad(
    () => api<RuleFile>('GET', `/v1/rule-sets/${enc(ruleSet)}/versions/${enc(version)}`),
    [ruleSet, version],
  );
  return (
    <section>
      <p className="crumbs">
        <Link to="/">Rule sets</Link> / <Link to={`/rule-sets/${enc(ruleSet)}`}>{ruleSet}</Link> / {version}
      </p>
      <h1>
        {ruleSet} {version}
      </h1>
      <Show state={state} what="Loading the rule file">
        {(file) => <RuleFileView file={file} />}
      </Show>
    </section>
  );
}

function RuleFileView({ file }: { file: RuleFile }) {
  return (
    <>
      {file.description && <p>{file.description}</p>}
      <h2>Parameters</h2>
      <ParametersTable parameters={file.parameters} />
      <h2>Rules</h2>
      {file.rules.length === 0 ? (
        <Empty>No rules: the default decides.</Empty>
      ) : (
        file.rules.map((rule) => <RuleCard key={rule.name} rule={rule} />)
      )}
      <h2>Default</h2>
      <p>
        <Badge kind={file.default.effect}>{file.default.effect}</Badge>{' '}
        {file.default.value !== undefined && <Json value={file.default.value} />}{' '}
        {file.default.reasons?.map((r) => (
          <span key={r.code}>
            <code>{r.code}</code> {messageText(r.message)}{' '}
          </span>
        ))}
      </p>
      <h2>Facts</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Fact</th>
              <th>Type</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(file.facts).map(([name, fact]) => (
              <tr key={name}>
                <td>
                  <code>{name}</code>
                </td>
                <td>
                  {fact.type}
                  {fact.values ? `: ${fact.values.join(' | ')}` : ''}
                  {fact.required === false ? ' (optional)' : ''}
                </td>
                <td>{fact.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{file.tests.length} embedded tests.</p>
    </>
  );
}

function ParametersTable({ parameters }: { parameters: RuleFile['parameters'] }) {
  const entries = Object.entries(parameters);
  if (entries.length === 0) return <Empty>No parameters.</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>Parameter</th>
            <th>Value</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, p]) => (
            <tr key={name}>
              <td>
                <code>{name}</code>
              </td>
              <td>
                <Json value={p.value} /> <span className="muted small">{p.type}</span>
              </td>
              <td>{p.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RuleCard({ rule, mark }: { rule: RuleDefinition; mark?: 'added' | 'removed' | 'before' | 'after' }) {
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

// ---- the diff of two versions ------------------------------------------------------------------

export function DiffPage({ ruleSet, from, to }: { ruleSet: string; from: string; to: string }) {
  const state = useLoad(async () => {
    const base = `/v1/rule-sets/${enc(ruleSet)}`;
    const [diff, a, b] = await Promise.all([
      api<VersionDiff>('GET', `${base}/diff`, { query: { from, to } }),
      api<RuleFile>('GET', `${base}/versions/${enc(from)}`),
      api<RuleFile>('GET', `${base}/versions/${enc(to)}`),
    ]);
    return { diff, a, b };
  }, [ruleSet, from, to]);
  return (
    <section>
      <p className="crumbs">
        <Link to="/">Rule sets</Link> / <Link to={`/rule-sets/${enc(ruleSet)}`}>{ruleSet}</Link> / diff
      </p>
      <h1>
        {ruleSet}: {from} → {to}
      </h1>
      <Show state={state} what="Comparing">
        {({ diff, a, b }) => <DiffView diff={diff} a={a} b={b} />}
      </Show>
    </section>
  );
}

function DiffView({ diff, a, b }: { diff: VersionDiff; a: RuleFile; b: RuleFile }) {
  const ruleOf = (file: RuleFile, name: string) => file.rules.find((r) => r.name === name);
  const nothing =
    diff.rulesAdded.length +
      diff.rulesRemoved.length +
      diff.rulesChanged.length +
      diff.parametersAdded.length +
      diff.parametersRemoved.length +
      diff.parametersChanged.length +
      diff.factsAdded.length +
      diff.factsRemoved.length +
      diff.factsChanged.length ===
      0 && !diff.defaultChanged;
  return (
    <div data-testid="diff">
      <p className="muted small">
        <Hash value={diff.from.contentHash} /> → <Hash value={diff.to.contentHash} />
      </p>
      <ul className="summary">
        <li>
          {diff.rulesAdded.length} rules added, {diff.rulesRemoved.length} removed, {diff.rulesChanged.length} changed
        </li>
        <li>
          {diff.parametersAdded.length} parameters added, {diff.parametersRemoved.length} removed,{' '}
          {diff.parametersChanged.length} changed
        </li>
        <li>
          {diff.factsAdded.length} facts added, {diff.factsRemoved.length} removed, {diff.factsChanged.length} changed
          {diff.defaultChanged ? '; the default outcome changed' : ''}
        </li>
        <li>
          {diff.testsAdded.length} tests added, {diff.testsRemoved.length} removed
        </li>
      </ul>
      {nothing && <Empty>No rule, parameter, fact or default differs.</Empty>}
      {diff.parametersAdded.length + diff.parametersRemoved.length + diff.parametersChanged.length > 0 && (
        <>
          <h2>Parameters</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Parameter</th>
                  <th>Before</th>
                  <th>After</th>
                </tr>
              </thead>
              <tbody>
                {diff.parametersChanged.map((p) => (
                  <tr key={p.name} className="changed">
                    <td>
                      <code>{p.name}</code>
                    </td>
                    <td>
                      <Json value={p.from} />
                    </td>
                    <td>
                      <Json value={p.to} />
                    </td>
                  </tr>
                ))}
                {diff.parametersAdded.map((p) => (
                  <tr key={p.name} className="added">
                    <td>
                      <code>{p.name}</code>
                    </td>
                    <td className="muted">—</td>
                    <td>
                      <Json value={p.value} />
                    </td>
                  </tr>
                ))}
                {diff.parametersRemoved.map((p) => (
                  <tr key={p.name} className="removed">
                    <td>
                      <code>{p.name}</code>
                    </td>
                    <td>
                      <Json value={p.value} />
                    </td>
                    <td className="muted">—</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {diff.rulesAdded.length + diff.rulesRemoved.length + diff.rulesChanged.length > 0 && <h2>Rules</h2>}
      {diff.rulesChanged.map((name) => {
        const before = ruleOf(a, name);
        const after = ruleOf(b, name);
        return (
          <div key={name} className="side-by-side" data-changed-rule={name}>
            {before && <RuleCard rule={before} mark="before" />}
            {after && <RuleCard rule={after} mark="after" />}
          </div>
        );
      })}
      {diff.rulesAdded.map((name) => {
        const rule = ruleOf(b, name);
        return rule ? <RuleCard key={name} rule={rule} mark="added" /> : null;
      })}
      {diff.rulesRemoved.map((name) => {
        const rule = ruleOf(a, name);
        return rule ? <RuleCard key={name} rule={rule} mark="removed" /> : null;
      })}
      {diff.factsAdded.length + diff.factsRemoved.length + diff.factsChanged.length > 0 && (
        <>
          <h2>Facts</h2>
          <ul>
            {diff.factsAdded.map((f) => (
              <li key={`a${f}`} className="added">
                added <code>{f}</code>
              </li>
            ))}
            {diff.factsRemoved.map((f) => (
              <li key={`r${f}`} className="removed">
                removed <code>{f}</code>
              </li>
            ))}
            {diff.factsChanged.map((f) => (
              <li key={`c${f}`} className="changed">
                changed <code>{f}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {(diff.testsAdded.length > 0 || diff.testsRemoved.length > 0) && (
        <>
          <h2>Embedded tests</h2>
          <ul>
            {diff.testsAdded.map((t) => (
              <li key={`a${t}`} className="added">
                added: {t}
              </li>
            ))}
            {diff.testsRemoved.map((t) => (
              <li key={`r${t}`} className="removed">
                removed: {t}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export { RuleCard };

import { type FormEvent, useState } from 'react';
import { api } from '../../api';
import { Link, navigate } from '../../router';
import { useSession } from '../../session';
import type { ChangeRequest } from '../../rollout-types';
import type { Activation, VersionsAnswer, VersionView } from '../../types';
import { Badge, Empty, ErrorBox, Hash, localToIso, Show, Time, useAction, useLoad } from '../../ui';

const enc = encodeURIComponent;

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
        <Link to={`/impact?ruleSet=${enc(ruleSet)}`}>Check the impact of a candidate file →</Link> ·{' '}
        <Link to={`/simulator?ruleSet=${enc(ruleSet)}`}>Simulate →</Link> ·{' '}
        <Link to={`/rule-sets/${enc(ruleSet)}/shadow`}>Shadow version and report →</Link> ·{' '}
        <Link to={`/rule-sets/${enc(ruleSet)}/change-requests`}>Change requests →</Link>
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
    api<Activation | ChangeRequest>('POST', `/v1/rule-sets/${enc(ruleSet)}/activate`, {
      body: { version, reason: reason.trim(), ...(effectiveFrom ? { effectiveFrom: localToIso(effectiveFrom) } : {}) },
    }),
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await action.run();
    // With four eyes the answer is a change request another admin approves.
    if (done && 'status' in done && done.status === 'pending') navigate(`/rule-sets/${enc(ruleSet)}/change-requests`);
    else if (done) onDone();
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
    api<Activation | ChangeRequest>('POST', `/v1/rule-sets/${enc(ruleSet)}/rollback`, {
      body: { reason: reason.trim() },
    }),
  );
  if (history.length < 2) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await action.run();
    if (done && 'status' in done && done.status === 'pending') navigate(`/rule-sets/${enc(ruleSet)}/change-requests`);
    else if (done) {
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
                {h.approvedBy ? (
                  <span data-testid="four-eyes">
                    requested <code>{(h.requestedBy ?? '—').slice(0, 8)}</code>, approved{' '}
                    <code>{h.approvedBy.slice(0, 8)}</code>
                  </span>
                ) : h.activatedBy ? (
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

import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { type Bar, MoneyBarChart } from '../bar-chart';
import { OutcomeGroupsTable } from '../outcome-groups';
import { Link, navigate } from '../router';
import type { ReasonBody, SetShadowBody, ShadowChange, ShadowReport, ShadowView } from '../rollout-types';
import { useSession } from '../session';
import { MoneyTimeChart } from '../time-chart';
import type { Partner, VersionsAnswer } from '../types';
import { Badge, Empty, ErrorBox, localToIso, Show, Time, useAction, useLoad } from '../ui';

const enc = encodeURIComponent;

/** A rule set's shadow version: set or clear it (admin), and what it did on live traffic, with its money. */
export function ShadowPage({ ruleSet }: { ruleSet: string }) {
  const { isAdmin } = useSession();
  const base = `/v1/rule-sets/${enc(ruleSet)}`;
  const view = useLoad(async () => {
    const [shadow, versions] = await Promise.all([
      api<ShadowView>('GET', `${base}/shadow`),
      api<VersionsAnswer>('GET', `${base}/versions`),
    ]);
    return { shadow, versions };
  }, [ruleSet]);
  const [window, setWindow] = useState({ from: '', to: '' });
  const [applied, setApplied] = useState({ from: '', to: '' });
  const report = useLoad(
    () =>
      api<ShadowReport>('GET', `${base}/shadow/report`, {
        query: { from: localToIso(applied.from), to: localToIso(applied.to) },
      }),
    [ruleSet, applied.from, applied.to],
  );
  const refresh = () => {
    view.reload();
    report.reload();
  };
  return (
    <section>
      <p className="crumbs">
        <Link to="/">Rule sets</Link> / <Link to={`/rule-sets/${enc(ruleSet)}`}>{ruleSet}</Link> / shadow
      </p>
      <h1>{ruleSet}: shadow version</h1>
      <Show state={view} what="Loading the shadow">
        {({ shadow, versions }) => (
          <>
            <p data-testid="shadow-current">
              {shadow.shadow ? (
                <>
                  Shadow <strong>{shadow.shadow.version}</strong> since <Time value={shadow.shadow.since} /> — every
                  evaluation of {ruleSet} also runs it, recorded beside the decision, never deciding.
                </>
              ) : (
                'No shadow version is set.'
              )}
            </p>
            {isAdmin && (
              <ShadowForm
                ruleSet={ruleSet}
                current={shadow.shadow?.version ?? null}
                candidates={versions.versions
                  .filter((v) => v.status !== 'active' && v.version !== shadow.shadow?.version)
                  .map((v) => v.version)}
                onDone={refresh}
              />
            )}
            <details className="panel">
              <summary>History ({shadow.history.length})</summary>
              <ShadowHistory history={shadow.history} />
            </details>
          </>
        )}
      </Show>
      <h2>Report</h2>
      <form
        className="inline-form"
        aria-label="Report window"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(window);
          report.reload(); // the same window again: fresh numbers
        }}
      >
        <label>
          From
          <input
            type="datetime-local"
            value={window.from}
            onChange={(e) => setWindow((w) => ({ ...w, from: e.target.value }))}
          />
        </label>
        <label>
          To
          <input
            type="datetime-local"
            value={window.to}
            onChange={(e) => setWindow((w) => ({ ...w, to: e.target.value }))}
          />
        </label>
        <button type="submit">Show</button>
      </form>
      <Show state={report} what="Loading the shadow report">
        {(r) => <ShadowReportView report={r} />}
      </Show>
    </section>
  );
}

function ShadowForm({
  ruleSet,
  current,
  candidates,
  onDone,
}: {
  ruleSet: string;
  current: string | null;
  candidates: string[];
  onDone: () => void;
}) {
  const [version, setVersion] = useState(candidates[candidates.length - 1] ?? '');
  const [reason, setReason] = useState('');
  const set = useAction(() => {
    const body: SetShadowBody = { version, reason: reason.trim() };
    return api<ShadowChange>('POST', `/v1/rule-sets/${enc(ruleSet)}/shadow`, { body });
  });
  const clear = useAction(() => {
    const body: ReasonBody = { reason: reason.trim() };
    return api<ShadowChange>('DELETE', `/v1/rule-sets/${enc(ruleSet)}/shadow`, { body });
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await set.run()) {
      setReason('');
      onDone();
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="Set the shadow">
      <label>
        Version
        <select
          name="shadowVersion"
          value={version}
          disabled={candidates.length === 0}
          onChange={(e) => setVersion(e.target.value)}
        >
          {candidates.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </select>
      </label>
      <label>
        Reason (required)
        <input
          name="shadowReason"
          required
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      {candidates.length > 0 && (
        <button type="submit" disabled={set.busy || !version || reason.trim() === ''}>
          {current ? `Shadow ${version} instead of ${current}` : `Shadow ${version}`}
        </button>
      )}
      {current && (
        <button
          type="button"
          className="danger"
          disabled={clear.busy || reason.trim() === ''}
          onClick={() =>
            void clear.run().then((done) => {
              if (done) {
                setReason('');
                onDone();
              }
            })
          }
        >
          Stop the shadow
        </button>
      )}
      <ErrorBox error={set.error ?? clear.error} />
    </form>
  );
}

function ShadowHistory({ history }: { history: ShadowChange[] }) {
  if (history.length === 0) return <Empty>Never set.</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>What</th>
            <th>Who</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {[...history].reverse().map((h) => (
            <tr key={h.id}>
              <td>
                <Time value={h.changedAt} />
              </td>
              <td>
                {h.kind} {h.version ?? ''}
              </td>
              <td>{h.changedBy ? <code>{h.changedBy.slice(0, 8)}</code> : '—'}</td>
              <td>{h.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Partner names for chart labels (ids when a partner cannot be read). */
function usePartnerNames(ids: string[]): (id: string) => string {
  const key = [...new Set(ids)].sort().join(',');
  const names = useLoad(async () => {
    const entries = await Promise.all(
      key
        .split(',')
        .filter(Boolean)
        .map(
          async (id) =>
            [
              id,
              await api<Partner>('GET', `/v1/partners/${id}`).then(
                (p) => p.name,
                () => id.slice(0, 8),
              ),
            ] as const,
        ),
    );
    return new Map(entries);
  }, [key]);
  return (id) => names.data?.get(id) ?? id.slice(0, 8);
}

function ShadowReportView({ report }: { report: ShadowReport }) {
  const name = usePartnerNames([
    ...report.money.byPartner.map((p) => p.partnerId),
    ...report.money.byDay.map((d) => d.partnerId),
  ]);
  const currencies = [...new Set(report.money.byPartner.map((p) => p.currency ?? 'CNY'))];
  return (
    <div className="report" data-testid="shadow-report">
      <div className="cards">
        <div className="card">
          <div className="card-label">Shadowed decisions</div>
          <div className="card-value" data-testid="shadow-examined">
            {report.examined}
          </div>
        </div>
        <div className="card">
          <div className="card-label">Would differ</div>
          <div className="card-value" data-testid="shadow-differing">
            {report.differing}
          </div>
        </div>
        <div className="card">
          <div className="card-label">Shadow failed</div>
          <div className="card-value">{report.failed.count}</div>
        </div>
        {(report.money.total ?? []).map((t) => (
          <div className="card" key={t.currency}>
            <div className="card-label">Moved differently ({t.currency})</div>
            <div className="card-value" data-testid="shadow-moved">
              {t.movedDifferently}
            </div>
            <div className="small muted">
              partners {t.partners} · customers {t.customers}
            </div>
          </div>
        ))}
      </div>
      {report.shadows.length > 0 && (
        <p className="muted small">
          Shadow versions in the window: {report.shadows.map((s) => `${s.version} (${s.decisions})`).join(', ')}
        </p>
      )}
      <h3>Active → shadow</h3>
      {report.groups.length === 0 ? (
        <Empty>The shadow decided every decision in the window as the active version did.</Empty>
      ) : (
        <OutcomeGroupsTable
          groups={report.groups}
          testId="shadow-groups"
          fromLabel="Active outcome"
          toLabel="Shadow outcome"
        />
      )}
      {report.failed.count > 0 && (
        <div className="error" role="alert" data-testid="shadow-failed">
          {report.failed.errors.map((e) => (
            <div key={e.error}>
              <Badge kind="deny">failed × {e.count}</Badge> {e.error}
            </div>
          ))}
        </div>
      )}
      <h3>Money per partner</h3>
      {report.money.byPartner.length === 0 ? (
        <Empty>No partner's money would have moved differently.</Empty>
      ) : (
        currencies.map((currency) => {
          const bars: Bar[] = report.money.byPartner
            .filter((p) => (p.currency ?? 'CNY') === currency)
            .map((p) => ({
              label: name(p.partnerId),
              amount: p.amount,
              title: `${name(p.partnerId)}: ${p.amount} ${currency} over ${p.decisions ?? 0} decisions`,
              href: p.partnerId,
            }));
          return (
            <MoneyBarChart
              key={currency}
              bars={bars}
              currency={currency}
              onSelect={(bar) => bar.href && navigate(`/ledger/${bar.href}`)}
            />
          );
        })
      )}
      <h3>Money per partner over time</h3>
      {report.money.byDay.length === 0 ? (
        <Empty>Nothing to chart.</Empty>
      ) : (
        currencies.map((currency) => (
          <MoneyTimeChart
            key={currency}
            currency={currency}
            label={name}
            points={report.money.byDay.filter((d) => d.currency === currency)}
          />
        ))
      )}
      {report.money.requestedNowAllowed.length > 0 && (
        <p className="muted">
          Denials the shadow would allow:{' '}
          {report.money.requestedNowAllowed
            .map((r) => `${r.partnerId ? name(r.partnerId) : '—'} ${r.amount} (${r.decisions})`)
            .join(', ')}
        </p>
      )}
    </div>
  );
}

import { type ChangeEvent, type FormEvent, type ReactNode, useState } from 'react';
import { api } from '../api';
import { type Bar, MoneyBarChart } from '../bar-chart';
import { OutcomeGroupsTable } from '../outcome-groups';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import type { ImpactReport, RuleSetSummary, VersionsAnswer } from '../types';
import { Empty, ErrorBox, Hash, localToIso, Time, useAction, useLoad } from '../ui';

const enc = encodeURIComponent;

interface MoneyTotal {
  currency: string;
  movedDifferently?: string;
  partners?: string;
  customers?: string;
}

/** Paste or upload a candidate rule file (or pick a stored version), choose a window, see what would change. */
export function ImpactPage({ initialRuleSet }: { initialRuleSet: string }) {
  const { isAdmin } = useSession();
  const sets = useLoad(() => api<RuleSetSummary[]>('GET', '/v1/rule-sets'), []);
  const [chosenRuleSet, setRuleSet] = useState(initialRuleSet);
  // Until one is chosen, the first rule set the service lists.
  const ruleSet = chosenRuleSet || (sets.data?.[0]?.ruleSet ?? '');
  const [source, setSource] = useState<'file' | 'version'>('file');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('');
  const [version, setVersion] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [parseError, setParseError] = useState<string>();
  const versions = useLoad(
    () => (ruleSet ? api<VersionsAnswer>('GET', `/v1/rule-sets/${enc(ruleSet)}/versions`) : Promise.resolve(undefined)),
    [ruleSet],
  );

  const candidate = (): Record<string, unknown> | undefined => {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('a rule file is a JSON object');
      return parsed as Record<string, unknown>;
    } catch (e) {
      setParseError(`The candidate is not a JSON rule file: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };

  const impact = useAction((body: Record<string, unknown>) =>
    api<ImpactReport>('POST', `/v1/rule-sets/${enc(ruleSet)}/impact`, { body }),
  );
  const publish = useAction((file: Record<string, unknown>) =>
    api<{ version?: string; created?: boolean }>('POST', `/v1/rule-sets/${enc(ruleSet)}/versions`, { body: file }),
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setParseError(undefined);
    publish.setResult(undefined);
    const window = { from: localToIso(from), to: localToIso(to) };
    if (source === 'file') {
      const file = candidate();
      if (file) await impact.run({ candidate: file, ...window });
    } else {
      await impact.run({ version, ...window });
    }
  };

  const onUpload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    setText(await file.text());
    setSource('file');
  };

  const loadVersionAsTemplate = async (v: string) => {
    const file = await api<unknown>('GET', `/v1/rule-sets/${enc(ruleSet)}/versions/${enc(v)}`);
    setText(JSON.stringify(file, null, 2));
    setFileName(`${ruleSet} ${v} (edit it: give it a new version)`);
  };

  return (
    <section>
      <h1>Impact of a candidate</h1>
      <p className="muted">
        Replays the recorded decisions of a window under a candidate rule file and shows what would change, before
        anyone activates it. Nothing is written.
      </p>
      <form onSubmit={(e) => void submit(e)} className="stack" aria-label="Impact">
        <div className="row">
          <label>
            Rule set
            <select name="ruleSet" value={ruleSet} onChange={(e) => setRuleSet(e.target.value)} required>
              {!ruleSet && <option value="">…</option>}
              {(sets.data ?? []).map((s) => (
                <option key={s.ruleSet} value={s.ruleSet}>
                  {s.ruleSet} (active {s.activeVersion})
                </option>
              ))}
            </select>
          </label>
          <fieldset className="row">
            <legend>Candidate</legend>
            <label className="radio">
              <input type="radio" name="source" checked={source === 'file'} onChange={() => setSource('file')} /> a rule
              file
            </label>
            <label className="radio">
              <input type="radio" name="source" checked={source === 'version'} onChange={() => setSource('version')} />{' '}
              a stored version
            </label>
          </fieldset>
        </div>
        {sets.error !== undefined && <ErrorBox error={sets.error} />}
        {source === 'file' ? (
          <>
            <div className="row">
              <label>
                Upload a rule file
                <input
                  type="file"
                  name="candidateFile"
                  accept=".json,application/json"
                  onChange={(e) => void onUpload(e)}
                />
              </label>
              {versions.data && versions.data.versions.length > 0 && (
                <label>
                  or start from
                  <select
                    name="template"
                    value=""
                    onChange={(e) => e.target.value && void loadVersionAsTemplate(e.target.value)}
                  >
                    <option value="">a stored version…</option>
                    {versions.data.versions.map((v) => (
                      <option key={v.version} value={v.version}>
                        {v.version} ({v.status})
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </div>
            <label>
              Candidate rule file (JSON){fileName && <span className="muted small"> — {fileName}</span>}
              <textarea
                name="candidate"
                rows={10}
                spellCheck={false}
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder='{ "ruleSet": "…", "version": "…", … }'
              />
            </label>
          </>
        ) : (
          <label>
            Stored version
            <select name="version" value={version} onChange={(e) => setVersion(e.target.value)} required>
              <option value="">…</option>
              {(versions.data?.versions ?? []).map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version} ({v.status})
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="row">
          <label>
            From (decided at or after)
            <input type="datetime-local" name="from" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To (before)
            <input type="datetime-local" name="to" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
        </div>
        <div>
          <button
            type="submit"
            disabled={impact.busy || !ruleSet || (source === 'file' ? text.trim() === '' : version === '')}
          >
            {impact.busy ? 'Replaying…' : 'Show impact'}
          </button>
        </div>
      </form>
      {parseError && (
        <div className="error" role="alert">
          {parseError}
        </div>
      )}
      <ErrorBox error={impact.error} />
      {impact.busy && <p role="status">Replaying decisions…</p>}
      {impact.result && !impact.busy && (
        <ImpactView report={impact.result}>
          {isAdmin && source === 'file' && (
            <div className="panel">
              <p>
                Publishing stores the candidate as version <strong>{impact.result.candidate.version}</strong> (it is not
                active until someone activates it on the rule set's page).
              </p>
              <button
                type="button"
                disabled={publish.busy}
                onClick={() => {
                  const file = candidate();
                  if (file) void publish.run(file);
                }}
              >
                {publish.busy ? 'Publishing…' : `Publish ${impact.result.candidate.version}`}
              </button>
              <ErrorBox error={publish.error} />
              {publish.result && (
                <p role="status">
                  Published. <Link to={`/rule-sets/${enc(ruleSet)}`}>Open {ruleSet} to activate it →</Link>
                </p>
              )}
            </div>
          )}
        </ImpactView>
      )}
    </section>
  );
}

function ImpactView({ report, children }: { report: ImpactReport; children?: ReactNode }) {
  const totals = Array.isArray(report.money.total) ? (report.money.total as MoneyTotal[]) : [];
  const currencies = [...new Set(report.money.byPartner.map((p) => p.currency ?? 'CNY'))];
  return (
    <div className="report" data-testid="impact-report">
      <h2>
        {report.ruleSet} {report.candidate.version} <Hash value={report.candidate.contentHash} />
      </h2>
      <p className="muted">
        Window: <Time value={report.window.from} /> – <Time value={report.window.to} />
      </p>
      <div className="cards">
        <div className="card">
          <div className="card-label">Examined</div>
          <div className="card-value" data-testid="examined">
            {report.examined}
          </div>
        </div>
        <div className="card">
          <div className="card-label">Would change</div>
          <div className="card-value" data-testid="changed">
            {report.changed}
          </div>
        </div>
        {totals.map((t) => (
          <div className="card" key={t.currency}>
            <div className="card-label">Moved differently ({t.currency})</div>
            <div className="card-value">{t.movedDifferently ?? '—'}</div>
            <div className="small muted">
              partners {t.partners ?? '—'} · customers {t.customers ?? '—'}
            </div>
          </div>
        ))}
      </div>
      <h3>Changed decisions</h3>
      {report.groups.length === 0 ? (
        <Empty>No decision in the window would come out differently.</Empty>
      ) : (
        <OutcomeGroupsTable
          groups={report.groups}
          testId="impact-groups"
          fromLabel="Recorded outcome"
          toLabel="Under the candidate"
        />
      )}
      <h3>Money per partner</h3>
      {report.money.byPartner.length === 0 ? (
        <Empty>No partner's money would move differently.</Empty>
      ) : (
        currencies.map((currency) => {
          const bars: Bar[] = report.money.byPartner
            .filter((p) => (p.currency ?? 'CNY') === currency)
            .map((p) => ({
              label: p.partnerId.slice(0, 8),
              amount: p.amount,
              title: `${p.partnerId}: ${p.amount} ${currency}${p.decisions ? ` over ${p.decisions} decisions` : ''}`,
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
      {report.money.unquantified && report.money.unquantified.count > 0 && (
        <p className="muted">
          {report.money.unquantified.count} changed decisions would move money by an amount that is not known (e.g. a
          denial that would now be allowed).
        </p>
      )}
      {report.unevaluable && report.unevaluable.count > 0 && (
        <div className="error" role="alert">
          {report.unevaluable.count} recorded decisions cannot be evaluated by the candidate:{' '}
          {report.unevaluable.firstError}
        </div>
      )}
      {children}
    </div>
  );
}

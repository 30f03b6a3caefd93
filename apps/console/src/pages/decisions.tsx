import { type FormEvent, useState } from 'react';
import { api, withQuery } from '../api';
import { Link, navigate } from '../router';
import type { Decision, DecisionPage as Page, ReplayResult, RuleSetSummary, Transfer, VerifyReport } from '../types';
import {
  Badge,
  Empty,
  ErrorBox,
  Hash,
  isoToLocal,
  Json,
  localToIso,
  messageText,
  outcomeText,
  Show,
  Time,
  useAction,
  useLoad,
} from '../ui';

const FILTERS = ['ruleSet', 'partnerId', 'partnerName', 'customerId', 'customerName', 'effect', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** Search by rule set, partner, customer, effect and time; pages by cursor. The filters live in the URL. */
export function DecisionsPage({ query }: { query: URLSearchParams }) {
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ''])) as Filters;
  const cursor = query.get('cursor') ?? '';
  const sets = useLoad(() => api<RuleSetSummary[]>('GET', '/v1/rule-sets'), []);
  const [form, setForm] = useState<Filters>({ ...filters, from: isoToLocal(filters.from), to: isoToLocal(filters.to) });
  const key = query.toString();
  const page = useLoad(() => api<Page>('GET', '/v1/decisions', { query: { ...filters, cursor, limit: 25 } }), [key]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(withQuery('/decisions', { ...form, from: localToIso(form.from), to: localToIso(form.to) }));
  };
  const set = (name: keyof Filters) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [name]: e.target.value }));

  return (
    <section>
      <h1>Decisions</h1>
      <form className="filters" onSubmit={(e) => void submit(e)} aria-label="Search decisions">
        <label>
          Rule set
          <select name="ruleSet" value={form.ruleSet} onChange={set('ruleSet')}>
            <option value="">any</option>
            {(sets.data ?? []).map((s) => (
              <option key={s.ruleSet}>{s.ruleSet}</option>
            ))}
          </select>
        </label>
        <label>
          Partner id
          <input name="partnerId" value={form.partnerId} onChange={set('partnerId')} spellCheck={false} />
        </label>
        <label>
          Partner name
          <input
            name="partnerName"
            value={form.partnerName}
            onChange={set('partnerName')}
            placeholder="part of a name"
          />
        </label>
        <label>
          Customer id
          <input name="customerId" value={form.customerId} onChange={set('customerId')} spellCheck={false} />
        </label>
        <label>
          Customer name
          <input
            name="customerName"
            value={form.customerName}
            onChange={set('customerName')}
            placeholder="part of a name"
          />
        </label>
        <label>
          Effect
          <select name="effect" value={form.effect} onChange={set('effect')}>
            <option value="">any</option>
            <option value="allow">allow</option>
            <option value="deny">deny</option>
          </select>
        </label>
        <label>
          From
          <input type="datetime-local" name="from" value={form.from} onChange={set('from')} />
        </label>
        <label>
          To
          <input type="datetime-local" name="to" value={form.to} onChange={set('to')} />
        </label>
        <button type="submit">Search</button>
      </form>
      {/* Never the previous search's rows under the new filters: "Searching…" until its own answer. */}
      <Show state={page.loading ? { ...page, data: undefined } : page} what="Searching">
        {(result) => (
          <>
            {result.items.length === 0 ? (
              <Empty>No decision matches.</Empty>
            ) : (
              <div className="table-wrap">
                <table data-testid="decisions">
                  <thead>
                    <tr>
                      <th>Decided</th>
                      <th>Rule set</th>
                      <th>Operation</th>
                      <th>Outcome</th>
                      <th>Reasons</th>
                      <th>Partner</th>
                      <th>Customer</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.items.map((d) => (
                      <tr key={d.id}>
                        <td>
                          <Link to={`/decisions/${d.id}`}>
                            <Time value={d.decidedAt} />
                          </Link>
                        </td>
                        <td>
                          {d.ruleSet} <span className="muted small">{d.version}</span>
                        </td>
                        <td>{d.operation}</td>
                        <td>
                          <Badge kind={d.outcome.effect}>{outcomeText(d.outcome)}</Badge>
                        </td>
                        <td>{d.reasons.map((r) => r.code).join(', ')}</td>
                        <td>
                          {d.partnerId ? <Link to={`/ledger/${d.partnerId}`}>{d.partnerId.slice(0, 8)}</Link> : '—'}
                        </td>
                        <td>{d.customerId ? <code>{d.customerId.slice(0, 8)}</code> : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <div className="pager">
              {cursor && (
                <button type="button" className="secondary" onClick={() => window.history.back()}>
                  ← Previous
                </button>
              )}
              {result.nextCursor && (
                <button
                  type="button"
                  onClick={() => navigate(withQuery('/decisions', { ...filters, cursor: result.nextCursor }))}
                >
                  Next page →
                </button>
              )}
            </div>
          </>
        )}
      </Show>
    </section>
  );
}

/** One decision: facts, the condition-by-condition explanation, version and hash, the transfer, replay and verify. */
export function DecisionPage({ id }: { id: string }) {
  const state = useLoad(() => api<Decision>('GET', `/v1/decisions/${encodeURIComponent(id)}`), [id]);
  return (
    <section>
      <p className="crumbs">
        <Link to="/decisions">Decisions</Link> / <code>{id}</code>
      </p>
      <Show state={state} what="Loading the decision">
        {(d) => <DecisionView decision={d} />}
      </Show>
    </section>
  );
}

function DecisionView({ decision: d }: { decision: Decision }) {
  const replay = useAction(() => api<ReplayResult>('POST', `/v1/decisions/${d.id}/replay`));
  const verify = useAction(() => {
    // The chain around this decision: an hour either side of it.
    const at = new Date(d.decidedAt).getTime();
    return api<VerifyReport>('GET', '/v1/decisions/verify', {
      query: { from: new Date(at - 3_600_000).toISOString(), to: new Date(at + 3_600_000).toISOString() },
    });
  });
  return (
    <>
      <h1>
        {d.ruleSet} · {d.operation} <Badge kind={d.outcome.effect}>{outcomeText(d.outcome)}</Badge>
      </h1>
      <dl className="facts-list">
        <dt>Decided</dt>
        <dd>
          <Time value={d.decidedAt} />
        </dd>
        <dt>Rule version</dt>
        <dd>
          <Link to={`/rule-sets/${encodeURIComponent(d.ruleSet)}/versions/${encodeURIComponent(d.version)}`}>
            {d.ruleSet} {d.version}
          </Link>{' '}
          <Hash value={d.contentHash} length={16} />
        </dd>
        <dt>Reasons</dt>
        <dd>
          {d.reasons.length === 0
            ? '—'
            : d.reasons.map((r) => (
                <div key={r.code}>
                  <code>{r.code}</code> {messageText(r.message)}
                </div>
              ))}
        </dd>
        <dt>Partner</dt>
        <dd>{d.partnerId ? <Link to={`/ledger/${d.partnerId}`}>{d.partnerId}</Link> : '—'}</dd>
        <dt>Customer</dt>
        <dd>{d.customerId ? <code>{d.customerId}</code> : '—'}</dd>
        <dt>Caller</dt>
        <dd>
          {d.callerRole ?? '—'} {d.callerKeyId && <code>{d.callerKeyId.slice(0, 8)}</code>}{' '}
          {d.requestId && <span className="muted small">request {d.requestId}</span>}
        </dd>
        <dt>Chain</dt>
        <dd>
          {d.chain ? (
            <>
              #{d.chain.pos} prev <Hash value={d.chain.prevHash} /> hash <Hash value={d.chain.hash} />
            </>
          ) : (
            <span className="muted">not sealed yet</span>
          )}
        </dd>
      </dl>

      <div className="actions">
        <button type="button" onClick={() => void replay.run()} disabled={replay.busy}>
          {replay.busy ? 'Replaying…' : 'Replay'}
        </button>
        <button type="button" className="secondary" onClick={() => void verify.run()} disabled={verify.busy}>
          {verify.busy ? 'Verifying…' : 'Verify the chain around it'}
        </button>
      </div>
      <ErrorBox error={replay.error} />
      {replay.result && (
        <div className={`panel ${replay.result.match ? 'ok' : 'bad'}`} data-testid="replay-result" role="status">
          {replay.result.match ? (
            <strong>Replay matches: the same outcome, reasons and conditions with version {d.version}.</strong>
          ) : (
            <strong>Replay differs: {(replay.result.differences ?? []).join(', ') || replay.result.error}</strong>
          )}
          <div className="small">
            recorded {outcomeText(replay.result.original.outcome)} · replayed{' '}
            {replay.result.replayed ? outcomeText(replay.result.replayed.outcome) : '—'}
          </div>
        </div>
      )}
      <ErrorBox error={verify.error} />
      {verify.result && (
        <div className={`panel ${verify.result.ok ? 'ok' : 'bad'}`} data-testid="verify-result" role="status">
          <strong>{verify.result.ok ? 'Chain intact' : 'Chain broken'}</strong>: {verify.result.checked} records checked
          {verify.result.pending ? `, ${verify.result.pending} pending` : ''}
          {verify.result.firstBrokenId && (
            <>
              , first broken <Link to={`/decisions/${verify.result.firstBrokenId}`}>{verify.result.firstBrokenId}</Link>
            </>
          )}
        </div>
      )}

      <h2>Facts</h2>
      <div className="table-wrap">
        <table>
          <tbody>
            {Object.entries(d.facts).map(([name, value]) => (
              <tr key={name}>
                <th scope="row">
                  <code>{name}</code>
                </th>
                <td>
                  <Json value={value} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Explanation</h2>
      {d.results.length === 0 ? (
        <Empty>The rule set has no rules; the default decided.</Empty>
      ) : (
        d.results.map((r) => (
          <article key={r.rule} className={`rule ${r.result ? 'rule-matched' : ''}`} data-rule={r.rule}>
            <header>
              <strong>{r.rule}</strong> <span className="muted small">priority {r.priority}</span>{' '}
              <Badge kind={r.result ? 'matched' : 'unmatched'}>{r.result ? 'matched' : 'not matched'}</Badge>
            </header>
            <div className="table-wrap">
              <table className="conditions">
                <thead>
                  <tr>
                    <th>Fact</th>
                    <th>Fact value</th>
                    <th>Operator</th>
                    <th>Compared value</th>
                    <th>Result</th>
                  </tr>
                </thead>
                <tbody>
                  {r.conditions.map((c, i) => (
                    <tr key={i}>
                      <td>
                        <code>{c.fact}</code>
                      </td>
                      <td>
                        <Json value={c.factValue} />
                      </td>
                      <td>
                        <em>{c.operator}</em>
                      </td>
                      <td>
                        <Json value={c.value} />
                      </td>
                      <td>{c.result ? '✓ true' : '✗ false'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </article>
        ))
      )}

      <h2>Transfer</h2>
      {d.transferId ? <TransferView id={d.transferId} /> : <Empty>This decision authorised no transfer.</Empty>}
    </>
  );
}

function TransferView({ id }: { id: string }) {
  const state = useLoad(() => api<Transfer>('GET', `/v1/transfers/${id}`), [id]);
  return (
    <Show state={state} what="Loading the transfer">
      {(t) => (
        <>
          <p>
            <code>{t.id}</code> · {t.code} · <Time value={t.createdAt} />
          </p>
          <LegsTable legs={t.legs} />
        </>
      )}
    </Show>
  );
}

export function LegsTable({ legs, highlightOwner }: { legs: Transfer['legs']; highlightOwner?: string }) {
  return (
    <div className="table-wrap">
      <table className="legs">
        <thead>
          <tr>
            <th>Account</th>
            <th>Owner</th>
            <th>Kind</th>
            <th className="num">Amount</th>
          </tr>
        </thead>
        <tbody>
          {legs.map((l) => (
            <tr key={`${l.accountId}:${l.amount}`} className={highlightOwner === l.ownerId ? 'highlight' : ''}>
              <td>
                <code>#{l.accountId}</code>
              </td>
              <td>
                {l.ownerType}{' '}
                {l.ownerType === 'partner' ? (
                  <Link to={`/ledger/${l.ownerId}`}>{l.ownerId.slice(0, 8)}</Link>
                ) : (
                  <code>{l.ownerId.slice(0, 8)}</code>
                )}
              </td>
              <td>{l.kind}</td>
              <td className={`num ${l.amount.startsWith('-') ? 'neg' : 'pos'}`}>
                {l.amount.startsWith('-') ? '' : '+'}
                {l.amount} {l.currency}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

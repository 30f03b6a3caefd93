import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { Link, navigate } from '../router';
import type { Partner, Transfer } from '../types';
import { Empty, Show, Time, useLoad } from '../ui';
import { LegsTable } from './decisions';

/** A partner's balances and its recent transfers, each linked to the decision that authorised it. */
export function LedgerPage({ partnerId }: { partnerId: string }) {
  const [input, setInput] = useState(partnerId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (input.trim()) navigate(`/ledger/${encodeURIComponent(input.trim())}`);
  };
  return (
    <section>
      <h1>Ledger</h1>
      <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="Open a partner">
        <label>
          Partner id
          <input
            name="partnerId"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            spellCheck={false}
            placeholder="00000000-0000-…"
          />
        </label>
        <button type="submit">Open</button>
      </form>
      {partnerId ? (
        <PartnerLedger key={partnerId} partnerId={partnerId} />
      ) : (
        <Empty>Enter a partner id (decisions and impact reports link here too).</Empty>
      )}
    </section>
  );
}

function PartnerLedger({ partnerId }: { partnerId: string }) {
  const partner = useLoad(() => api<Partner>('GET', `/v1/partners/${encodeURIComponent(partnerId)}`), [partnerId]);
  const transfers = useLoad(
    () =>
      api<{ items: Transfer[] }>('GET', `/v1/partners/${encodeURIComponent(partnerId)}/transfers`, {
        query: { limit: 20 },
      }),
    [partnerId],
  );
  return (
    <>
      <Show state={partner} what="Loading the partner">
        {(p) => (
          <>
            <h2>
              {p.name} <span className="muted small">{p.kind}</span>
            </h2>
            <p className="muted small">
              <code>{p.id}</code>
            </p>
            <div className="cards" data-testid="balances">
              {(
                [
                  ['Cash', p.balances.cash],
                  ['Available', p.balances.available],
                  ['Incentive', p.balances.incentive],
                  ['Voucher quota', p.balances.voucherQuota],
                  ...(p.balances.payoutPending !== undefined
                    ? [['Payout pending', p.balances.payoutPending] as [string, string]]
                    : []),
                ] as Array<[string, string]>
              ).map(([label, value]) => (
                <div className="card" key={label}>
                  <div className="card-label">{label}</div>
                  <div className="card-value">{value}</div>
                </div>
              ))}
            </div>
          </>
        )}
      </Show>
      <h2>Recent transfers</h2>
      <Show state={transfers} what="Loading transfers">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>No transfer touches this partner's accounts yet.</Empty>
          ) : (
            <div data-testid="transfers">
              {page.items.map((t) => (
                <article key={t.id} className="transfer">
                  <header>
                    <Time value={t.createdAt} /> · <strong>{t.code}</strong> ·{' '}
                    {t.decision_id ? (
                      <Link to={`/decisions/${t.decision_id}`}>decision {t.decision_id.slice(0, 8)}</Link>
                    ) : (
                      <span className="muted">no decision</span>
                    )}
                  </header>
                  <LegsTable legs={t.legs} highlightOwner={partnerId} />
                </article>
              ))}
            </div>
          )
        }
      </Show>
    </>
  );
}

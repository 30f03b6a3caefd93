import { useState } from 'react';
import { api } from '../api';
import { Link } from '../router';
import type { ChangeRequest, ReasonBody } from '../rollout-types';
import { useSession } from '../session';
import { Badge, Empty, ErrorBox, Hash, Show, Time, useAction, useLoad } from '../ui';

const enc = encodeURIComponent;

/**
 * Four-eyes activation: a rule set's change requests, each with the impact it carries; another
 * admin than the requester approves or rejects (the buttons are not shown to the requester nor to
 * non-admins — the service refuses them anyway).
 */
export function ChangeRequestsPage({ ruleSet }: { ruleSet: string }) {
  const state = useLoad(
    () => api<{ changeRequests: ChangeRequest[] }>('GET', `/v1/rule-sets/${enc(ruleSet)}/change-requests`),
    [ruleSet],
  );
  return (
    <section>
      <p className="crumbs">
        <Link to="/">Rule sets</Link> / <Link to={`/rule-sets/${enc(ruleSet)}`}>{ruleSet}</Link> / change requests
      </p>
      <h1>{ruleSet}: change requests</h1>
      <Show state={state} what="Loading change requests">
        {({ changeRequests }) =>
          changeRequests.length === 0 ? (
            <Empty>No change request.</Empty>
          ) : (
            changeRequests.map((c) => <ChangeRequestCard key={c.id} request={c} onDecided={state.reload} />)
          )
        }
      </Show>
    </section>
  );
}

function ChangeRequestCard({ request: c, onDecided }: { request: ChangeRequest; onDecided: () => void }) {
  const { me, isAdmin } = useSession();
  const [reason, setReason] = useState('');
  const decide = useAction((what: 'approve' | 'reject') => {
    const body: ReasonBody = { reason: reason.trim() };
    return api<unknown>('POST', `/v1/rule-sets/${enc(c.ruleSet)}/change-requests/${c.id}/${what}`, { body });
  });
  const mayDecide = isAdmin && c.status === 'pending' && c.requestedBy !== me.id;
  const act = async (what: 'approve' | 'reject') => {
    if ((await decide.run(what)) !== undefined) onDecided();
  };
  return (
    <article className="panel change-request" data-change-request={c.id} data-status={c.status}>
      <header>
        <Badge kind={c.status === 'approved' ? 'active' : c.status === 'rejected' ? 'deny' : 'scheduled'}>
          {c.status}
        </Badge>{' '}
        <strong>
          {c.kind} {c.fromVersion ?? '—'} → {c.version}
        </strong>{' '}
        <Hash value={c.contentHash} length={8} />
        {c.effectiveFrom && (
          <span className="muted small">
            {' '}
            effective <Time value={c.effectiveFrom} />
          </span>
        )}
      </header>
      <p className="small">
        “{c.reason}” — requested by <code>{c.requestedBy ? c.requestedBy.slice(0, 8) : '—'}</code>
        {c.requestedBy === me.id ? ' (you)' : ''} at <Time value={c.requestedAt} />
      </p>
      <p className="small" data-testid="cr-impact">
        Impact over the last 30 days: {c.impact.examined} decisions examined, {c.impact.changed} would change
        {(c.impact.money.total ?? [])
          .map((t) => `, ${t.movedDifferently ?? '0'} ${t.currency} would move differently`)
          .join('')}
        .{' '}
        {c.shadowReport
          ? `As a shadow: ${c.shadowReport.examined} live decisions, ${c.shadowReport.differing} differed, ${c.shadowReport.failed.count} failed.`
          : 'It has not run as a shadow.'}
      </p>
      {c.status !== 'pending' && (
        <p className="small">
          {c.status} by <code>{c.decidedBy?.slice(0, 8) ?? '—'}</code> at <Time value={c.decidedAt} /> (“
          {c.decisionReason}”)
        </p>
      )}
      {mayDecide && (
        <div className="inline-form" role="group" aria-label={`Decide ${c.id}`}>
          <label>
            Reason (required)
            <input
              name="decisionReason"
              required
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <button type="button" disabled={decide.busy || reason.trim() === ''} onClick={() => void act('approve')}>
            Approve
          </button>
          <button
            type="button"
            className="danger"
            disabled={decide.busy || reason.trim() === ''}
            onClick={() => void act('reject')}
          >
            Reject
          </button>
        </div>
      )}
      {isAdmin && c.status === 'pending' && c.requestedBy === me.id && (
        <p className="muted small">Another admin approves or rejects your request.</p>
      )}
      <ErrorBox error={decide.error} />
    </article>
  );
}

import { useEffect } from 'react';
import { api } from '../api';
import type { InstanceStatus } from '../rollout-types';
import { Badge, Empty, Show, Time, useLoad } from '../ui';

/** Every running service instance: the versions and shadows it decides with, its heartbeat, staleness. */
export function InstancesPage() {
  const state = useLoad(() => api<{ instances: InstanceStatus[] }>('GET', '/v1/instances'), []);
  const { reload } = state;
  useEffect(() => {
    const timer = setInterval(reload, 3000);
    return () => clearInterval(timer);
  }, [reload]);
  return (
    <section>
      <h1>Instances</h1>
      <p className="muted">
        Refreshed every 3 s. Lagging: its version is not the store's active one. Silent: no heartbeat for 10 s.
      </p>
      <Show state={state} what="Loading instances">
        {({ instances }) =>
          instances.length === 0 ? (
            <Empty>No instance has reported.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="instances">
                <thead>
                  <tr>
                    <th>Instance</th>
                    <th>Host / pid</th>
                    <th>Started</th>
                    <th>Heartbeat</th>
                    <th>Heard the channel</th>
                    <th>State</th>
                    <th>Versions (shadow)</th>
                  </tr>
                </thead>
                <tbody>
                  {instances.map((i) => {
                    const lagging = new Set(i.lagging.map((l) => l.ruleSet));
                    return (
                      <tr
                        key={i.instanceId}
                        data-instance={i.instanceId}
                        className={i.stale || i.silent || lagging.size ? 'bad' : ''}
                      >
                        <td>
                          <code>{i.instanceId.slice(0, 8)}</code>
                          {i.self && <span className="muted small"> (answering you)</span>}
                        </td>
                        <td>
                          {i.host} / {i.pid}
                        </td>
                        <td>
                          <Time value={i.startedAt} />
                        </td>
                        <td>{i.silentForS.toFixed(1)} s ago</td>
                        <td>
                          <Time value={i.lastHeardAt} />
                        </td>
                        <td>
                          {i.stale ? (
                            <Badge kind="deny">stale</Badge>
                          ) : i.silent ? (
                            <Badge kind="deny">silent</Badge>
                          ) : lagging.size ? (
                            <Badge kind="scheduled">lagging</Badge>
                          ) : (
                            <Badge kind="active">in step</Badge>
                          )}
                          {i.staleReason && <div className="small muted">{i.staleReason}</div>}
                        </td>
                        <td className="small">
                          {Object.entries(i.versions).map(([ruleSet, v]) => (
                            <div key={ruleSet} className={lagging.has(ruleSet) ? 'lagging' : ''}>
                              {ruleSet} {v.version}
                              {i.shadows[ruleSet] ? ` (shadow ${i.shadows[ruleSet].version})` : ''}
                              {lagging.has(ruleSet) &&
                                ` — store: ${i.lagging.find((l) => l.ruleSet === ruleSet)?.storeVersion ?? '?'}`}
                            </div>
                          ))}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </section>
  );
}

import { api } from '../../api';
import { Link } from '../../router';
import type { RuleSetSummary } from '../../types';
import { Empty, Hash, Show, useLoad } from '../../ui';

const enc = encodeURIComponent;

/** Every rule set with its active version. */
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

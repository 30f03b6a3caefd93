import { Link } from './router';
import type { ImpactGroup } from './types';
import { outcomeText } from './ui';

/** Decisions grouped by outcome before → after (impact of a candidate, a shadow's report), with samples. */
export function OutcomeGroupsTable({
  groups,
  testId,
  fromLabel,
  toLabel,
}: {
  groups: ImpactGroup[];
  testId: string;
  fromLabel: string;
  toLabel: string;
}) {
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th>{fromLabel}</th>
            <th>{toLabel}</th>
            <th>Reasons</th>
            <th>Count</th>
            <th>Samples</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g, i) => (
            <tr key={i}>
              <td>{outcomeText(g.from)}</td>
              <td>
                <strong>{outcomeText(g.to)}</strong>
              </td>
              <td>
                <code>{g.reasonFrom ?? '—'}</code> → <code>{g.reasonTo ?? '—'}</code>
              </td>
              <td className="num">{g.count}</td>
              <td>
                {g.sampleDecisionIds.map((id) => (
                  <Link key={id} to={`/decisions/${id}`} className="sample">
                    {id.slice(0, 8)}
                  </Link>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

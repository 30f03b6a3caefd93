import { api } from '../../api';
import { Link } from '../../router';
import type { RuleFile, VersionDiff } from '../../types';
import { Empty, Hash, Json, Show, useLoad } from '../../ui';
import { RuleCard } from './rule-card';

const enc = encodeURIComponent;

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

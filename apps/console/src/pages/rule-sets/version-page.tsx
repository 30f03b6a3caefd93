import { api } from '../../api';
import { Link } from '../../router';
import type { RuleFile } from '../../types';
import { Badge, Empty, Json, messageText, Show, useLoad } from '../../ui';
import { RuleCard } from './rule-card';

const enc = encodeURIComponent;

// ---- a readable version ------------------------------------------------------------------------

export function VersionPage({ ruleSet, version }: { ruleSet: string; version: string }) {
  const state = useLoad(
    () => api<RuleFile>('GET', `/v1/rule-sets/${enc(ruleSet)}/versions/${enc(version)}`),
    [ruleSet, version],
  );
  return (
    <section>
      <p className="crumbs">
        <Link to="/">Rule sets</Link> / <Link to={`/rule-sets/${enc(ruleSet)}`}>{ruleSet}</Link> / {version}
      </p>
      <h1>
        {ruleSet} {version}
      </h1>
      <Show state={state} what="Loading the rule file">
        {(file) => <RuleFileView file={file} />}
      </Show>
    </section>
  );
}

function RuleFileView({ file }: { file: RuleFile }) {
  return (
    <>
      {file.description && <p>{file.description}</p>}
      <h2>Parameters</h2>
      <ParametersTable parameters={file.parameters} />
      <h2>Rules</h2>
      {file.rules.length === 0 ? (
        <Empty>No rules: the default decides.</Empty>
      ) : (
        file.rules.map((rule) => <RuleCard key={rule.name} rule={rule} />)
      )}
      <h2>Default</h2>
      <p>
        <Badge kind={file.default.effect}>{file.default.effect}</Badge>{' '}
        {file.default.value !== undefined && <Json value={file.default.value} />}{' '}
        {file.default.reasons?.map((r) => (
          <span key={r.code}>
            <code>{r.code}</code> {messageText(r.message)}{' '}
          </span>
        ))}
      </p>
      <h2>Facts</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Fact</th>
              <th>Type</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(file.facts).map(([name, fact]) => (
              <tr key={name}>
                <td>
                  <code>{name}</code>
                </td>
                <td>
                  {fact.type}
                  {fact.values ? `: ${fact.values.join(' | ')}` : ''}
                  {fact.required === false ? ' (optional)' : ''}
                </td>
                <td>{fact.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{file.tests.length} embedded tests.</p>
    </>
  );
}

function ParametersTable({ parameters }: { parameters: RuleFile['parameters'] }) {
  const entries = Object.entries(parameters);
  if (entries.length === 0) return <Empty>No parameters.</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>Parameter</th>
            <th>Value</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, p]) => (
            <tr key={name}>
              <td>
                <code>{name}</code>
              </td>
              <td>
                <Json value={p.value} /> <span className="muted small">{p.type}</span>
              </td>
              <td>{p.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

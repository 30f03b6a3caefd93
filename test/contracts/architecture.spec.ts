import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * The house rules of the monorepo, read from the source (no build, no database):
 * - a library imports only the libraries below it, and only through their public entry points;
 * - every library's `index.ts` names what it exports (no `export *`);
 * - SQL lives only in repository files (`*.repository.ts`) of the library that owns the tables it
 *   names, or in that library's own migrations (`libs/<lib>/src/migrations/`); apps hold none. The
 *   landed migrations under libs/platform/src/database/migrations are the schema's history (they
 *   created every table before libraries owned migrations) and are exempt.
 */
const ROOT = path.resolve(__dirname, '../..');

/** Which library may import which (the layering of DESIGN.md / README "Layout"). */
const MAY_IMPORT: Record<string, string[]> = {
  platform: [],
  rules: ['platform'],
  ledger: ['platform'],
  audit: ['platform', 'rules'],
  partners: ['platform', 'rules', 'ledger', 'audit'],
};

/** The public entry points besides each library's index (each loads less than the whole library). */
const ENTRY_POINTS = new Set([
  '@pps/platform/core',
  '@pps/platform/sql',
  '@pps/rules/files',
  '@pps/partners/contracts',
]);

/** Who owns which table: only that library's repositories write SQL naming it. */
export const TABLE_OWNERS: Record<string, string> = {
  api_keys: 'platform',
  idempotency_keys: 'platform',
  service_secrets: 'platform',
  schema_migrations: 'platform',
  rule_versions: 'rules',
  rule_activations: 'rules',
  rule_shadows: 'rules',
  service_instances: 'rules',
  accounts: 'ledger',
  transfers: 'ledger',
  transfer_legs: 'ledger',
  decisions: 'audit',
  decision_seals: 'audit',
  decision_shadows: 'audit',
  change_requests: 'audit',
  partners: 'partners',
  customers: 'partners',
  associations: 'partners',
  association_events: 'partners',
  orders: 'partners',
  refunds: 'partners',
  incentives: 'partners',
  payouts: 'partners',
  owed_invoices: 'partners',
  voucher_quota_grants: 'partners',
  vouchers: 'partners',
  deal_registrations: 'partners',
  invitations: 'partners',
  simulated_bank_payments: 'partners',
};

/** Files that implement the SQL layer itself, and the schema's history. */
const SQL_INFRASTRUCTURE = [/^libs\/platform\/src\/database\//];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(name) && !/\.(spec|e2e-spec)\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');
const libOf = (relPath: string) => /^libs\/([^/]+)\//.exec(relPath)?.[1];

const LIBS = readdirSync(path.join(ROOT, 'libs')).filter((d) => statSync(path.join(ROOT, 'libs', d)).isDirectory());
const SERVER_FILES = [
  ...LIBS.flatMap((l) => sourceFiles(path.join(ROOT, 'libs', l, 'src'))),
  ...['policy-service', 'policy-cli'].flatMap((a) => sourceFiles(path.join(ROOT, 'apps', a, 'src'))),
].map(rel);

/** Every import, export-from, dynamic import and require of a file. */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Import problems of one file at `relPath` with source `text` (exported for the test below). */
export function importProblems(relPath: string, text: string): string[] {
  const lib = libOf(relPath);
  const problems: string[] = [];
  for (const spec of importsOf(text)) {
    if (spec.startsWith('@pps/')) {
      const target = spec.split('/')[1];
      const deep = spec.split('/').length > 2;
      if (deep && !ENTRY_POINTS.has(spec)) problems.push(`${relPath}: imports internals ${spec}`);
      if (lib && target !== lib && !MAY_IMPORT[lib]?.includes(target))
        problems.push(`${relPath}: library ${lib} may not import ${target} (${spec})`);
      if (lib && target === lib) problems.push(`${relPath}: imports its own library through ${spec}`);
    } else if (spec.startsWith('.')) {
      const resolved = rel(path.resolve(ROOT, path.dirname(relPath), spec));
      const from = lib ? `libs/${lib}/` : relPath.split('/').slice(0, 2).join('/') + '/';
      // The shipped rule files' schema (rules/*.json, data beside the code) may be read by the rules library.
      const ruleData = lib === 'rules' && /^rules\/[^/]+\.json$/.test(resolved);
      if (!resolved.startsWith(from) && !ruleData)
        problems.push(`${relPath}: relative import leaves its package: ${spec}`);
    }
  }
  return problems;
}

/** The text of every string and template literal of a file (templates with `${…}` as a space). */
function literalsOf(relPath: string, text: string): string[] {
  const source = ts.createSourceFile(relPath, text, ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node))
      out.push([node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ? '));
    node.forEachChild(visit);
  };
  visit(source);
  return out;
}

const SQL_SHAPES = [
  /^\s*select\b[\s\S]*(\bfrom\b|\()/i,
  /^\s*insert\s+into\s/i,
  /^\s*update\s+\w+\s[\s\S]*\bset\b/i,
  /^\s*delete\s+from\s/i,
  /^\s*with\s+(recursive\s+)?\w+\s+as\s*(materialized\s*)?\(/i,
  /^\s*(create|alter|drop)\s+(table|index|unique|view|trigger|function|or\s+replace|role|extension|sequence)\b/i,
  /^\s*(lock\s+table|listen|unlisten|notify|truncate)\s/i,
];
const TABLE_REF = /\b(?:from|into|update|join|table|lock\s+table)\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)"?/gi;

/** The tables a literal's SQL names, when the literal is SQL. */
export function sqlTables(literal: string): string[] | undefined {
  if (!SQL_SHAPES.some((r) => r.test(literal))) return undefined;
  const tables = new Set<string>();
  for (const m of literal.matchAll(TABLE_REF)) if (m[1].toLowerCase() in TABLE_OWNERS) tables.add(m[1].toLowerCase());
  // A statement on tables nobody declared is SQL too (pg_catalog reads, advisory locks).
  return [...tables];
}

/** SQL problems of one file (exported for the test below). */
export function sqlProblems(relPath: string, text: string): string[] {
  if (SQL_INFRASTRUCTURE.some((r) => r.test(relPath))) return [];
  const lib = libOf(relPath);
  const problems: string[] = [];
  // A library's own migrations (libs/<lib>/src/migrations/) change its own tables, like its repositories.
  const isRepository = relPath.endsWith('.repository.ts') || /^libs\/[^/]+\/src\/migrations\//.test(relPath);
  for (const literal of literalsOf(relPath, text)) {
    const tables = sqlTables(literal);
    if (tables === undefined) continue;
    const first = literal.trim().split('\n')[0].slice(0, 80);
    if (!isRepository) {
      problems.push(`${relPath}: SQL outside a repository: ${first}`);
      continue;
    }
    for (const table of tables) {
      if (TABLE_OWNERS[table] !== lib)
        problems.push(`${relPath}: SQL on ${table} (owned by ${TABLE_OWNERS[table]}) in library ${lib}: ${first}`);
    }
  }
  return problems;
}

describe('architecture: what imports what, and where SQL lives', () => {
  it('finds the server sources', () => {
    expect(SERVER_FILES.length).toBeGreaterThan(100);
    expect(LIBS.sort()).toEqual(Object.keys(MAY_IMPORT).sort());
  });

  it('every library index names its exports (no `export *`)', () => {
    const offenders = LIBS.filter((l) =>
      /export\s*\*\s*from/.test(readFileSync(path.join(ROOT, 'libs', l, 'src', 'index.ts'), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('a library imports only the libraries below it, through their public entry points', () => {
    const problems = SERVER_FILES.flatMap((f) => importProblems(f, readFileSync(path.join(ROOT, f), 'utf8')));
    expect(problems).toEqual([]);
  });

  it("SQL appears only in the owning library's repository files", () => {
    const problems = SERVER_FILES.flatMap((f) => sqlProblems(f, readFileSync(path.join(ROOT, f), 'utf8')));
    expect(problems).toEqual([]);
  });

  // The checks themselves can fail: each rule on a file that breaks it.
  it('the checks catch a deep import, a layering breach, SQL in a service and SQL on a foreign table', () => {
    expect(importProblems('libs/ledger/src/x.ts', `import { A } from '@pps/rules/src/compile-rule-set';`)).toEqual([
      'libs/ledger/src/x.ts: imports internals @pps/rules/src/compile-rule-set',
      'libs/ledger/src/x.ts: library ledger may not import rules (@pps/rules/src/compile-rule-set)',
    ]);
    expect(importProblems('libs/audit/src/x.ts', `import { B } from '../../partners/src/y';`)).toHaveLength(1);
    expect(importProblems('libs/partners/src/x.ts', `import { C } from '@pps/audit';`)).toEqual([]);
    expect(
      sqlProblems('libs/partners/src/a/a.service.ts', 'const q = `select id from customers where id = ?`;'),
    ).toHaveLength(1);
    expect(
      sqlProblems(
        'libs/partners/src/a/a.repository.ts',
        'const q = `select * from transfer_legs l join customers c on true`;',
      ),
    ).toEqual([
      'libs/partners/src/a/a.repository.ts: SQL on transfer_legs (owned by ledger) in library partners: select * from transfer_legs l join customers c on true',
    ]);
    expect(sqlProblems('libs/partners/src/a/a.repository.ts', "const q = 'select id from customers';")).toEqual([]);
    expect(sqlProblems('libs/partners/src/a/a.service.ts', "const m = 'Select a customer first';")).toEqual([]);
    expect(
      sqlProblems('libs/ledger/src/migrations/M.ts', "this.addSql('alter table transfers add column x int');"),
    ).toEqual([]);
    expect(
      sqlProblems('libs/ledger/src/migrations/M.ts', "this.addSql('alter table decisions add column x int');"),
    ).toEqual([
      'libs/ledger/src/migrations/M.ts: SQL on decisions (owned by audit) in library ledger: alter table decisions add column x int',
    ]);
  });
});

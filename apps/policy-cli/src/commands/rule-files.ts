import { loadRuleFile, type ParsedRuleFile, type RuleProblem } from '@pps/rules/files';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { CliUsageError } from './cli-command';

const SEMVER_JSON = /^(\d+)\.(\d+)\.(\d+)\.json$/;

/** The versions of a rule set found in `<rulesDir>/<ruleSet>/`, oldest first. */
async function listVersions(rulesDir: string, ruleSet: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(path.join(rulesDir, ruleSet));
  } catch {
    return [];
  }
  return names
    .map((name) => SEMVER_JSON.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]) || Number(a[3]) - Number(b[3]))
    .map((match) => `${match[1]}.${match[2]}.${match[3]}`);
}

/** The rule sets: the folders of `rulesDir` that hold at least one version. */
export async function listRuleSets(rulesDir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(rulesDir, { withFileTypes: true });
  } catch {
    throw new CliUsageError(`no rules folder at ${rulesDir} (set RULES_DIR or run from the repository root)`);
  }
  const sets: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && (await listVersions(rulesDir, entry.name)).length > 0) sets.push(entry.name);
  }
  return sets.sort();
}

function ruleFilePath(rulesDir: string, ruleSet: string, version: string): string {
  return path.join(rulesDir, ruleSet, `${version}.json`);
}

/** Loads `<rule-set>` (latest version), `<rule-set>@<version>` or a path to a `.json` file. */
export async function loadTarget(rulesDir: string, target: string): Promise<{ path: string } & ParsedRuleFile> {
  if (target.endsWith('.json')) {
    const resolved = path.resolve(target);
    return { path: resolved, ...(await loadRuleFile(resolved)) };
  }
  const [ruleSet, requested] = target.split('@');
  const versions = await listVersions(rulesDir, ruleSet);
  if (versions.length === 0)
    throw new CliUsageError(`unknown rule set "${ruleSet}" (no files in ${path.join(rulesDir, ruleSet)})`);
  const version = requested ?? versions[versions.length - 1];
  const filePath = ruleFilePath(rulesDir, ruleSet, version);
  return { path: filePath, ...(await loadRuleFile(filePath)) };
}

export function formatProblem(problem: RuleProblem, cwd: string): string {
  const where = problem.file ? path.relative(cwd, problem.file) || problem.file : '<input>';
  const position = problem.line !== undefined ? `:${problem.line}:${problem.column ?? 1}` : '';
  return `  ${where}${position}  ${problem.path}  ${problem.message}`;
}

/** A plain-text table with a header row and aligned columns. */
export function formatTable(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { JsonLimitError, JsonSyntaxError, scanJson, SourcePosition } from './json-locator';
import { RULE_FILE_LIMITS } from './limits';
import type { RuleFile, RuleProblem } from './rule-file.types';
import { validateRuleFile } from './validate-rule-file';

export interface ParsedRuleFile {
  /** Present only when the file has no problem at all: an invalid file never becomes usable. */
  file?: RuleFile;
  problems: RuleProblem[];
}

const SEMVER_FILE = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.json$/;

/**
 * Parses and validates the text of a rule file. A syntax error is reported with its line and
 * column; otherwise every problem is reported at once, each with the JSON path and, where the
 * text shows it, the line and column of the value at fault.
 */
export function parseRuleFileText(text: string, file?: string): ParsedRuleFile {
  let json: unknown;
  let duplicates: RuleProblem[];
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > RULE_FILE_LIMITS.maxFileBytes)
    return {
      problems: [
        withFile(
          { path: '$', message: `file of ${bytes} bytes is larger than the limit of ${RULE_FILE_LIMITS.maxFileBytes}` },
          file,
        ),
      ],
    };
  try {
    const scanned = scanJson(text, new Set());
    duplicates = scanned.duplicateKeys.map(({ path: at, line, column }) =>
      withFile(
        {
          path: at,
          message: 'duplicate key: JSON keeps only the last value, so this one would be ignored',
          line,
          column,
        },
        file,
      ),
    );
    json = JSON.parse(text);
  } catch (error) {
    if (error instanceof JsonLimitError)
      return { problems: [withFile({ path: error.path, message: error.message, ...error.position }, file)] };
    const at = error instanceof JsonSyntaxError ? error.position : undefined;
    const message = error instanceof Error ? error.message : String(error);
    return {
      problems: [
        withFile(
          { path: '$', message: message.startsWith('invalid JSON') ? message : `invalid JSON: ${message}`, ...at },
          file,
        ),
      ],
    };
  }
  const found = validateRuleFile(json, file);
  let problems = duplicates;
  if (found.length > 0) {
    // a second scan, recording only the positions of the problems' paths and their ancestors
    const wanted = new Set<string>();
    for (const problem of found) for (const at of ancestors(problem.path)) wanted.add(at);
    const positions = scanJson(text, wanted).positions;
    problems = [...duplicates, ...found.map((problem) => ({ ...problem, ...positionOf(problem.path, positions) }))];
  }
  return problems.length > 0 ? { problems } : { file: json as RuleFile, problems };
}

function withFile(problem: RuleProblem, file?: string): RuleProblem {
  return file === undefined ? problem : { file, ...problem };
}

/** A JSON path and the paths of its ancestors, nearest first, down to `$`. */
function ancestors(jsonPath: string): string[] {
  const out: string[] = [];
  let current = jsonPath;
  for (;;) {
    out.push(current);
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
    if (cut <= 0) return out;
    current = current.slice(0, cut);
  }
}

/** The position of the value at `path`, or of its nearest ancestor present in the text. */
function positionOf(jsonPath: string, positions: Map<string, SourcePosition>): Partial<SourcePosition> {
  let current = jsonPath;
  for (;;) {
    const found = positions.get(current);
    if (found) return found;
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
    if (cut <= 0) return {};
    current = current.slice(0, cut);
  }
}

/**
 * Reads, parses and validates one rule file. A file named `<semver>.json` must carry that version
 * and sit in the folder named after its rule set (`rules/<rule-set>/<semver>.json`).
 */
export async function loadRuleFile(filePath: string): Promise<ParsedRuleFile> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    return {
      problems: [
        {
          file: filePath,
          path: '$',
          message: `cannot read the file: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    };
  }
  const parsed = parseRuleFileText(text, filePath);
  if (!parsed.file) return parsed;
  const problems = placementProblems(parsed.file, filePath);
  return problems.length > 0 ? { problems } : parsed;
}

function placementProblems(file: RuleFile, filePath: string): RuleProblem[] {
  const base = path.basename(filePath);
  if (!SEMVER_FILE.test(base)) return [];
  const problems: RuleProblem[] = [];
  const version = base.slice(0, -'.json'.length);
  if (file.version !== version)
    problems.push({
      file: filePath,
      path: '$.version',
      message: `version "${file.version}" differs from the file name ${base}`,
    });
  const folder = path.basename(path.dirname(filePath));
  if (file.ruleSet !== folder)
    problems.push({
      file: filePath,
      path: '$.ruleSet',
      message: `rule set "${file.ruleSet}" differs from its folder "${folder}"`,
    });
  return problems;
}

/**
 * Loads every rule file under a directory (recursively; `*.schema.json` files are not rule files),
 * in path order. Each entry carries its own problems; one bad file does not hide the others.
 */
export async function loadRulesDir(dir: string): Promise<Array<{ path: string } & ParsedRuleFile>> {
  const files = (await listJsonFiles(dir)).sort();
  return Promise.all(
    files.map(async (filePath) => {
      try {
        return { path: filePath, ...(await loadRuleFile(filePath)) };
      } catch (error) {
        // Defence in depth: whatever one file does, the others' results stand.
        const message = error instanceof Error ? error.message : String(error);
        return {
          path: filePath,
          problems: [{ file: filePath, path: '$', message: `cannot check the file: ${message}` }],
        };
      }
    }),
  );
}

async function listJsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listJsonFiles(full);
      if (entry.isFile() && entry.name.endsWith('.json') && !entry.name.endsWith('.schema.json')) return [full];
      return [];
    }),
  );
  return nested.flat();
}

/** Whether a path is a directory (for callers that accept a file or a folder). */
export async function isDirectory(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isDirectory();
  } catch {
    return false;
  }
}

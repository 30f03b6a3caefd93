import { RULE_SET_CONTRACT_SET } from '@pps/partners/contracts';
import { contentHash, isDirectory, loadRuleFile, loadRulesDir } from '@pps/rules/files';
import * as path from 'node:path';
import { parseArgs } from '../args';
import { CliCommand, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';
import { formatProblem } from './rule-files';

/** `validate [path]`: checks every rule file under a folder (default: the rules folder), or one file. */
export const validateCommand: CliCommand = {
  name: 'validate',
  usage: 'validate [path]',
  summary:
    'Validate rule files (schema, operators, facts, parameters, names); every problem with file, JSON path and line.',
  async run(args, context) {
    const { positional } = parseArgs(args);
    if (positional.length > 1) throw new CliUsageError('validate takes one path (a folder or a file)');
    const target = positional[0] ? path.resolve(context.cwd, positional[0]) : context.rulesDir;
    const loaded = (await isDirectory(target))
      ? await loadRulesDir(target)
      : [{ path: target, ...(await loadRuleFile(target)) }];
    // A valid file must also keep its rule set's contract with the code (facts, outcome, parameters, reasons).
    const entries = loaded.map((entry) => {
      const broken = entry.file ? RULE_SET_CONTRACT_SET.publishProblems(entry.file) : [];
      return broken.length === 0
        ? entry
        : { path: entry.path, file: undefined, problems: broken.map((p) => ({ ...p, file: entry.path })) };
    });
    let invalid = 0;
    for (const entry of entries) {
      const shown = path.relative(context.cwd, entry.path) || entry.path;
      if (entry.file) {
        context.out(
          `ok    ${shown}  ${entry.file.ruleSet}@${entry.file.version}  sha256:${contentHash(entry.file).slice(0, 12)}`,
        );
      } else {
        invalid++;
        context.out(`FAIL  ${shown}  ${entry.problems.length} problem(s)`);
        for (const problem of entry.problems) context.out(formatProblem(problem, context.cwd));
      }
    }
    if (entries.length === 0) context.out(`no rule files under ${target}`);
    context.out(`${entries.length} file(s), ${entries.length - invalid} valid, ${invalid} invalid`);
    return invalid > 0 || entries.length === 0 ? EXIT_FAILURES : EXIT_OK;
  },
};

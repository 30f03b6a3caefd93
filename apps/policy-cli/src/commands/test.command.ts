import { loadRulesDir, runEmbeddedTests } from '@pps/rules/files';
import * as path from 'node:path';
import { parseArgs } from '../args';
import { CliCommand, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';
import { formatProblem, formatTable, listRuleSets } from './rule-files';

/** `test [rule-set]`: runs the embedded tests of every version of every (or one) rule set and prints a table. */
export const testCommand: CliCommand = {
  name: 'test',
  usage: 'test [rule-set]',
  summary: 'Run the embedded tests of the rule files; prints a table, exits 1 on any failure.',
  async run(args, context) {
    const { positional } = parseArgs(args);
    if (positional.length > 1) throw new CliUsageError('test takes at most one rule set');
    const only = positional[0];
    if (only !== undefined && !(await listRuleSets(context.rulesDir)).includes(only)) {
      throw new CliUsageError(
        `unknown rule set "${only}"; known: ${(await listRuleSets(context.rulesDir)).join(', ')}`,
      );
    }
    const entries = await loadRulesDir(only ? path.join(context.rulesDir, only) : context.rulesDir);
    const rows: string[][] = [];
    const details: string[] = [];
    let failed = 0;
    let passed = 0;
    for (const entry of entries) {
      const shown = path.relative(context.cwd, entry.path) || entry.path;
      if (!entry.file) {
        failed++;
        rows.push([shown, '-', '(file is invalid)', 'FAIL']);
        for (const problem of entry.problems) details.push(formatProblem(problem, context.cwd));
        continue;
      }
      for (const result of runEmbeddedTests(entry.file)) {
        rows.push([entry.file.ruleSet, entry.file.version, result.name, result.passed ? 'pass' : 'FAIL']);
        if (result.passed) passed++;
        else {
          failed++;
          details.push(`FAIL ${entry.file.ruleSet}@${entry.file.version} "${result.name}"`);
          for (const mismatch of result.mismatches) details.push(`  ${mismatch}`);
        }
      }
    }
    for (const line of formatTable(['RULE SET', 'VERSION', 'TEST', 'RESULT'], rows)) context.out(line);
    if (details.length > 0) {
      context.out('');
      for (const line of details) context.out(line);
    }
    context.out('');
    context.out(`${passed} passed, ${failed} failed`);
    return failed > 0 || passed === 0 ? EXIT_FAILURES : EXIT_OK;
  },
};

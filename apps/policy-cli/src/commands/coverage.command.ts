import { checkValueCoverage } from '@pps/rules/files';
import * as path from 'node:path';
import { parseArgs } from '../args';
import { CliCommand, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';
import { formatProblem, loadTarget } from './rule-files';

/** `coverage refund-destination`: every combination of the facts maps to exactly one destination. */
export const coverageCommand: CliCommand = {
  name: 'coverage',
  usage: 'coverage <rule-set[@version] | file.json>',
  summary:
    "Check that every combination of a value rule set's enum and boolean facts maps to exactly one rule (the refund matrix).",
  async run(args, context) {
    const { positional } = parseArgs(args);
    if (positional.length !== 1)
      throw new CliUsageError('coverage needs one rule set (e.g. refund-destination) or a rule file');
    const loaded = await loadTarget(context.rulesDir, positional[0]);
    const shown = path.relative(context.cwd, loaded.path) || loaded.path;
    if (!loaded.file) {
      context.out(`FAIL  ${shown} is invalid`);
      for (const problem of loaded.problems) context.out(formatProblem(problem, context.cwd));
      return EXIT_FAILURES;
    }
    const report = checkValueCoverage(loaded.file);
    for (const problem of report.problems) context.out(`problem: ${problem}`);
    for (const gap of report.gaps) context.out(`gap: no rule decides ${JSON.stringify(gap)}`);
    for (const overlap of report.overlaps)
      context.out(`overlap: ${overlap.rules.join(' and ')} both decide ${JSON.stringify(overlap.combination)}`);
    context.out(
      `${report.ok ? 'ok  ' : 'FAIL'}  ${shown}  ${loaded.file.ruleSet}@${loaded.file.version}: ${report.combinations} combination(s), ${report.gaps.length} gap(s), ${report.overlaps.length} overlap(s)`,
    );
    return report.ok ? EXIT_OK : EXIT_FAILURES;
  },
};

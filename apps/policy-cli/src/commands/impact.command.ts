import { DomainError } from '@pps/platform';
import { parseRuleFileText, RuleFileInvalidError } from '@pps/rules';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from '../args';
import { withDatabase } from '../database';
import { windowOf } from '../inputs';
import { type CliCommand, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';
import { formatProblem } from './rule-files';

/** `impact <rule-set> <candidate-file> [--from --to]`: what the candidate would have changed. */
export const impactCommand: CliCommand = {
  name: 'impact',
  usage: 'impact <rule-set> <candidate-file> [--from <RFC 3339>] [--to <RFC 3339>] [--json]',
  summary:
    "Replay a window's decisions under a candidate file: changed outcomes by reason, samples, money per partner.",
  async run(args, context) {
    const { options, flags, positional } = parseArgs(args, { options: ['from', 'to'], flags: ['json'] });
    if (positional.length !== 2) throw new CliUsageError('impact needs a rule set and a candidate file');
    const [ruleSet, file] = positional;
    const window = await windowOf(options);
    const resolved = path.resolve(context.cwd, file);
    const text = await readFile(resolved, 'utf8').catch(() => {
      throw new CliUsageError(`cannot read ${file}`);
    });
    const parsed = parseRuleFileText(text, resolved);
    let problems = parsed.problems;
    if (parsed.file && parsed.file.ruleSet !== ruleSet)
      problems = [{ file: resolved, path: '$.ruleSet', message: `must be "${ruleSet}", not "${parsed.file.ruleSet}"` }];
    if (!parsed.file || problems.length > 0) {
      context.err(`${path.relative(context.cwd, resolved)} is not a valid candidate:`);
      for (const problem of problems) context.err(formatProblem(problem, context.cwd));
      return EXIT_FAILURES;
    }
    // The service's impact analysis (as POST /v1/rule-sets/:ruleSet/impact): the candidate checked and evaluated in the rule worker.
    let report;
    try {
      report = await withDatabase(context, ({ audit }) => audit.impact(ruleSet, { candidate: parsed.file, ...window }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      context.err(`${e.code} ${e.messages.en}`);
      if (e instanceof RuleFileInvalidError)
        for (const problem of e.problems)
          context.err(formatProblem({ ...problem, file: problem.file ?? resolved }, context.cwd));
      return EXIT_FAILURES;
    }
    if (flags.has('json')) {
      context.out(JSON.stringify(report, null, 2));
      return EXIT_OK;
    }
    context.out(
      `${ruleSet} → candidate ${report.candidate.version} (${report.candidate.contentHash.slice(0, 12)}…), window ${report.window.from ?? '-∞'} … ${report.window.to ?? '+∞'}`,
    );
    context.out(
      `examined ${report.examined}, changed ${report.changed}${report.unevaluable.count ? `, unevaluable ${report.unevaluable.count} (${report.unevaluable.firstError})` : ''}`,
    );
    const show = (o: { effect: string; value?: unknown }) =>
      o.value === undefined ? o.effect : `${o.effect} ${JSON.stringify(o.value)}`;
    for (const g of report.groups) {
      context.out(
        `  ${g.count} × ${show(g.from)} [${g.reasonFrom ?? '-'}] → ${show(g.to)} [${g.reasonTo ?? '-'}]  e.g. ${g.sampleDecisionIds.join(', ')}`,
      );
    }
    context.out('money that would move differently:');
    for (const p of report.money.byPartner)
      context.out(`  partner ${p.partnerId}: ${p.amount} ${p.currency} (${p.decisions} decisions)`);
    for (const t of report.money.total)
      context.out(
        `  total ${t.currency}: moved differently ${t.movedDifferently}; partners ${t.partners}; customers ${t.customers}`,
      );
    if (report.money.unquantified.count)
      context.out(
        `  unquantified: ${report.money.unquantified.count} (e.g. ${report.money.unquantified.sampleDecisionIds.join(', ')})`,
      );
    return EXIT_OK;
  },
};

import { replayWindow, StoredVersions } from '@pps/audit';
import { type CliCommand, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';
import { parseArgs, parseInstant, withAuditDatabase } from './audit-database';

/** `replay --from --to [--rule-set]`: re-evaluates every decision of a window with the version it used. */
export const replayCommand: CliCommand = {
  name: 'replay',
  usage: 'replay --from <iso> --to <iso> [--rule-set <name>] [--json]',
  summary: 'Replay the decisions of a window with their exact rule versions; exit 1 on a mismatch.',
  async run(args, context) {
    const { options, flags, positional } = parseArgs(args, ['from', 'to', 'rule-set'], ['--json']);
    if (positional.length > 0) throw new CliUsageError(`unexpected argument ${positional[0]}`);
    const window = {
      from: parseInstant('from', options.from),
      to: parseInstant('to', options.to),
      ruleSet: options['rule-set'],
    };
    const summary = await withAuditDatabase(context, (db) =>
      replayWindow(db, new StoredVersions(db), window, {
        onMismatch: (r) => {
          if (!flags.has('--json'))
            context.out(`mismatch ${r.decisionId} ${r.ruleSet}@${r.version}: ${r.error ?? r.differences.join(', ')}`);
        },
      }),
    );
    if (flags.has('--json')) context.out(JSON.stringify(summary, null, 2));
    else context.out(`examined ${summary.examined}: ${summary.matches} match, ${summary.mismatches} mismatch`);
    return summary.mismatches > 0 ? EXIT_FAILURES : EXIT_OK;
  },
};

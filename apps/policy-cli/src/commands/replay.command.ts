import { replayWindow } from '@pps/audit';
import { parseArgs } from '../args';
import { withDatabase } from '../database';
import { windowOf } from '../inputs';
import { type CliCommand, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';

/** `replay --from --to [--rule-set]`: re-evaluates every decision of a window with the version it used. */
export const replayCommand: CliCommand = {
  name: 'replay',
  usage: 'replay --from <RFC 3339> --to <RFC 3339> [--rule-set <name>] [--json]',
  summary: 'Replay the decisions of a window with their exact rule versions; exit 1 on a mismatch.',
  async run(args, context) {
    const { options, flags, positional } = parseArgs(args, { options: ['from', 'to', 'rule-set'], flags: ['json'] });
    if (positional.length > 0) throw new CliUsageError(`unexpected argument ${positional[0]}`);
    const window = { ...(await windowOf(options)), ruleSet: options['rule-set'] };
    // The version store's reads (through the registry): each version verified against its hash.
    const summary = await withDatabase(context, ({ db, registry }) =>
      replayWindow(db, registry, window, {
        onMismatch: (r) => {
          if (!flags.has('json'))
            context.out(`mismatch ${r.decision_id} ${r.ruleSet}@${r.version}: ${r.error ?? r.differences.join(', ')}`);
        },
      }),
    );
    if (flags.has('json')) context.out(JSON.stringify(summary, null, 2));
    else context.out(`examined ${summary.examined}: ${summary.matches} match, ${summary.mismatches} mismatch`);
    return summary.mismatches > 0 ? EXIT_FAILURES : EXIT_OK;
  },
};

import { exportNdjson } from '@pps/audit';
import { type CliCommand, CliUsageError, EXIT_OK } from './cli-command';
import { parseArgs, parseInstant, withAuditDatabase } from './audit-database';

/** `export --from --to > file.ndjson`: the records of a window with their chain fields, streamed. */
export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'export [--from <iso>] [--to <iso>]  > decisions.ndjson',
  summary: 'Write the decision records of a window as NDJSON with their chain fields, for offline verification.',
  async run(args, context) {
    const { options, positional } = parseArgs(args, ['from', 'to']);
    if (positional.length > 0) throw new CliUsageError(`unexpected argument ${positional[0]}`);
    const window = { from: parseInstant('from', options.from), to: parseInstant('to', options.to) };
    await withAuditDatabase(context, async (db) => {
      for await (const line of exportNdjson(db, window)) {
        // Respect back-pressure so that memory stays flat on a slow pipe.
        if (!process.stdout.write(line)) await new Promise((resolve) => process.stdout.once('drain', resolve));
      }
    });
    return EXIT_OK;
  },
};

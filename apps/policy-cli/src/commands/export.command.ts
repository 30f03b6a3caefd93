import { exportNdjson } from '@pps/audit';
import { parseArgs } from '../args';
import { withDatabase } from '../database';
import { windowOf } from '../inputs';
import { type CliCommand, CliUsageError, EXIT_OK } from './cli-command';

/** `export --from --to > file.ndjson`: the records of a window with their chain fields, streamed. */
export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'export [--from <RFC 3339>] [--to <RFC 3339>]  > decisions.ndjson',
  summary: 'Write the decision records of a window as NDJSON with their chain fields, for offline verification.',
  async run(args, context) {
    const { options, positional } = parseArgs(args, { options: ['from', 'to'] });
    if (positional.length > 0) throw new CliUsageError(`unexpected argument ${positional[0]}`);
    const window = await windowOf(options);
    await withDatabase(context, async ({ db }) => {
      for await (const line of exportNdjson(db, window)) {
        // Respect back-pressure so that memory stays flat on a slow pipe.
        if (!process.stdout.write(line)) await new Promise((resolve) => process.stdout.once('drain', resolve));
      }
    });
    return EXIT_OK;
  },
};

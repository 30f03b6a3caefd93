import { verifyChain, verifyExportLines } from '@pps/audit';
import { createReadStream } from 'node:fs';
import * as readline from 'node:readline';
import { parseArgs } from '../args';
import { withDatabase } from '../database';
import { windowOf } from '../inputs';
import { type CliCommand, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';

/** `verify [--from --to]`: walks the hash chain in the database (reads only; the service seals). */
export const verifyCommand: CliCommand = {
  name: 'verify',
  usage: 'verify [--from <RFC 3339>] [--to <RFC 3339>]',
  summary: "Walk the decision log's hash chain, recomputing every hash; exit 1 at a broken link.",
  async run(args, context) {
    const { options, positional } = parseArgs(args, { options: ['from', 'to'] });
    if (positional.length > 0) throw new CliUsageError(`unexpected argument ${positional[0]}`);
    const window = await windowOf(options);
    const report = await withDatabase(context, ({ db }) => verifyChain(db, window));
    context.out(JSON.stringify(report, null, 2));
    return report.ok ? EXIT_OK : EXIT_FAILURES;
  },
};

/** `verify-file <file.ndjson>`: offline verification of an export, from the file alone. */
export const verifyFileCommand: CliCommand = {
  name: 'verify-file',
  usage: 'verify-file <export.ndjson>',
  summary: 'Verify an export offline (hashes and links, from the file alone); exit 1 naming each bad record.',
  async run(args, context) {
    const { positional } = parseArgs(args);
    if (positional.length !== 1) throw new CliUsageError('verify-file needs one file');
    const lines = readline.createInterface({ input: createReadStream(positional[0], 'utf8'), crlfDelay: Infinity });
    const report = await verifyExportLines(lines);
    for (const p of report.problems) context.err(`line ${p.line} ${p.decisionId ?? ''} ${p.problem}: ${p.message}`);
    context.out(
      `${report.lines} records: ${report.checked} sealed and checked, ${report.unsealed} not sealed yet, ${report.problems.length} problem(s)`,
    );
    return report.ok ? EXIT_OK : EXIT_FAILURES;
  },
};

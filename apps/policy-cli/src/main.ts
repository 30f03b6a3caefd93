import { processContext, runCli } from './cli-runner';

// `npm run policy -- … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

// The embedded PostgreSQL's package ends the process with `process.exit(0)` on 'beforeExit'
// (async-exit-hook): the command's exit code is set again as the process exits.
let exitCode: number | undefined;
process.on('exit', () => {
  if (exitCode !== undefined) process.exitCode = exitCode;
});

/** The policy CLI for admins and auditors: `npm run policy -- <command>` (see `help`). */
runCli(process.argv.slice(2), processContext()).then(
  (code) => {
    exitCode = process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    exitCode = process.exitCode = 1;
  },
);

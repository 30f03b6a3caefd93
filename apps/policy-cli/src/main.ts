import { processContext, runCli } from './cli-runner';

// `npm run policy -- … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

/** The policy CLI for admins and auditors: `npm run policy -- <command>` (see `help`). */
runCli(process.argv.slice(2), processContext()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);

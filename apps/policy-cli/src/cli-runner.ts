import * as path from 'node:path';
import { allCommands, CliContext, CliUsageError, EXIT_FAILURES, EXIT_OK, EXIT_USAGE, findCommand } from './commands';

/** The context of a real process: cwd, environment, stdout and stderr. */
export function processContext(): CliContext {
  const cwd = process.cwd();
  return {
    cwd,
    env: process.env,
    rulesDir: path.resolve(cwd, process.env.RULES_DIR ?? 'rules'),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
}

async function helpText(): Promise<string[]> {
  const commands = await allCommands();
  const width = Math.max(...commands.map((command) => command.usage.length));
  return [
    'usage: policy <command> [arguments]',
    '',
    ...commands.map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
    '',
    'Rule files are read from RULES_DIR (default: ./rules). Exit codes: 0 ok, 1 failures, 2 usage error.',
  ];
}

/** Dispatches `argv` (without node and script) to a command; resolves to the exit code. */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    for (const line of await helpText()) (name === undefined ? context.err : context.out)(line);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = await findCommand(name);
  if (!command) {
    context.err(`unknown command "${name}"`);
    for (const line of await helpText()) context.err(line);
    return EXIT_USAGE;
  }
  try {
    return await command.run(args, context);
  } catch (error) {
    if (error instanceof CliUsageError) {
      context.err(`${error.message}`);
      context.err(`usage: policy ${command.usage}`);
      return EXIT_USAGE;
    }
    context.err(`${command.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT_FAILURES;
  }
}

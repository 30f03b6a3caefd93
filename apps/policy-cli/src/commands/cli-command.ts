/** One command of the policy CLI. Add a command by writing `<name>.command.ts` and listing it in `commands/index.ts`. */
export interface CliCommand {
  name: string;
  /** e.g. `validate [path]` */
  usage: string;
  summary: string;
  /** Returns the exit code: 0 ok, 1 failures found; throw CliUsageError for a usage error (exit 2). */
  run(args: string[], context: CliContext): Promise<number>;
}

export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The rule files folder: `RULES_DIR` (relative to cwd) or `<cwd>/rules`. */
  rulesDir: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURES = 1;
export const EXIT_USAGE = 2;

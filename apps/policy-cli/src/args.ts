import { CliUsageError } from './commands/cli-command';

export interface ArgSpec {
  /** Options that take a value: `--name value` or `--name=value`. */
  options?: readonly string[];
  /** Options without a value: `--name`. */
  flags?: readonly string[];
}

export interface ParsedArgs {
  /** By option name, without the dashes. */
  options: Record<string, string | undefined>;
  /** The flags given, without the dashes. */
  flags: Set<string>;
  positional: string[];
}

/**
 * The one argument parser of every command: options with a value, flags and positional arguments.
 * An option the command does not know, or one without its value, is a usage error (exit 2).
 */
export function parseArgs(args: readonly string[], spec: ArgSpec = {}): ParsedArgs {
  const known = spec.options ?? [];
  const flagNames = spec.flags ?? [];
  const options: Record<string, string | undefined> = {};
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (flagNames.includes(name) && eq < 0) flags.add(name);
    else if (known.includes(name)) {
      const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new CliUsageError(`--${name} needs a value`);
      options[name] = value;
    } else throw new CliUsageError(`unknown option ${eq < 0 ? arg : arg.slice(0, eq)}`);
  }
  return { options, flags, positional };
}

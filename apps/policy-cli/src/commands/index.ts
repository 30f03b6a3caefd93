import { activateCommand, rollbackCommand, versionsCommand } from './activate.command';
import type { CliCommand } from './cli-command';
import { coverageCommand } from './coverage.command';
import { diffCommand } from './diff.command';
import { publishCommand } from './publish.command';
import { testCommand } from './test.command';
import { validateCommand } from './validate.command';

export * from './cli-command';

/** The registry of CLI commands, in the order `help` lists them. Add new commands here. */
export const COMMANDS: CliCommand[] = [
  validateCommand,
  testCommand,
  diffCommand,
  coverageCommand,
  publishCommand,
  activateCommand,
  rollbackCommand,
  versionsCommand,
];

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((command) => command.name === name);
}

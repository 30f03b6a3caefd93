import { activateCommand, rollbackCommand, versionsCommand } from './activate.command';
import type { CliCommand } from './cli-command';
import { coverageCommand } from './coverage.command';
import { diffCommand } from './diff.command';
import { exportCommand } from './export.command';
import { impactCommand } from './impact.command';
import { publishCommand } from './publish.command';
import { replayCommand } from './replay.command';
import { testCommand } from './test.command';
import { validateCommand } from './validate.command';
import { verifyCommand, verifyFileCommand } from './verify.command';

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
  replayCommand,
  impactCommand,
  verifyCommand,
  exportCommand,
  verifyFileCommand,
];

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((command) => command.name === name);
}

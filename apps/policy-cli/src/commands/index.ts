import type { CliCommand } from './cli-command';

export * from './cli-command';

/**
 * The registry of CLI commands, in the order `help` lists them. A command's module is loaded only
 * when it runs (or for `help`), so that the file commands (validate, test, diff, coverage) never
 * load what the database commands need (NestJS, MikroORM, pg). Add new commands here.
 */
const LOADERS: ReadonlyArray<readonly [name: string, load: () => Promise<CliCommand>]> = [
  ['validate', async () => (await import('./validate.command')).validateCommand],
  ['test', async () => (await import('./test.command')).testCommand],
  ['eval', async () => (await import('./eval.command')).evalCommand],
  ['diff', async () => (await import('./diff.command')).diffCommand],
  ['coverage', async () => (await import('./coverage.command')).coverageCommand],
  ['publish', async () => (await import('./publish.command')).publishCommand],
  ['activate', async () => (await import('./activate.command')).activateCommand],
  ['rollback', async () => (await import('./activate.command')).rollbackCommand],
  ['versions', async () => (await import('./activate.command')).versionsCommand],
  ['change-requests', async () => (await import('./rollout.command')).changeRequestsCommand],
  ['approve', async () => (await import('./rollout.command')).approveCommand],
  ['reject', async () => (await import('./rollout.command')).rejectCommand],
  ['shadow', async () => (await import('./rollout.command')).shadowCommand],
  ['replay', async () => (await import('./replay.command')).replayCommand],
  ['impact', async () => (await import('./impact.command')).impactCommand],
  ['verify', async () => (await import('./verify.command')).verifyCommand],
  ['export', async () => (await import('./export.command')).exportCommand],
  ['verify-file', async () => (await import('./verify.command')).verifyFileCommand],
  ['schemas', async () => (await import('./schemas.command')).schemasCommand],
];

export async function findCommand(name: string): Promise<CliCommand | undefined> {
  const entry = LOADERS.find(([candidate]) => candidate === name);
  return entry ? entry[1]() : undefined;
}

/** Every command, loaded (for `help`). */
export function allCommands(): Promise<CliCommand[]> {
  return Promise.all(LOADERS.map(([, load]) => load()));
}

import { CONTRACTS } from '@pps/partners/contracts';
import { editorSchemaPath, editorSchemaText } from '@pps/rules/files';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from '../args';
import { CliCommand, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';

/** `schemas [--check]`: (re)generate each rule set's editor schema from its contract in code. */
export const schemasCommand: CliCommand = {
  name: 'schemas',
  usage: 'schemas [--check]',
  summary:
    "Generate rules/<set>.schema.json (the editor schema) from each rule set's contract; --check only reports stale files.",
  async run(args, context) {
    const { flags, positional } = parseArgs(args, { flags: ['check'] });
    if (positional.length > 0) throw new CliUsageError(`unexpected argument ${positional[0]}`);
    const check = flags.has('check');
    let stale = 0;
    for (const contract of CONTRACTS) {
      const file = path.join(context.rulesDir, editorSchemaPath(contract.ruleSet));
      const text = editorSchemaText(contract);
      const current = await readFile(file, 'utf8').catch(() => undefined);
      if (current === text) continue;
      stale++;
      if (check) context.out(`stale  ${path.relative(context.cwd, file) || file}`);
      else {
        await writeFile(file, text);
        context.out(`wrote  ${path.relative(context.cwd, file) || file}`);
      }
    }
    if (stale === 0) context.out('every editor schema is current');
    return check && stale > 0 ? EXIT_FAILURES : EXIT_OK;
  },
};

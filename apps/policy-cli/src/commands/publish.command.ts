import { DomainError } from '@pps/platform';
import { parseRuleFileText, RuleFileInvalidError } from '@pps/rules';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from '../args';
import { withDatabase } from '../database';
import { actorId, actorInput } from '../inputs';
import { CliCommand, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';
import { formatProblem } from './rule-files';

/** `publish <file…>`: validate completely and store each file by content hash (immutable). */
export const publishCommand: CliCommand = {
  name: 'publish',
  usage: 'publish <rules/<set>/<version>.json> [more files] (--by <admin key label or id> | PPS_API_KEY)',
  summary: 'Validate a rule file completely (embedded tests included) and store it in the version store.',
  async run(args, context) {
    const { options, positional: files } = parseArgs(args, { options: ['by'] });
    if (files.length === 0) throw new CliUsageError('publish needs at least one rule file');
    const actor = actorInput(context, 'publish', options.by, false);
    return withDatabase(context, async (services) => {
      const { registry } = services;
      const by = await actorId(services, actor);
      let failed = 0;
      for (const file of files) {
        const full = path.resolve(context.cwd, file);
        const text = await readFile(full, 'utf8').catch(() => undefined);
        if (text === undefined) {
          context.err(`${file}: cannot read`);
          failed++;
          continue;
        }
        const parsed = parseRuleFileText(text, full);
        try {
          if (!parsed.file || parsed.problems.length > 0) throw new RuleFileInvalidError(parsed.problems);
          const result = await registry.publish(parsed.file, by);
          context.out(
            `${result.created ? 'published' : 'already stored'}  ${result.ruleSet}@${result.version}  sha256:${result.contentHash}`,
          );
        } catch (e) {
          failed++;
          if (e instanceof RuleFileInvalidError)
            for (const p of e.problems) context.err(formatProblem({ ...p, file: p.file ?? full }, context.cwd));
          else if (e instanceof DomainError) context.err(`${file}: ${e.code} ${e.messages.en}`);
          else throw e;
        }
      }
      return failed === 0 ? EXIT_OK : EXIT_FAILURES;
    });
  },
};

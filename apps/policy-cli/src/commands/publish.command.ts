import { DomainError } from '@pps/platform';
import { parseRuleFileText, RuleFileInvalidError } from '@pps/rules';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { withDatabase } from '../database';
import { CliCommand, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';
import { formatProblem } from './rule-files';

/** `publish <file…>`: validate completely and store each file by content hash (immutable). */
export const publishCommand: CliCommand = {
  name: 'publish',
  usage: 'publish <rules/<set>/<version>.json> [more files]',
  summary: 'Validate a rule file completely (embedded tests included) and store it in the version store.',
  async run(args, context) {
    const files = args.filter((a) => !a.startsWith('--'));
    if (files.length === 0) throw new CliUsageError('publish needs at least one rule file');
    return withDatabase(context, async ({ registry }) => {
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
          const result = await registry.publish(parsed.file, null);
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

import { DomainError } from '@pps/platform/core';
import { diffRuleFiles, type RuleFile } from '@pps/rules/files';
import * as path from 'node:path';
import { parseArgs } from '../args';
import { CliCommand, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';
import { formatProblem, loadTarget } from './rule-files';

/** `diff <rule-set> <v1> <v2>`: what changed between two versions of a rule set. */
export const diffCommand: CliCommand = {
  name: 'diff',
  usage: 'diff <rule-set> <v1> <v2> [--json] [--store]',
  summary:
    'Show rules added, removed and changed, and parameters changed, between two versions (files under rules/, or --store: published versions).',
  async run(args, context) {
    const { flags, positional } = parseArgs(args, { flags: ['json', 'store'] });
    const json = flags.has('json');
    const fromStore = flags.has('store');
    if (positional.length !== 3) throw new CliUsageError('diff needs a rule set and two versions');
    const [ruleSet, v1, v2] = positional;
    const files: RuleFile[] = [];
    if (fromStore) {
      try {
        // The version store needs the database: loaded only for --store.
        const { withDatabase } = await import('../database');
        await withDatabase(context, async ({ registry }) => {
          for (const version of [v1, v2]) files.push((await registry.byVersion(ruleSet, version)).file);
        });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        context.err(`cannot diff: ${e.messages.en}`);
        return EXIT_FAILURES;
      }
    }
    for (const version of fromStore ? [] : [v1, v2]) {
      const loaded = await loadTarget(context.rulesDir, `${ruleSet}@${version}`);
      if (!loaded.file) {
        context.err(
          `cannot diff: ${path.relative(context.cwd, loaded.path)} is missing or invalid (published versions: add --store)`,
        );
        for (const problem of loaded.problems) context.err(formatProblem(problem, context.cwd));
        return EXIT_FAILURES;
      }
      files.push(loaded.file);
    }
    const diff = diffRuleFiles(files[0], files[1]);
    if (json) {
      context.out(JSON.stringify(diff, null, 2));
      return EXIT_OK;
    }
    const show = (title: string, items: string[]): void => {
      context.out(`${title}: ${items.length === 0 ? 'none' : ''}`);
      for (const item of items) context.out(`  ${item}`);
    };
    context.out(`${ruleSet} ${v1} → ${v2}`);
    show(
      'rules added',
      diff.rulesAdded.map((name) => `+ ${name}`),
    );
    show(
      'rules removed',
      diff.rulesRemoved.map((name) => `- ${name}`),
    );
    show(
      'rules changed',
      diff.rulesChanged.map((name) => `~ ${name}`),
    );
    show(
      'parameters added',
      diff.parametersAdded.map((p) => `+ ${p.name} = ${JSON.stringify(p.value)}`),
    );
    show(
      'parameters removed',
      diff.parametersRemoved.map((p) => `- ${p.name} (was ${JSON.stringify(p.value)})`),
    );
    show(
      'parameters changed',
      diff.parametersChanged.map((p) => `~ ${p.name}: ${JSON.stringify(p.from)} → ${JSON.stringify(p.to)}`),
    );
    show(
      'facts added',
      diff.factsAdded.map((name) => `+ ${name}`),
    );
    show(
      'facts removed',
      diff.factsRemoved.map((name) => `- ${name}`),
    );
    show(
      'facts changed',
      diff.factsChanged.map((name) => `~ ${name}`),
    );
    context.out(`default outcome: ${diff.defaultChanged ? 'changed' : 'unchanged'}`);
    return EXIT_OK;
  },
};

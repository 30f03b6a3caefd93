import { RULE_SET_CONTRACT_SET } from '@pps/partners/contracts';
import { compileRuleSet, FactValidationError, type ConditionResult } from '@pps/rules/files';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from '../args';
import { CliCommand, CliUsageError, EXIT_FAILURES, EXIT_OK, EXIT_USAGE } from './cli-command';
import { formatProblem, loadTarget } from './rule-files';

/** The facts of `--facts '<json>'` or `--facts-file <path>`, parsed; a message when they are not a JSON object. */
async function readFacts(
  options: { facts?: string; 'facts-file'?: string },
  cwd: string,
): Promise<Record<string, unknown> | string> {
  const inline = options.facts;
  const fromFile = options['facts-file'];
  if ((inline === undefined) === (fromFile === undefined))
    throw new CliUsageError("give the facts with --facts '<json>' or --facts-file <path>");
  const value = (inline ?? fromFile) as string;
  let text = value;
  if (fromFile !== undefined) {
    try {
      text = await readFile(path.resolve(cwd, value), 'utf8');
    } catch (error) {
      throw new CliUsageError(`cannot read ${value}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let facts: unknown;
  try {
    facts = JSON.parse(text);
  } catch (error) {
    return `facts are not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (typeof facts !== 'object' || facts === null || Array.isArray(facts)) return 'facts must be a JSON object';
  return facts as Record<string, unknown>;
}

function shownCondition(condition: ConditionResult): Record<string, unknown> {
  // JSON drops undefined members: an undefined fact value or an unevaluated condition shows them absent
  return JSON.parse(JSON.stringify(condition)) as Record<string, unknown>;
}

/**
 * `eval <file | rule-set[@version]> --facts '<json>' | --facts-file <path> [--json]`: evaluates one
 * rule file on the given facts and prints the outcome, the matched rules in order and every
 * condition with its fact value, compared value and result. Exit 0 evaluated, 1 a fact error,
 * 2 an invalid file (or a usage error).
 */
export const evalCommand: CliCommand = {
  name: 'eval',
  usage: "eval <file | rule-set[@version]> --facts '<json>' | --facts-file <path> [--json]",
  summary: 'Evaluate one rule file on facts: outcome, matched rules in order, every condition with its values.',
  async run(args, context) {
    const { options, flags, positional } = parseArgs(args, { options: ['facts', 'facts-file'], flags: ['json'] });
    const [target] = positional;
    if (target === undefined || positional.length > 1) throw new CliUsageError(`usage: ${this.usage}`);
    const asJson = flags.has('json');
    const facts = await readFacts(options, context.cwd);
    const found = await loadTarget(
      context.rulesDir,
      target.endsWith('.json') ? path.resolve(context.cwd, target) : target,
    );
    // a rule set the service knows must also keep its contract with the code; any other name is evaluated as is
    const broken = found.file ? RULE_SET_CONTRACT_SET.publishProblems(found.file) : [];
    const loaded =
      broken.length === 0
        ? found
        : { path: found.path, file: undefined, problems: broken.map((p) => ({ ...p, file: found.path })) };
    if (!loaded.file) {
      if (asJson) context.out(JSON.stringify({ error: 'invalid rule file', problems: loaded.problems }, null, 2));
      else {
        context.out(
          `FAIL  ${path.relative(context.cwd, loaded.path) || loaded.path}  ${loaded.problems.length} problem(s)`,
        );
        for (const problem of loaded.problems) context.out(formatProblem(problem, context.cwd));
      }
      return EXIT_USAGE;
    }
    const compiled = compileRuleSet(loaded.file);
    const factError = (problems: Array<{ fact: string; message: string }>): number => {
      if (asJson) context.out(JSON.stringify({ error: 'invalid facts', problems }, null, 2));
      else for (const problem of problems) context.out(`fact error: ${problem.fact} ${problem.message}`);
      return EXIT_FAILURES;
    };
    if (typeof facts === 'string') return factError([{ fact: '$', message: facts }]);
    let evaluation;
    try {
      evaluation = compiled.evaluate(facts);
    } catch (error) {
      if (error instanceof FactValidationError) return factError(error.problems);
      throw error;
    }
    const report = {
      outcome: evaluation.outcome,
      matchedRules: evaluation.matchedRules,
      results: evaluation.results.map((result) => ({
        rule: result.rule,
        result: result.result,
        conditions: result.conditions.map(shownCondition),
      })),
    };
    if (asJson) {
      context.out(JSON.stringify(report, null, 2));
      return EXIT_OK;
    }
    context.out(`${compiled.ruleSet}@${compiled.version}  sha256:${compiled.contentHash.slice(0, 12)}`);
    context.out(
      `outcome: ${evaluation.outcome.effect}${evaluation.outcome.value !== undefined ? ` ${JSON.stringify(evaluation.outcome.value)}` : ''}`,
    );
    for (const reason of evaluation.reasons) context.out(`reason:  ${reason.code} ${reason.message.en}`);
    context.out(`matched: ${evaluation.matchedRules.length > 0 ? evaluation.matchedRules.join(', ') : '(none)'}`);
    for (const result of report.results) {
      context.out(`${result.result ? 'MATCH' : '     '} ${result.rule}`);
      for (const c of result.conditions) {
        const shown = (v: unknown): string => (v === undefined ? '(undefined)' : JSON.stringify(v));
        const state = c.result === undefined ? 'not evaluated' : shown(c.result);
        const name = (v: unknown): string => (typeof v === 'string' ? v : shown(v));
        const at = c.path !== undefined ? ` ${name(c.path)}` : '';
        context.out(
          `        ${name(c.fact)}${at} = ${shown(c.factValue)}  ${name(c.operator)}  ${shown(c.value)}  → ${state}`,
        );
      }
    }
    return EXIT_OK;
  },
};

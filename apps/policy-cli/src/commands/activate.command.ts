import { DomainError } from '@pps/platform';
import { type Activation, RuleFileInvalidError } from '@pps/rules';
import { option, positionals, withDatabase } from '../database';
import { type CliCommand, type CliContext, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';
import { changeRequestsOf, cliAdmin, printChangeRequest } from './rollout.command';

function printActivation(context: CliContext, a: Activation): void {
  context.out(
    `${a.kind}  ${a.ruleSet}: ${a.fromVersion ?? '—'} → ${a.version}  effective ${a.effectiveFrom}  sha256:${a.contentHash}  (${a.reason})`,
  );
}

async function guarded(context: CliContext, fn: () => Promise<void>): Promise<number> {
  try {
    await fn();
    return EXIT_OK;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    context.err(`${e.code} ${e.messages.en}`);
    if (e instanceof RuleFileInvalidError) for (const p of e.problems) context.err(`  ${p.path}  ${p.message}`);
    return EXIT_FAILURES;
  }
}

/** `activate <rule-set> <version> --reason "…" [--effective-from <iso>]` */
export const activateCommand: CliCommand = {
  name: 'activate',
  usage: 'activate <rule-set> <version> --reason "<why>" [--effective-from <ISO instant>]',
  summary: 'Activate a published version now, or schedule it; every running service follows within a second.',
  async run(args, context) {
    const [ruleSet, version] = positionals(args, ['reason', 'effective-from']);
    const reason = option(args, 'reason');
    const effectiveFrom = option(args, 'effective-from');
    if (!ruleSet || !version || !reason) throw new CliUsageError('activate needs a rule set, a version and --reason');
    if (effectiveFrom !== undefined && Number.isNaN(Date.parse(effectiveFrom)))
      throw new CliUsageError('--effective-from must be an ISO-8601 instant');
    return withDatabase(context, async (db) => {
      const fourEyes = db.config.activationApprovals > 1;
      const by = await cliAdmin(db.db, context, fourEyes);
      const from = effectiveFrom ? new Date(effectiveFrom) : undefined;
      return guarded(context, async () => {
        if (fourEyes) {
          const request = await changeRequestsOf(db).request({
            ruleSet,
            kind: 'activate',
            version,
            reason,
            effectiveFrom: from,
            requestedBy: by,
          });
          context.out('change request created; another admin approves it (policy approve):');
          printChangeRequest(context, request);
        } else printActivation(context, await db.registry.activate(ruleSet, version, reason, by, from));
      });
    });
  },
};

/** `rollback <rule-set> --reason "…"` */
export const rollbackCommand: CliCommand = {
  name: 'rollback',
  usage: 'rollback <rule-set> --reason "<why>"',
  summary: 'Activate the version that was active before the current one.',
  async run(args, context) {
    const [ruleSet] = positionals(args, ['reason']);
    const reason = option(args, 'reason');
    if (!ruleSet || !reason) throw new CliUsageError('rollback needs a rule set and --reason');
    return withDatabase(context, async (db) => {
      const fourEyes = db.config.activationApprovals > 1;
      const by = await cliAdmin(db.db, context, fourEyes);
      return guarded(context, async () => {
        if (fourEyes) {
          const request = await changeRequestsOf(db).request({ ruleSet, kind: 'rollback', reason, requestedBy: by });
          context.out('change request created; another admin approves it (policy approve):');
          printChangeRequest(context, request);
        } else printActivation(context, await db.registry.rollback(ruleSet, reason, by));
      });
    });
  },
};

/** `versions <rule-set>`: the stored versions with their status, and the activation history. */
export const versionsCommand: CliCommand = {
  name: 'versions',
  usage: 'versions <rule-set> [--json]',
  summary:
    'List the stored versions of a rule set (active, scheduled, superseded, available) and its activation history.',
  async run(args, context) {
    const [ruleSet] = positionals(args, []);
    if (!ruleSet) throw new CliUsageError('versions needs a rule set');
    return withDatabase(context, (db) =>
      guarded(context, async () => {
        const stored = await db.registry.versions(ruleSet);
        const view = { ...stored, history: await changeRequestsOf(db).annotate(ruleSet, stored.history) };
        if (args.includes('--json')) {
          context.out(JSON.stringify(view, null, 2));
          return;
        }
        for (const v of view.versions)
          context.out(
            `${v.version.padEnd(10)} ${v.status.padEnd(11)} sha256:${v.contentHash.slice(0, 16)}  published ${v.publishedAt}`,
          );
        context.out('history:');
        for (const a of view.history) {
          printActivation(context, a);
          if (a.changeRequestId)
            context.out(
              `    change request ${a.changeRequestId}: requested by ${a.requestedBy ?? '—'}, approved by ${a.approvedBy ?? '—'}`,
            );
        }
      }),
    );
  },
};

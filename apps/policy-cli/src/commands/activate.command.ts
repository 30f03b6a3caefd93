import { DomainError } from '@pps/platform';
import { type Activation, RuleFileInvalidError } from '@pps/rules';
import { ActivateDto, RollbackDto } from '@pps/policy-service';
import { parseArgs } from '../args';
import { withDatabase } from '../database';
import { actorId, actorInput, validated } from '../inputs';
import { type CliCommand, type CliContext, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';
import { printChangeRequest } from './rollout.command';

function printActivation(context: CliContext, a: Activation): void {
  context.out(
    `${a.kind}  ${a.ruleSet}: ${a.fromVersion ?? '—'} → ${a.version}  effective ${a.effectiveFrom}  sha256:${a.contentHash}  (${a.reason})${a.activatedBy ? `  by ${a.activatedBy}` : ''}`,
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

/** `activate <rule-set> <version> --reason "…" [--effective-from <iso>] --by <admin>` */
export const activateCommand: CliCommand = {
  name: 'activate',
  usage:
    'activate <rule-set> <version> --reason "<why>" [--effective-from <RFC 3339 instant>] (--by <admin key label or id> | PPS_API_KEY)',
  summary: 'Activate a published version now, or schedule it; every running service follows within a second.',
  async run(args, context) {
    const { options, positional } = parseArgs(args, { options: ['reason', 'effective-from', 'by'] });
    const [ruleSet, version] = positional;
    if (!ruleSet || !version || positional.length > 2 || options.reason === undefined)
      throw new CliUsageError('activate needs a rule set, a version and --reason');
    const body = await validated(ActivateDto, {
      version,
      reason: options.reason,
      effectiveFrom: options['effective-from'],
    });
    const actor = actorInput(context, 'activate', options.by);
    return withDatabase(context, async (services) => {
      const by = await actorId(services, actor);
      const effectiveFrom = body.effectiveFrom ? new Date(body.effectiveFrom) : undefined;
      return guarded(context, async () => {
        if (services.config.activationApprovals > 1) {
          const request = await services.changeRequests.request({
            ruleSet,
            kind: 'activate',
            version: body.version,
            reason: body.reason,
            effectiveFrom,
            requestedBy: by,
          });
          context.out('change request created; another admin approves it (policy approve):');
          printChangeRequest(context, request);
        } else
          printActivation(
            context,
            await services.registry.activate(ruleSet, body.version, body.reason, by, effectiveFrom),
          );
      });
    });
  },
};

/** `rollback <rule-set> --reason "…" --by <admin>` */
export const rollbackCommand: CliCommand = {
  name: 'rollback',
  usage: 'rollback <rule-set> --reason "<why>" (--by <admin key label or id> | PPS_API_KEY)',
  summary: 'Activate the version that was active before the current one.',
  async run(args, context) {
    const { options, positional } = parseArgs(args, { options: ['reason', 'by'] });
    const [ruleSet] = positional;
    if (!ruleSet || positional.length > 1 || options.reason === undefined)
      throw new CliUsageError('rollback needs a rule set and --reason');
    const body = await validated(RollbackDto, { reason: options.reason });
    const actor = actorInput(context, 'rollback', options.by);
    return withDatabase(context, async (services) => {
      const by = await actorId(services, actor);
      return guarded(context, async () => {
        if (services.config.activationApprovals > 1) {
          const request = await services.changeRequests.request({
            ruleSet,
            kind: 'rollback',
            reason: body.reason,
            requestedBy: by,
          });
          context.out('change request created; another admin approves it (policy approve):');
          printChangeRequest(context, request);
        } else printActivation(context, await services.registry.rollback(ruleSet, body.reason, by));
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
    const { flags, positional } = parseArgs(args, { flags: ['json'] });
    const [ruleSet] = positional;
    if (!ruleSet || positional.length > 1) throw new CliUsageError('versions needs a rule set');
    return withDatabase(context, (services) =>
      guarded(context, async () => {
        const stored = await services.registry.versions(ruleSet);
        const view = { ...stored, history: await services.changeRequests.annotate(ruleSet, stored.history) };
        if (flags.has('json')) {
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

import { type ChangeRequest, type ShadowReport, shadowReport } from '@pps/audit';
import { DomainError } from '@pps/platform';
import { ReasonDto, SetShadowDto } from '@pps/policy-service';
import { parseArgs } from '../args';
import { withDatabase } from '../database';
import { actorId, actorInput, validated, windowOf } from '../inputs';
import { type CliCommand, type CliContext, CliUsageError, EXIT_FAILURES, EXIT_OK } from './cli-command';

async function guarded(context: CliContext, fn: () => Promise<void>): Promise<number> {
  try {
    await fn();
    return EXIT_OK;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    context.err(`${e.code} ${e.messages.en}`);
    return EXIT_FAILURES;
  }
}

export function printChangeRequest(context: CliContext, c: ChangeRequest): void {
  context.out(
    `${c.id}  ${c.status.padEnd(8)} ${c.kind} ${c.ruleSet}: ${c.fromVersion ?? '—'} → ${c.version}${c.effectiveFrom ? ` effective ${c.effectiveFrom}` : ''}  requested by ${c.requestedBy ?? '—'} at ${c.requestedAt}  (${c.reason})`,
  );
  context.out(
    `    impact over 30 days: examined ${c.impact.examined}, changed ${c.impact.changed}${c.impact.money.total.map((t) => `, ${t.currency} moved differently ${t.movedDifferently}`).join('')}`,
  );
  if (c.shadowReport)
    context.out(
      `    as a shadow: ${c.shadowReport.examined} decisions, ${c.shadowReport.differing} differ, ${c.shadowReport.failed.count} failed`,
    );
  if (c.status !== 'pending')
    context.out(`    ${c.status} by ${c.decidedBy ?? '—'} at ${c.decidedAt ?? '—'} (${c.decisionReason ?? ''})`);
}

/** `change-requests <rule-set> [--json]` */
export const changeRequestsCommand: CliCommand = {
  name: 'change-requests',
  usage: 'change-requests <rule-set> [--json]',
  summary: 'List the activations and rollbacks waiting for (or decided by) a second admin, with their impact.',
  async run(args, context) {
    const { flags, positional } = parseArgs(args, { flags: ['json'] });
    const [ruleSet] = positional;
    if (!ruleSet || positional.length > 1) throw new CliUsageError('change-requests needs a rule set');
    return withDatabase(context, (services) =>
      guarded(context, async () => {
        const list = await services.changeRequests.list(ruleSet);
        if (flags.has('json')) context.out(JSON.stringify(list, null, 2));
        else if (list.length === 0) context.out(`${ruleSet}: no change requests`);
        else for (const c of list) printChangeRequest(context, c);
      }),
    );
  },
};

function decideCommand(name: 'approve' | 'reject'): CliCommand {
  return {
    name,
    usage: `${name} <rule-set> <change-request-id> --reason "<why>"   (PPS_API_KEY: your admin key)`,
    summary:
      name === 'approve'
        ? 'Approve a change request as another admin than the requester: the activation or rollback happens.'
        : 'Reject a change request as another admin than the requester: nothing changes.',
    async run(args, context) {
      const { options, positional } = parseArgs(args, { options: ['reason'] });
      const [ruleSet, id] = positional;
      if (!ruleSet || !id || positional.length > 2 || options.reason === undefined)
        throw new CliUsageError(`${name} needs a rule set, a change request id and --reason`);
      const { reason } = await validated(ReasonDto, { reason: options.reason });
      // A second admin decides: only an admin key names them (never --by).
      const actor = actorInput(context, name, undefined, true);
      return withDatabase(context, async (services) => {
        const by = await actorId(services, actor);
        return guarded(context, async () => {
          const requests = services.changeRequests;
          if (name === 'approve') {
            const { changeRequest, activation } = await requests.approve(ruleSet, id, by, reason);
            printChangeRequest(context, changeRequest);
            context.out(
              `${activation.kind}  ${activation.ruleSet}: ${activation.fromVersion ?? '—'} → ${activation.version}  effective ${activation.effectiveFrom}`,
            );
          } else printChangeRequest(context, await requests.reject(ruleSet, id, by, reason));
        });
      });
    },
  };
}

export const approveCommand = decideCommand('approve');
export const rejectCommand = decideCommand('reject');

function printShadowReport(context: CliContext, r: ShadowReport): void {
  context.out(`${r.ruleSet} shadow report, window ${r.window.from ?? '-∞'} … ${r.window.to ?? '+∞'}`);
  for (const s of r.shadows)
    context.out(`  shadow ${s.version} (${s.contentHash.slice(0, 12)}…): ${s.decisions} decisions`);
  context.out(`examined ${r.examined}, same ${r.same}, differing ${r.differing}, failed ${r.failed.count}`);
  const show = (o: { effect: string; value?: unknown }) =>
    o.value === undefined ? o.effect : `${o.effect} ${JSON.stringify(o.value)}`;
  for (const g of r.groups)
    context.out(
      `  ${g.count} × ${show(g.from)} [${g.reasonFrom ?? '-'}] → ${show(g.to)} [${g.reasonTo ?? '-'}]  e.g. ${g.sampleDecisionIds.join(', ')}`,
    );
  for (const e of r.failed.errors) context.out(`  failed ${e.count} × ${e.error}`);
  context.out('money that would have moved differently:');
  for (const p of r.money.byPartner)
    context.out(`  partner ${p.partnerId}: ${p.amount} ${p.currency} (${p.decisions} decisions)`);
  for (const t of r.money.total)
    context.out(
      `  total ${t.currency}: moved differently ${t.movedDifferently}; partners ${t.partners}; customers ${t.customers}`,
    );
  for (const q of r.money.requestedNowAllowed)
    context.out(`  denied now allowed: partner ${q.partnerId ?? '—'} requested ${q.amount} (${q.decisions} decisions)`);
  if (r.money.unquantified.count) context.out(`  unquantified: ${r.money.unquantified.count}`);
}

/** `shadow set|clear|show|report …` */
export const shadowCommand: CliCommand = {
  name: 'shadow',
  usage:
    'shadow set <rule-set> <version> --reason "<why>" | shadow clear <rule-set> --reason "<why>" (both: --by <admin key label or id> | PPS_API_KEY) | shadow show <rule-set> | shadow report <rule-set> [--from <RFC 3339>] [--to <RFC 3339>] [--json]',
  summary:
    'Evaluate a stored version beside the active one on live traffic (recorded, never deciding), and report what it would have done to the money.',
  async run(args, context) {
    const [sub, ...rest] = args;
    if (sub === 'report') {
      const { options, flags, positional } = parseArgs(rest, { options: ['from', 'to'], flags: ['json'] });
      if (positional.length !== 1) throw new CliUsageError('shadow report needs a rule set');
      const window = await windowOf(options);
      return withDatabase(context, async (services) => {
        const report = await shadowReport(services.db, services.moneySource, positional[0], window);
        if (flags.has('json')) context.out(JSON.stringify(report, null, 2));
        else printShadowReport(context, report);
        return EXIT_OK;
      });
    }
    if (sub === 'show') {
      const { positional } = parseArgs(rest);
      if (positional.length !== 1) throw new CliUsageError('shadow show needs a rule set');
      const [ruleSet] = positional;
      return withDatabase(context, async ({ shadows }) => {
        await shadows.reload();
        return guarded(context, async () => {
          const s = shadows.current(ruleSet);
          context.out(
            s ? `${ruleSet}: shadow ${s.compiled.version} since ${s.change.changedAt}` : `${ruleSet}: no shadow`,
          );
          for (const h of await shadows.history(ruleSet))
            context.out(
              `  ${h.changedAt}  ${h.kind} ${h.version ?? ''}  (${h.reason})${h.changedBy ? `  by ${h.changedBy}` : ''}`,
            );
        });
      });
    }
    if (sub !== 'set' && sub !== 'clear') throw new CliUsageError('shadow needs set, clear, show or report');
    const { options, positional } = parseArgs(rest, { options: ['reason', 'by'] });
    const [ruleSet, version] = positional;
    if (!ruleSet) throw new CliUsageError(`shadow ${sub} needs a rule set`);
    if (sub === 'set' && (!version || positional.length > 2 || options.reason === undefined))
      throw new CliUsageError('shadow set needs a version and --reason');
    if (sub === 'clear' && (positional.length > 1 || options.reason === undefined))
      throw new CliUsageError('shadow clear needs --reason');
    const body =
      sub === 'set'
        ? await validated(SetShadowDto, { version, reason: options.reason })
        : await validated(ReasonDto, { reason: options.reason });
    const actor = actorInput(context, `shadow ${sub}`, options.by, false);
    return withDatabase(context, async (services) => {
      const by = await actorId(services, actor);
      const { shadows } = services;
      await shadows.reload();
      return guarded(context, async () => {
        const change =
          sub === 'set'
            ? await shadows.set(ruleSet, (body as SetShadowDto).version, body.reason, by)
            : await shadows.clear(ruleSet, body.reason, by);
        context.out(`${change.kind}  ${ruleSet} shadow ${change.version ?? '—'}  (${change.reason})`);
      });
    });
  },
};

import { type ChangeRequest, ChangeRequests, type ShadowReport, shadowReport } from '@pps/audit';
import { AuditFactsRepository } from '@pps/partners';
import { type Database, DomainError, hashApiKey, SystemClock } from '@pps/platform';
import { ShadowRegistry } from '@pps/rules';
import { type CliDatabase, option, positionals, withDatabase } from '../database';
import { parseArgs, parseInstant } from './audit-database';
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

/**
 * Who runs the command, for four eyes: the admin key in `PPS_API_KEY` (looked up by its sha256 as
 * the service does). Without four eyes the CLI acts as nobody in particular (null), as before.
 */
export async function cliAdmin(db: Database, context: CliContext, required: boolean): Promise<string | null> {
  const key = context.env.PPS_API_KEY;
  if (!key) {
    if (required)
      throw new CliUsageError(
        'ACTIVATION_APPROVALS=2: set PPS_API_KEY to your admin key (it names you in the history)',
      );
    return null;
  }
  const rows = await db.query<{ id: string }>(
    `select id from api_keys where key_hash = ? and role = 'admin' and revoked_at is null`,
    [hashApiKey(key)],
  );
  if (rows.length === 0) throw new CliUsageError('PPS_API_KEY is not an admin key of this database');
  return rows[0].id;
}

export function changeRequestsOf(db: CliDatabase): ChangeRequests {
  return new ChangeRequests(db.db, db.registry, () => new Date(), AuditFactsRepository);
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
    const [ruleSet] = positionals(args, []);
    if (!ruleSet) throw new CliUsageError('change-requests needs a rule set');
    return withDatabase(context, (db) =>
      guarded(context, async () => {
        const list = await changeRequestsOf(db).list(ruleSet);
        if (args.includes('--json')) context.out(JSON.stringify(list, null, 2));
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
      const [ruleSet, id] = positionals(args, ['reason']);
      const reason = option(args, 'reason');
      if (!ruleSet || !id || !reason)
        throw new CliUsageError(`${name} needs a rule set, a change request id and --reason`);
      return withDatabase(context, async (db) => {
        const by = await cliAdmin(db.db, context, true);
        return guarded(context, async () => {
          const requests = changeRequestsOf(db);
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
    'shadow set <rule-set> <version> --reason "<why>" | shadow clear <rule-set> --reason "<why>" | shadow show <rule-set> | shadow report <rule-set> [--from <iso>] [--to <iso>] [--json]',
  summary:
    'Evaluate a stored version beside the active one on live traffic (recorded, never deciding), and report what it would have done to the money.',
  async run(args, context) {
    const [sub, ...rest] = args;
    if (sub === 'report') {
      const { options, flags, positional } = parseArgs(rest, ['from', 'to'], ['--json']);
      if (positional.length !== 1) throw new CliUsageError('shadow report needs a rule set');
      const window = { from: parseInstant('from', options.from), to: parseInstant('to', options.to) };
      return withDatabase(context, async (db) => {
        const report = await shadowReport(db.db, AuditFactsRepository, positional[0], window);
        if (flags.has('--json')) context.out(JSON.stringify(report, null, 2));
        else printShadowReport(context, report);
        return EXIT_OK;
      });
    }
    if (sub !== 'set' && sub !== 'clear' && sub !== 'show')
      throw new CliUsageError('shadow needs set, clear, show or report');
    const [ruleSet, version] = positionals(rest, ['reason']);
    const reason = option(rest, 'reason');
    if (!ruleSet) throw new CliUsageError(`shadow ${sub} needs a rule set`);
    if (sub === 'set' && (!version || !reason)) throw new CliUsageError('shadow set needs a version and --reason');
    if (sub === 'clear' && !reason) throw new CliUsageError('shadow clear needs --reason');
    return withDatabase(context, async (db) => {
      const shadows = new ShadowRegistry(db.db, db.registry, new SystemClock());
      await shadows.reload();
      const by = await cliAdmin(db.db, context, false);
      return guarded(context, async () => {
        if (sub === 'show') {
          const s = shadows.current(ruleSet);
          context.out(
            s ? `${ruleSet}: shadow ${s.compiled.version} since ${s.change.changedAt}` : `${ruleSet}: no shadow`,
          );
          for (const h of await shadows.history(ruleSet))
            context.out(`  ${h.changedAt}  ${h.kind} ${h.version ?? ''}  (${h.reason})`);
          return;
        }
        const change =
          sub === 'set'
            ? await shadows.set(ruleSet, version, reason as string, by)
            : await shadows.clear(ruleSet, reason as string, by);
        context.out(`${change.kind}  ${ruleSet} shadow ${change.version ?? '—'}  (${change.reason})`);
      });
    });
  },
};

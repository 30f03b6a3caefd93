import { formatAmount, type Sql } from '@pps/platform';
import { Injectable } from '@nestjs/common';
import { canonicalJson } from '@pps/rules';
import Decimal from 'decimal.js';
import type { AuditDb } from './audit-db';
import { DecisionShadowsRepository } from './decision-shadows.repository';
import type { DecisionWindow } from './decision-window';
import {
  type Changed,
  type DecisionMoneyDelta,
  type ImpactGroup,
  type ImpactReport,
  moneySummary,
  type MoneyTotalTally,
  type OutcomeKey,
  type PartnerMoneyTally,
  priceChanges,
} from './impact';
import type { ImpactMoneySource } from './impact-money.port';
import { jsonEqual } from './json-equal';

/** What the shadow version decided for one decision, written in the decision's transaction. */
export interface ShadowInput {
  decisionId: string;
  ruleSet: string;
  decidedAt: Date;
  activeContentHash: string;
  version: string;
  contentHash: string;
  partnerId: string | null;
  /** The active decision's outcome and reasons (to mark a difference). */
  active: { outcome: unknown; reasons: ReadonlyArray<{ code?: string }> };
  result:
    | {
        status: 'evaluated';
        outcome: { effect: string; value?: unknown };
        reasons: ReadonlyArray<{ code?: string }>;
        matchedRules: string[];
        results: unknown[];
      }
    | { status: 'failed'; error: string };
}

export interface ShadowRecord {
  decision_id: string;
  version: string;
  contentHash: string;
  status: 'evaluated' | 'failed';
  outcome: { effect: string; value?: unknown } | null;
  reasons: Array<{ code: string }> | null;
  matchedRules: string[] | null;
  error: string | null;
  differs: boolean;
}

const codes = (reasons: ReadonlyArray<{ code?: string }> | null): string | null =>
  !reasons || reasons.length === 0 ? null : reasons.map((r) => r.code ?? '?').join(',');

/**
 * The writer of shadow outcomes (`decision_shadows`, append-only). A separate table from the
 * decision log: the decision record, its hash and the chain stay exactly what the active version
 * decided; the shadow row references it.
 */
@Injectable()
export class ShadowLogService {
  async record(tx: Sql, s: ShadowInput): Promise<void> {
    const r = s.result;
    const differs =
      r.status === 'failed' || !jsonEqual(r.outcome, s.active.outcome) || codes(r.reasons) !== codes(s.active.reasons);
    const evaluated = r.status === 'evaluated' ? r : undefined;
    await DecisionShadowsRepository.insert(tx, {
      decisionId: s.decisionId,
      ruleSet: s.ruleSet,
      decidedAt: s.decidedAt,
      activeContentHash: s.activeContentHash,
      version: s.version,
      contentHash: s.contentHash,
      status: r.status,
      outcome: evaluated?.outcome ?? null,
      reasons: evaluated?.reasons ?? null,
      matchedRules: evaluated?.matchedRules ?? null,
      results: evaluated?.results ?? null,
      error: r.status === 'failed' ? r.error : null,
      differs,
      partnerId: s.partnerId,
    });
  }
}

/** The shadow outcome of one decision, if a shadow ran for it. */
export async function findShadow(db: AuditDb, decisionId: string): Promise<ShadowRecord | undefined> {
  return (await DecisionShadowsRepository.find(db, decisionId))?.shadow;
}

export interface ShadowReport {
  ruleSet: string;
  window: { from: string | null; to: string | null };
  /** The shadow versions that ran in the window. */
  shadows: Array<{ version: string; contentHash: string; decisions: number }>;
  /** Decisions with a shadow outcome in the window. */
  examined: number;
  same: number;
  differing: number;
  groups: ImpactGroup[];
  failed: { count: number; sampleDecisionIds: string[]; errors: Array<{ error: string; count: number }> };
  money: ImpactReport['money'] & {
    /** Active denials the shadow would have allowed: the requested amounts (facts.amount) that would have moved. */
    requestedNowAllowed: Array<{ partnerId: string | null; amount: string; decisions: number }>;
    /** Per changed money decision: the signed amount per owner account (what the shadow would have moved minus what moved). */
    samples: DecisionMoneyDelta[];
    /** Per day and partner: the signed money difference (for a chart over time). */
    byDay: Array<{ day: string; partnerId: string; currency: string; amount: string }>;
  };
}

const SAMPLES = 5;
const MONEY_SAMPLES = 20;

/**
 * What a shadow version did on live traffic: every decision of the window that carries a shadow
 * outcome, grouped by active outcome → shadow outcome and reasons (with sample ids), failures with
 * their errors, and for decisions that moved money what the shadow would have moved differently
 * (from the authorised transfer's legs, as the impact report prices a candidate).
 */
export async function shadowReport(
  db: AuditDb,
  moneySource: ImpactMoneySource,
  ruleSet: string,
  window: DecisionWindow & { contentHash?: string },
  batchSize = 500,
): Promise<ShadowReport> {
  const report: ShadowReport = {
    ruleSet,
    window: { from: window.from?.toISOString() ?? null, to: window.to?.toISOString() ?? null },
    shadows: [],
    examined: 0,
    same: 0,
    differing: 0,
    groups: [],
    failed: { count: 0, sampleDecisionIds: [], errors: [] },
    money: {
      byPartner: [],
      total: [],
      unquantified: { count: 0, sampleDecisionIds: [] },
      requestedNowAllowed: [],
      samples: [],
      byDay: [],
    },
  };
  const groups = new Map<string, ImpactGroup>();
  const errors = new Map<string, number>();
  const versions = new Map<string, { version: string; contentHash: string; decisions: number }>();
  const partners: PartnerMoneyTally = new Map();
  const totals: MoneyTotalTally = new Map();
  const requested = new Map<string, { amount: Decimal; decisions: number; partnerId: string | null }>();
  const byDay = new Map<string, { day: string; partnerId: string; currency: string; amount: Decimal }>();
  const dayOf = new Map<string, string>();
  const onDelta = (d: DecisionMoneyDelta): void => {
    if (report.money.samples.length < MONEY_SAMPLES) report.money.samples.push(d);
    const day = dayOf.get(d.decision_id) ?? '';
    for (const x of d.deltas) {
      if (x.ownerType !== 'partner') continue;
      const key = `${day}:${x.ownerId}:${x.currency}`;
      const e = byDay.get(key) ?? { day, partnerId: x.ownerId, currency: x.currency, amount: new Decimal(0) };
      e.amount = e.amount.plus(x.amount);
      byDay.set(key, e);
    }
  };

  let after: { decidedAt: string; id: string } | undefined;
  for (;;) {
    const rows = await DecisionShadowsRepository.page(db, ruleSet, window, after, batchSize);
    const money: Changed[] = [];
    for (const { record, shadow } of rows) {
      report.examined++;
      const v = versions.get(shadow.contentHash) ?? {
        version: shadow.version,
        contentHash: shadow.contentHash,
        decisions: 0,
      };
      v.decisions++;
      versions.set(shadow.contentHash, v);
      if (shadow.status === 'failed') {
        report.failed.count++;
        if (report.failed.sampleDecisionIds.length < SAMPLES) report.failed.sampleDecisionIds.push(record.id);
        const error = shadow.error ?? 'unknown';
        errors.set(error, (errors.get(error) ?? 0) + 1);
        continue;
      }
      const to = outcomeKey(shadow.outcome!);
      const reasonFrom = codes(record.reasons);
      const reasonTo = codes(shadow.reasons);
      if (jsonEqual(shadow.outcome, record.outcome) && reasonFrom === reasonTo) {
        report.same++;
        continue;
      }
      report.differing++;
      const from = outcomeKey(record.outcome);
      const key = canonicalJson([from, to, reasonFrom, reasonTo]);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { from, to, reasonFrom, reasonTo, count: 0, sampleDecisionIds: [] }));
      group.count++;
      if (group.sampleDecisionIds.length < SAMPLES) group.sampleDecisionIds.push(record.id);
      if (record.transferId !== null) {
        dayOf.set(record.id, record.decidedAt.slice(0, 10));
        money.push({ record, to });
      } else if (record.outcome.effect === 'deny' && to.effect === 'allow' && isAmount(record.facts.amount)) {
        const k = record.partnerId ?? '';
        const e = requested.get(k) ?? { amount: new Decimal(0), decisions: 0, partnerId: record.partnerId };
        e.amount = e.amount.plus(record.facts.amount);
        e.decisions++;
        requested.set(k, e);
      }
    }
    if (money.length > 0) await priceChanges(db, moneySource, ruleSet, money, report, partners, totals, onDelta);
    if (rows.length < batchSize) break;
    const last = rows[rows.length - 1].record;
    after = { decidedAt: last.decidedAt, id: last.id };
  }

  report.shadows = [...versions.values()];
  report.groups = [...groups.values()].sort(
    (a, b) => b.count - a.count || canonicalJson(a).localeCompare(canonicalJson(b)),
  );
  report.failed.errors = [...errors.entries()].map(([error, count]) => ({ error, count }));
  Object.assign(report.money, moneySummary(partners, totals));
  report.money.requestedNowAllowed = [...requested.values()].map((r) => ({
    partnerId: r.partnerId,
    amount: formatAmount(r.amount),
    decisions: r.decisions,
  }));
  report.money.byDay = [...byDay.values()]
    .filter((d) => !d.amount.isZero())
    .sort((a, b) => a.day.localeCompare(b.day) || a.partnerId.localeCompare(b.partnerId))
    .map((d) => ({ ...d, amount: formatAmount(d.amount) }));
  return report;
}

function isAmount(v: unknown): v is string {
  return typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v);
}

function outcomeKey(outcome: { effect: string; value?: unknown }): OutcomeKey {
  return outcome.value === undefined ? { effect: outcome.effect } : { effect: outcome.effect, value: outcome.value };
}

/** What one decision's shadow would have done to the money. */
export interface ShadowMoney {
  /** Allow → deny or another value: signed amount per owner account (the shadow's minus what moved). */
  deltas: DecisionMoneyDelta['deltas'];
  /** Deny → allow: the amount the request asked for, which would have moved. */
  requestedAmount: string | null;
  /** The difference moves money by an amount that cannot be priced from the stored transfer. */
  unquantified: boolean;
}

/** The money difference of one decision's shadow outcome (null when the shadow decided the same or failed). */
export async function shadowMoneyOf(
  db: AuditDb,
  moneySource: ImpactMoneySource,
  decisionId: string,
): Promise<ShadowMoney | null> {
  const found = await DecisionShadowsRepository.find(db, decisionId);
  if (!found) return null;
  const { record, shadow } = found;
  if (!shadow.differs || shadow.status === 'failed' || !shadow.outcome) return null;
  const to = outcomeKey(shadow.outcome);
  if (record.transferId === null) {
    const requested =
      record.outcome.effect === 'deny' && to.effect === 'allow' && isAmount(record.facts.amount)
        ? formatAmount(record.facts.amount)
        : null;
    return { deltas: [], requestedAmount: requested, unquantified: false };
  }
  const report: Pick<ImpactReport, 'money'> = {
    money: { byPartner: [], total: [], unquantified: { count: 0, sampleDecisionIds: [] } },
  };
  let deltas: DecisionMoneyDelta['deltas'] = [];
  await priceChanges(
    db,
    moneySource,
    record.ruleSet,
    [{ record, to }],
    report,
    new Map(),
    new Map(),
    (d) => (deltas = d.deltas),
  );
  return { deltas, requestedAmount: null, unquantified: report.money.unquantified.count > 0 };
}

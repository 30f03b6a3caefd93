import { formatAmount } from '@pps/platform';
import { type BatchEvaluation, canonicalJson, declaredFacts, type CompiledRuleSet } from '@pps/rules';
import Decimal from 'decimal.js';
import type { AuditDb } from './audit-db';
import { ImpactWindowTooLargeError } from './audit.errors';
import type { DecisionRecord } from './decision-record';
import type { DecisionWindow } from './decision-window';
import { DecisionsRepository } from './decisions.repository';
import type { ImpactMoneySource, RefundOrderFact, TransferLegFact } from './impact-money.port';
import { jsonEqual } from './json-equal';
import { streamRecords } from './replay';

/**
 * A candidate that evaluates stored facts in batches (in the rule worker thread, or in this thread).
 * A rule file becomes one through the version store's check (`VersionStore.checkCandidate`), which
 * checks it exactly as publishing does.
 */
export interface ImpactCandidate {
  ruleSet: string;
  version: string;
  contentHash: string;
  evaluateBatch(facts: Array<Record<string, unknown>>): Promise<BatchEvaluation[]>;
}

/** How much one impact may examine: decisions in the window, and time. */
export interface ImpactLimits {
  maxDecisions: number;
  maxMillis: number;
}

export const DEFAULT_IMPACT_LIMITS: ImpactLimits = { maxDecisions: 200_000, maxMillis: 120_000 };

/** Facts evaluated per batch (one message to the worker, or one turn of this thread's loop). */
const EVALUATION_CHUNK = 200;

/** A compiled candidate evaluated in this thread, yielding to the event loop between batches (the CLI). */
function inThread(compiled: CompiledRuleSet): ImpactCandidate {
  return {
    ruleSet: compiled.ruleSet,
    version: compiled.version,
    contentHash: compiled.contentHash,
    evaluateBatch: async (facts) => {
      await new Promise((resolve) => setImmediate(resolve));
      return facts.map((f) => {
        try {
          const e = compiled.evaluate(declaredFacts(compiled, f));
          return { outcome: e.outcome, reasons: e.reasons };
        } catch (error) {
          return { error: error instanceof Error ? error.message : String(error) };
        }
      });
    },
  };
}

export interface OutcomeKey {
  effect: string;
  value?: unknown;
}

export interface ImpactGroup {
  from: OutcomeKey;
  to: OutcomeKey;
  /** Reason codes of the stored outcome, comma-separated (null: none). */
  reasonFrom: string | null;
  reasonTo: string | null;
  count: number;
  /** Up to five decision ids, oldest first. */
  sampleDecisionIds: string[];
}

interface PartnerMoney {
  partnerId: string;
  currency: string;
  /** Signed: what this partner's accounts would have received under the candidate minus what they did receive. */
  amount: string;
  /** Changed decisions that moved this partner's money. */
  decisions: number;
}

interface MoneyTotal {
  currency: string;
  /** Sum over changed money decisions of the amount that would have moved differently (not moved, or moved elsewhere). */
  movedDifferently: string;
  /** Net change for partners (the sum of byPartner amounts) and for customers. */
  partners: string;
  customers: string;
}

export interface ImpactReport {
  ruleSet: string;
  candidate: { version: string; contentHash: string };
  window: { from: string | null; to: string | null };
  examined: number;
  changed: number;
  groups: ImpactGroup[];
  money: {
    byPartner: PartnerMoney[];
    total: MoneyTotal[];
    /** Changed decisions that moved money, where the difference is not known (e.g. a deny that would now allow: no transfer was ever built). */
    unquantified: { count: number; sampleDecisionIds: string[] };
  };
  /** Stored facts that the candidate refuses (e.g. it declares a new required fact). */
  unevaluable: { count: number; sampleDecisionIds: string[]; firstError: string | null };
}

/** What a leg moves, to whom. */
type LegMove = Pick<TransferLegFact, 'amount' | 'currency' | 'ownerType' | 'ownerId'>;

export interface Changed {
  record: DecisionRecord;
  to: { effect: string; value?: unknown };
}

/** What one changed money decision would have moved differently: signed amount per owner account. */
export interface DecisionMoneyDelta {
  decision_id: string;
  deltas: Array<{ ownerType: string; ownerId: string; currency: string; amount: string }>;
}

const SAMPLES = 5;

/**
 * Replays the window's decisions of one rule set under a candidate version and reports what would
 * change: counts grouped by (stored outcome → candidate outcome, reasons) with sample ids, and for
 * decisions that authorised a transfer, the money that would have moved differently.
 *
 * Money is computed from the transfer the decision authorised, as leg deltas per owner: under the
 * candidate the transfer either does not happen (allow → deny: every leg reverses, generically for
 * any rule set) or, for `refund-destination`, happens with its credit leg at the new destination
 * (customer account → the order's customer; association partner account → the order's partner;
 * paying partner account → the partner that paid). Any other change of a money decision (a deny
 * that would allow, a changed value elsewhere) is counted as unquantified.
 *
 * Streams the window by keyset; memory holds one page, the groups and one total per partner.
 */
export async function analyzeImpact(
  db: AuditDb,
  moneySource: ImpactMoneySource,
  candidateOrCompiled: CompiledRuleSet | ImpactCandidate,
  window: DecisionWindow,
  batchSize = 500,
  limits: ImpactLimits = DEFAULT_IMPACT_LIMITS,
): Promise<ImpactReport> {
  const candidate = 'evaluateBatch' in candidateOrCompiled ? candidateOrCompiled : inThread(candidateOrCompiled);
  const started = Date.now();
  const report: ImpactReport = {
    ruleSet: candidate.ruleSet,
    candidate: { version: candidate.version, contentHash: candidate.contentHash },
    window: { from: window.from?.toISOString() ?? null, to: window.to?.toISOString() ?? null },
    examined: 0,
    changed: 0,
    groups: [],
    money: { byPartner: [], total: [], unquantified: { count: 0, sampleDecisionIds: [] } },
    unevaluable: { count: 0, sampleDecisionIds: [], firstError: null },
  };
  const groups = new Map<string, ImpactGroup>();
  const partners: PartnerMoneyTally = new Map();
  const totals: MoneyTotalTally = new Map();
  let page: Changed[] = [];

  const flush = async (): Promise<void> => {
    if (page.length === 0) return;
    const changed = page;
    page = [];
    await priceChanges(db, moneySource, candidate.ruleSet, changed, report, partners, totals);
  };

  const examine = async (records: DecisionRecord[]): Promise<void> => {
    if (Date.now() - started > limits.maxMillis) throw new ImpactWindowTooLargeError('time', limits);
    const evaluations = await candidate.evaluateBatch(records.map((r) => r.facts));
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      const evaluation = evaluations[i];
      report.examined++;
      if ('error' in evaluation) {
        report.unevaluable.count++;
        if (report.unevaluable.sampleDecisionIds.length < SAMPLES) report.unevaluable.sampleDecisionIds.push(record.id);
        report.unevaluable.firstError ??= evaluation.error;
        continue;
      }
      const reasonFrom = codes(record.reasons);
      const reasonTo = codes(evaluation.reasons);
      if (jsonEqual(evaluation.outcome, record.outcome) && reasonFrom === reasonTo) continue;
      report.changed++;
      const from = outcomeKey(record.outcome);
      const to = outcomeKey(evaluation.outcome);
      const key = canonicalJson([from, to, reasonFrom, reasonTo]);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { from, to, reasonFrom, reasonTo, count: 0, sampleDecisionIds: [] }));
      group.count++;
      if (group.sampleDecisionIds.length < SAMPLES) group.sampleDecisionIds.push(record.id);
      if (record.transferId !== null) {
        page.push({ record, to });
        if (page.length >= batchSize) await flush();
      }
    }
  };

  // Bounded before any work: a window holding more decisions than the limit is refused at once.
  const n = await DecisionsRepository.countInWindow(
    db,
    { ...window, ruleSet: candidate.ruleSet },
    limits.maxDecisions + 1,
  );
  if (n > limits.maxDecisions) throw new ImpactWindowTooLargeError('size', limits);

  let chunk: DecisionRecord[] = [];
  for await (const record of streamRecords(db, { ...window, ruleSet: candidate.ruleSet }, batchSize)) {
    chunk.push(record);
    if (chunk.length >= EVALUATION_CHUNK) {
      await examine(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) await examine(chunk);
  await flush();

  report.groups = [...groups.values()].sort(
    (a, b) => b.count - a.count || canonicalJson(a).localeCompare(canonicalJson(b)),
  );
  Object.assign(report.money, moneySummary(partners, totals));
  return report;
}

function codes(reasons: ReadonlyArray<{ code?: string }>): string | null {
  return reasons.length === 0 ? null : reasons.map((r) => r.code ?? '?').join(',');
}

function outcomeKey(outcome: { effect: string; value?: unknown }): OutcomeKey {
  return outcome.value === undefined ? { effect: outcome.effect } : { effect: outcome.effect, value: outcome.value };
}

/**
 * Prices changed money decisions (see {@link analyzeImpact}) from the transfers they authorised and,
 * for refunds, the refunded orders — both read through `moneySource`.
 */
export async function priceChanges(
  db: AuditDb,
  moneySource: ImpactMoneySource,
  ruleSet: string,
  changed: Changed[],
  report: Pick<ImpactReport, 'money'>,
  partners: Map<string, { amount: Decimal; decisions: number; partnerId: string; currency: string }>,
  totals: Map<string, { moved: Decimal; partners: Decimal; customers: Decimal }>,
  perDecision?: (delta: DecisionMoneyDelta) => void,
): Promise<void> {
  const legs = await moneySource.transferLegs(
    db,
    changed.map((c) => c.record.transferId as string),
  );
  const legsOf = new Map<string, TransferLegFact[]>();
  for (const leg of legs) legsOf.set(leg.transferId, [...(legsOf.get(leg.transferId) ?? []), leg]);
  const orders = new Map<string, RefundOrderFact>();
  if (ruleSet === 'refund-destination') {
    const rows = await moneySource.refundOrders(
      db,
      changed.map((c) => c.record.id),
    );
    for (const row of rows) orders.set(row.decisionId, row);
  }

  for (const { record, to } of changed) {
    const old = legsOf.get(record.transferId as string) ?? [];
    let next: LegMove[] | undefined;
    if (old.length > 0 && record.outcome.effect === 'allow' && to.effect === 'deny') {
      next = [];
    } else if (old.length > 0 && ruleSet === 'refund-destination' && to.effect === 'allow') {
      const order = orders.get(record.id);
      const owner = order ? refundOwner(order, to.value) : undefined;
      if (owner) next = old.map((leg) => (new Decimal(leg.amount).isPositive() ? { ...leg, ...owner } : leg));
    }
    if (!next) {
      report.money.unquantified.count++;
      if (report.money.unquantified.sampleDecisionIds.length < SAMPLES)
        report.money.unquantified.sampleDecisionIds.push(record.id);
      continue;
    }
    // Per owner and currency: what the candidate would have credited minus what was credited.
    const delta = new Map<string, { ownerType: string; ownerId: string; currency: string; amount: Decimal }>();
    const add = (leg: LegMove, sign: 1 | -1): void => {
      const key = `${leg.ownerType}:${leg.ownerId}:${leg.currency}`;
      const entry = delta.get(key) ?? {
        ownerType: leg.ownerType,
        ownerId: leg.ownerId,
        currency: leg.currency,
        amount: new Decimal(0),
      };
      entry.amount = entry.amount.plus(new Decimal(leg.amount).times(sign));
      delta.set(key, entry);
    };
    for (const leg of old) add(leg, -1);
    for (const leg of next) add(leg, 1);
    perDecision?.({
      decision_id: record.id,
      deltas: [...delta.values()]
        .filter((d) => !d.amount.isZero())
        .map((d) => ({
          ownerType: d.ownerType,
          ownerId: d.ownerId,
          currency: d.currency,
          amount: formatAmount(d.amount),
        })),
    });
    const moved = new Map<string, Decimal>();
    for (const d of delta.values()) {
      if (d.amount.isZero()) continue;
      if (d.amount.isPositive()) moved.set(d.currency, (moved.get(d.currency) ?? new Decimal(0)).plus(d.amount));
      const total = totals.get(d.currency) ?? {
        moved: new Decimal(0),
        partners: new Decimal(0),
        customers: new Decimal(0),
      };
      totals.set(d.currency, total);
      if (d.ownerType === 'partner') {
        const key = `${d.ownerId}:${d.currency}`;
        const p = partners.get(key) ?? {
          partnerId: d.ownerId,
          currency: d.currency,
          amount: new Decimal(0),
          decisions: 0,
        };
        p.amount = p.amount.plus(d.amount);
        p.decisions++;
        partners.set(key, p);
        total.partners = total.partners.plus(d.amount);
      } else if (d.ownerType === 'customer') {
        total.customers = total.customers.plus(d.amount);
      }
    }
    for (const [currency, amount] of moved) totals.get(currency)!.moved = totals.get(currency)!.moved.plus(amount);
  }
}

/** The owner a refund destination names, for the order of the refund. */
function refundOwner(
  order: RefundOrderFact,
  value: unknown,
): { ownerType: 'customer' | 'partner'; ownerId: string } | undefined {
  const destination = (value as { destination?: string } | undefined)?.destination;
  if (destination === 'customer_account') return { ownerType: 'customer', ownerId: order.customerId };
  if (destination === 'association_partner_account' && order.partnerId)
    return { ownerType: 'partner', ownerId: order.partnerId };
  if (destination === 'paying_partner_account' && order.paidByPartnerId)
    return { ownerType: 'partner', ownerId: order.paidByPartnerId };
  return undefined;
}

/** Money moved differently, accumulated per partner and per currency. */
export type PartnerMoneyTally = Map<
  string,
  { amount: Decimal; decisions: number; partnerId: string; currency: string }
>;
export type MoneyTotalTally = Map<string, { moved: Decimal; partners: Decimal; customers: Decimal }>;

/** The money part of a report (impact, shadow): partners with a non-zero difference and totals per currency, in a stable order. */
export function moneySummary(
  partners: PartnerMoneyTally,
  totals: MoneyTotalTally,
): { byPartner: PartnerMoney[]; total: MoneyTotal[] } {
  return {
    byPartner: [...partners.values()]
      .filter((p) => !p.amount.isZero())
      .sort((a, b) => a.partnerId.localeCompare(b.partnerId) || a.currency.localeCompare(b.currency))
      .map((p) => ({
        partnerId: p.partnerId,
        currency: p.currency,
        amount: formatAmount(p.amount),
        decisions: p.decisions,
      })),
    total: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => ({
        currency,
        movedDifferently: formatAmount(t.moved),
        partners: formatAmount(t.partners),
        customers: formatAmount(t.customers),
      })),
  };
}

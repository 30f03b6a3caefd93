import type { CompiledRuleSet, VersionStore } from '@pps/rules';
import type { AuditDb } from './audit-db';
import type { DecisionRecord } from './decision-record';
import type { DecisionWindow } from './decision-window';
import { DecisionsRepository } from './decisions.repository';
import { jsonEqual } from './json-equal';

interface ReplayedOutcome {
  outcome: unknown;
  reasons: unknown[];
  matchedRules: string[] | null;
}

export interface ReplayResult {
  decision_id: string;
  ruleSet: string;
  version: string;
  contentHash: string;
  match: boolean;
  /** Which parts differ: outcome, reasons, matchedRules, results; or `error` when the facts no longer evaluate. */
  differences: string[];
  original: ReplayedOutcome;
  replayed: ReplayedOutcome | null;
  error?: string;
}

/**
 * Re-evaluates one stored record with the exact version it names (by content hash) and compares
 * outcome, reasons, matched rules (when recorded) and the per-condition results. Reads only.
 */
export function replayRecord(record: DecisionRecord, compiled: CompiledRuleSet | undefined): ReplayResult {
  const base = {
    decision_id: record.id,
    ruleSet: record.ruleSet,
    version: record.version,
    contentHash: record.contentHash,
    original: { outcome: record.outcome, reasons: record.reasons, matchedRules: record.matchedRules },
  };
  if (!compiled)
    return {
      ...base,
      match: false,
      differences: ['error'],
      replayed: null,
      error: `rule version ${record.contentHash} is not stored`,
    };
  let evaluation;
  try {
    evaluation = compiled.evaluate(record.facts);
  } catch (e) {
    return {
      ...base,
      match: false,
      differences: ['error'],
      replayed: null,
      error: e instanceof Error ? e.message : String(e),
    };
  }
  const differences: string[] = [];
  if (!jsonEqual(evaluation.outcome, record.outcome)) differences.push('outcome');
  if (!jsonEqual(evaluation.reasons, record.reasons)) differences.push('reasons');
  if (record.matchedRules !== null && !jsonEqual(evaluation.matchedRules, record.matchedRules))
    differences.push('matchedRules');
  if (!jsonEqual(evaluation.results, record.results)) differences.push('results');
  return {
    ...base,
    match: differences.length === 0,
    differences,
    replayed: { outcome: evaluation.outcome, reasons: evaluation.reasons, matchedRules: evaluation.matchedRules },
  };
}

export interface WindowReplaySummary {
  window: { from: string | null; to: string | null; ruleSet: string | null };
  examined: number;
  matches: number;
  mismatches: number;
  /** The first `mismatchIdLimit` mismatching decision ids (all of them are passed to `onMismatch`). */
  mismatchIds: string[];
}

/**
 * Replays every record of a window, streaming with a keyset cursor on (decided_at, id) — no
 * OFFSET, flat memory — and calls `onMismatch` for each record that does not reproduce.
 */
export async function replayWindow(
  db: AuditDb,
  versions: Pick<VersionStore, 'byContentHash'>,
  window: DecisionWindow,
  options: { batchSize?: number; onMismatch?: (result: ReplayResult) => void; mismatchIdLimit?: number } = {},
): Promise<WindowReplaySummary> {
  const batchSize = options.batchSize ?? 1000;
  const limit = options.mismatchIdLimit ?? 1000;
  const summary: WindowReplaySummary = {
    window: {
      from: window.from?.toISOString() ?? null,
      to: window.to?.toISOString() ?? null,
      ruleSet: window.ruleSet ?? null,
    },
    examined: 0,
    matches: 0,
    mismatches: 0,
    mismatchIds: [],
  };
  for await (const record of streamRecords(db, window, batchSize)) {
    const result = replayRecord(record, await versions.byContentHash(record.contentHash));
    summary.examined++;
    if (result.match) summary.matches++;
    else {
      summary.mismatches++;
      if (summary.mismatchIds.length < limit) summary.mismatchIds.push(record.id);
      options.onMismatch?.(result);
    }
  }
  return summary;
}

/** The records of a window in (decided_at, id) order, fetched `batchSize` at a time by keyset. */
export async function* streamRecords(
  db: AuditDb,
  window: DecisionWindow,
  batchSize = 1000,
): AsyncGenerator<DecisionRecord> {
  let after: { decidedAt: string; id: string } | undefined;
  for (;;) {
    const records = await DecisionsRepository.recordsPage(db, window, after, batchSize);
    yield* records;
    if (records.length < batchSize) return;
    const last = records[records.length - 1];
    after = { decidedAt: last.decidedAt, id: last.id };
  }
}

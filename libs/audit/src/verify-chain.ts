import type { AuditDb } from './audit-db';
import { decisionHash, GENESIS_HASH, recordOf, type SealedDecision } from './decision-record';
import type { DecisionWindow } from './decision-window';
import { DecisionsRepository } from './decisions.repository';

interface ChainProblem {
  decisionId: string | null;
  pos: string | null;
  problem: 'hash_mismatch' | 'broken_link' | 'missing_record' | 'not_json' | 'not_a_record';
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Sealed records whose hash was recomputed (and whose link was checked). */
  checked: number;
  /** Committed records in the window that are not sealed yet. */
  pending: number;
  firstBrokenId?: string;
  firstBrokenPos?: string;
  problem?: ChainProblem;
}

/**
 * Walks the chain in `pos` order (keyset, flat memory) and recomputes every hash from the stored
 * decision row; checks that each seal's `prevHash` is the hash of the seal before it (64 zeros for
 * the first) and that the seal names the record it hashes. Stops at the first broken link. With a
 * window, only seals of records decided in it are recomputed; a link into the window is checked
 * against the seal just before it (one indexed read).
 */
export async function verifyChain(db: AuditDb, window: DecisionWindow = {}, batchSize = 1000): Promise<VerifyReport> {
  let checked = 0;
  let lastPos = 0n;
  let lastHash = GENESIS_HASH;
  for (;;) {
    const seals = await DecisionsRepository.chainPage(db, window, lastPos, batchSize);
    for (const seal of seals) {
      const pos = BigInt(seal.pos);
      let expectedPrev = lastHash;
      if (pos !== lastPos + 1n) expectedPrev = (await DecisionsRepository.sealHashAt(db, pos - 1n)) ?? GENESIS_HASH;
      const broken = (problem: ChainProblem['problem'], message: string): VerifyReport => ({
        ok: false,
        checked,
        pending: -1,
        firstBrokenId: seal.decisionId,
        firstBrokenPos: seal.pos,
        problem: { decisionId: seal.decisionId, pos: seal.pos, problem, message },
      });
      const { record } = seal;
      if (record === null)
        return withPending(
          db,
          window,
          broken('missing_record', `seal ${seal.pos} names seq ${seal.seq}, which is not in decisions`),
        );
      if (record.id !== seal.decisionId)
        return withPending(
          db,
          window,
          broken(
            'missing_record',
            `seal ${seal.pos} names decision ${seal.decisionId} but seq ${seal.seq} is ${record.id}`,
          ),
        );
      if (seal.prevHash !== expectedPrev)
        return withPending(
          db,
          window,
          broken('broken_link', `seal ${seal.pos}: prevHash is not the hash of seal ${pos - 1n}`),
        );
      const hash = decisionHash(seal.prevHash, record);
      if (hash !== seal.hash)
        return withPending(
          db,
          window,
          broken('hash_mismatch', `decision ${record.id} (seal ${seal.pos}) does not hash to its sealed hash`),
        );
      checked++;
      lastPos = pos;
      lastHash = seal.hash;
    }
    if (seals.length < batchSize) break;
  }
  return withPending(db, window, { ok: true, checked, pending: -1 });
}

async function withPending(db: AuditDb, window: DecisionWindow, report: VerifyReport): Promise<VerifyReport> {
  return { ...report, pending: await DecisionsRepository.countUnsealed(db, window) };
}

interface OfflineProblem {
  line: number;
  decisionId: string | null;
  problem: ChainProblem['problem'];
  message: string;
}

export interface OfflineReport {
  ok: boolean;
  lines: number;
  /** Sealed lines whose hash was recomputed. */
  checked: number;
  /** Lines exported before their record was sealed (`chain: null`): nothing to check. */
  unsealed: number;
  problems: OfflineProblem[];
}

/**
 * Offline verification of an export (NDJSON, one {@link SealedDecision} a line, sealed lines in chain
 * order), reading nothing but the lines: for each sealed line, `chain.hash` must equal
 * sha256(chain.prevHash + canonicalJson(line without "chain")), and when the previous sealed line is
 * the previous position of the chain, `chain.prevHash` must equal its hash. Reports every line at
 * fault, not just the first; memory stays flat (only the previous line's hash is kept).
 */
export async function verifyExportLines(lines: AsyncIterable<string> | Iterable<string>): Promise<OfflineReport> {
  const report: OfflineReport = { ok: true, lines: 0, checked: 0, unsealed: 0, problems: [] };
  let previous: { pos: bigint; hash: string } | undefined;
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    if (raw.trim() === '') continue;
    report.lines++;
    let line: SealedDecision;
    try {
      line = JSON.parse(raw) as SealedDecision;
    } catch (e) {
      report.problems.push({ line: lineNo, decisionId: null, problem: 'not_json', message: (e as Error).message });
      continue;
    }
    if (typeof line !== 'object' || line === null || typeof line.id !== 'string') {
      report.problems.push({
        line: lineNo,
        decisionId: null,
        problem: 'not_a_record',
        message: 'not a decision record',
      });
      continue;
    }
    if (!line.chain) {
      report.unsealed++;
      continue;
    }
    const { chain } = line;
    const pos = BigInt(chain.pos);
    if (previous && pos === previous.pos + 1n && chain.prevHash !== previous.hash) {
      report.problems.push({
        line: lineNo,
        decisionId: line.id,
        problem: 'broken_link',
        message: `prevHash is not the hash of chain position ${previous.pos}`,
      });
    }
    if (pos === 1n && chain.prevHash !== GENESIS_HASH) {
      report.problems.push({
        line: lineNo,
        decisionId: line.id,
        problem: 'broken_link',
        message: 'the first seal must link to 64 zeros',
      });
    }
    if (decisionHash(chain.prevHash, recordOf(line as unknown as Record<string, unknown>)) !== chain.hash) {
      report.problems.push({
        line: lineNo,
        decisionId: line.id,
        problem: 'hash_mismatch',
        message: 'the record does not hash to chain.hash',
      });
    }
    report.checked++;
    previous = { pos, hash: chain.hash };
  }
  report.ok = report.problems.length === 0;
  return report;
}

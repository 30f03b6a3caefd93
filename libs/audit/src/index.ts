/**
 * The decision log: append-only records written in the caller's transaction, a hash chain sealed
 * after commit, replay, impact of a candidate version, verification and export. Imported through
 * this file only; its tables (decisions, decision_seals, decision_shadows, change_requests) are
 * reached through these functions and services, never by SQL of another library.
 */

// Writing decisions (the gate) and their shadow outcomes.
export type { DecisionInput, DecisionSubject } from './decision.types';
export { DecisionLogService } from './decision-log.service';
export { ShadowLogService, type ShadowInput } from './shadow-log';

// The record, its hash and the chain.
export { type DecisionRecord, type SealedDecision, GENESIS_HASH, decisionHash, recordOf } from './decision-record';
export type { DecisionWindow } from './decision-window';
export { DECISION_SEQ_LOCK, SEALER_LOCK } from './audit-locks';
export { ChainSealer, type SealOptions, type SealResult } from './sealer';
export { DecisionSealerService, SEAL_GAP_GRACE_MS } from './decision-sealer.service';

// What the audit functions run on: the platform's Sql, or one bare pg client (CLI, bench).
export { type AuditDb, type PgQueryable, pgAuditDb } from './audit-db';

// Reading, verifying, exporting, replaying.
export { type DecisionFilter, type DecisionPage, decisionFacts, findDecision, listDecisions } from './decision-query';
export { type OfflineReport, type VerifyReport, verifyChain, verifyExportLines } from './verify-chain';
export { exportNdjson } from './export-decisions';
export { StoredVersions } from './stored-versions';
export { type ReplayResult, replayRecord, replayWindow, type WindowReplaySummary } from './replay';
export { jsonEqual } from './json-equal';

// Impact of a candidate, shadow reports, four-eyes change requests.
export {
  analyzeImpact,
  compileCandidate,
  DEFAULT_IMPACT_LIMITS,
  type DecisionMoneyDelta,
  type ImpactCandidate,
  type ImpactGroup,
  type ImpactLimits,
  type ImpactReport,
  type OutcomeKey,
} from './impact';
export {
  findShadow,
  shadowMoneyOf,
  shadowReport,
  type ShadowMoney,
  type ShadowRecord,
  type ShadowReport,
} from './shadow-log';
export { type ChangeRequest, ChangeRequests } from './change-requests';

// Ports the layers above implement (partners) and the apps wire.
export {
  IMPACT_MONEY_SOURCE,
  type ImpactMoneySource,
  type RefundOrderFact,
  type TransferLegFact,
} from './impact-money.port';
export { SUBJECT_NAMES, type SubjectNames } from './subject-names.port';

// The services (Nest).
export { AuditService, type ImpactCommand } from './audit.service';
export { AuditModule } from './audit.module';

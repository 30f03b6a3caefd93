/**
 * The decision log: append-only records written in the caller's transaction, a hash chain sealed
 * after commit, replay, impact of a candidate version, verification and export. Imported through
 * this file only; its tables (decisions, decision_seals, decision_shadows, change_requests) are
 * reached through what it exports, never by SQL of another library. It names what other code
 * imports, and nothing else.
 */

// Writing decisions (the gate) and their shadow outcomes.
export type { DecisionSubject } from './decision.types';
export { DecisionLogService } from './decision-log.service';
export { decidedAfterSql } from './decisions.repository';
export { ShadowLogService } from './shadow-log';

// The record and the chain.
export type { SealedDecision } from './decision-record';
export type { DecisionWindow } from './decision-window';
export { ChainSealer } from './sealer';

// What the audit functions run on: the platform's Sql, or one bare pg client (CLI, bench).
export { pgAuditDb } from './audit-db';

// Reading, verifying, exporting, replaying.
export { decisionFacts } from './decision-query';
export { verifyChain, verifyExportLines } from './verify-chain';
export { exportNdjson } from './export-decisions';
export { replayWindow } from './replay';
export { jsonEqual } from './json-equal';

// Impact of a candidate, shadow reports, four-eyes change requests.
export { DEFAULT_IMPACT_LIMITS } from './impact';
export { findShadow, shadowMoneyOf, shadowReport, type ShadowReport } from './shadow-log';
export { type ChangeRequest, ChangeRequests } from './change-requests';
export { AUDIT_ERRORS } from './audit.errors';

// Ports the layers above implement (partners) and the apps wire.
export {
  IMPACT_MONEY_SOURCE,
  type ImpactMoneySource,
  type RefundOrderFact,
  type TransferLegFact,
} from './impact-money.port';
export { SUBJECT_NAMES, type SubjectNames } from './subject-names.port';

// The services (Nest).
export { AuditService } from './audit.service';
export { AuditModule } from './audit.module';

/**
 * The decision log: append-only records written in the caller's transaction, a hash chain sealed
 * after commit, replay, impact of a candidate version, verification and export. Imported through
 * this file only.
 */
export * from './decision.types';
export * from './decision-log.service';
export * from './decision-record';
export * from './decision-window';
export * from './audit-db';
export * from './audit-locks';
export * from './sealer';
export * from './decision-sealer.service';
export * from './verify-chain';
export * from './export-decisions';
export * from './stored-versions';
export * from './replay';
export * from './impact';
export * from './decision-query';
export * from './audit.service';
export * from './audit.module';
export * from './json-equal';
export * from './shadow-log';
export * from './change-requests';

export * from './decision.types';
export * from './decision-log.service';
export * from './audit.module';

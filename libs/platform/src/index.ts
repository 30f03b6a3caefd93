export {
  BadInputError,
  BANK_ANSWER_CODES,
  CatalogueError,
  DatabaseUnavailableError,
  DEFAULT_CURRENCY,
  DomainError,
  type ErrorDefinition,
  formatAmount,
  Money,
  IdempotencyConflictError,
  InvalidIdempotencyKeyError,
  type LocalizedMessage,
  type NamedThing,
  NotFoundError,
  PartnerScopeError,
  PLATFORM_ERROR,
} from './core';
export { Clock, ManualClock, SystemClock } from './clock';
export { APP_CONFIG, type AppConfig, BANK_SIMULATOR_ANSWERS, ConfigError, loadConfig } from './config/app-config';
export { DataDirInUseError, EmbeddedPostgres } from './database/embedded-postgres';
export { migrateUrl } from './database/migrate';
export { MIGRATIONS } from './database/migrations';
export {
  begun,
  Database,
  FirstStatementRefused,
  isDatabaseUnavailable,
  clientSql,
  type PgQueryable,
  type Sql,
  write,
  writeAll,
} from './database/sql';
export { ServiceSecretsRepository } from './database/service-secrets.repository';
export { type Role, ROLES } from './auth/api-key.entity';
export { ApiKeyService, type ApiKeyView, hashApiKey, type IssuedKey } from './auth/api-key.service';
export { type Caller } from './auth/caller';
export { type CallerRequest, CurrentCaller, PartnerScope, Public, Roles } from './auth/roles.decorator';
export { toEnvelope } from './http/exception.filter';
export { createValidationPipe, MAX_BODY_DEPTH, OpaqueJsonObject } from './http/validation';
export { IsMoney } from './http/money.validator';
export { IsInstant } from './http/strict-input';
export { redactUrl } from './http/redact-url';
export { runIdempotent } from './http/idempotency';
export { IsBankAccountNumber, maskBankAccountNumber, normalizeBankAccountNumber } from './http/bank-account';
export { configureApp, fastifyOptions } from './http/configure-app';
export { MetricsService } from './observability/metrics.service';
export { PlatformModule, type PlatformOptions } from './platform.module';
export { appRolePassword, enableAppLogin } from './database/app-role';
export { adminKeyIdByHash } from './auth/api-keys.repository';
export { idempotencyKeys } from './http/idempotency.repository';
export { GroupCommit } from './database/group-commit';

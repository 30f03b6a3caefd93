export {
  BadInputError,
  BANK_ANSWER_CODES,
  CatalogueError,
  DatabaseUnavailableError,
  DEFAULT_CURRENCY,
  DomainError,
  type ErrorDefinition,
  type ErrorKind,
  formatAmount,
  IdempotencyConflictError,
  InvalidIdempotencyKeyError,
  type LocalizedMessage,
  MissingApiKeyError,
  Money,
  MONEY_SCALE,
  type NamedThing,
  NotFoundError,
  PartnerScopeError,
  PLATFORM_ERROR,
  RoleForbiddenError,
  STATUS_OF_KIND,
  UnknownApiKeyError,
} from './core';
export { Clock, ManualClock, SystemClock } from './clock';
export { APP_CONFIG, type AppConfig, BANK_SIMULATOR_ANSWERS, ConfigError, loadConfig } from './config/app-config';
export {
  DataDirInUseError,
  EmbeddedPostgres,
  type EmbeddedPostgresOptions,
  freeLoopbackPort,
} from './database/embedded-postgres';
export { ormConfig, type OrmSettings } from './database/orm.config';
export { migrate, migrateUrl } from './database/migrate';
export { MIGRATIONS } from './database/migrations';
export {
  Database,
  type DatabaseOptions,
  isDatabaseUnavailable,
  clientSql,
  type PgQueryable,
  finish,
  type Member,
  type Sql,
  write,
  writeAll,
  type Write,
} from './database/sql';
export { ServiceSecretsRepository } from './database/service-secrets.repository';
export { ApiKey, type Role, ROLES } from './auth/api-key.entity';
export { ApiKeyService, type ApiKeyView, hashApiKey, type IssuedKey } from './auth/api-key.service';
export { type Caller } from './auth/caller';
export {
  type CallerRequest,
  CurrentCaller,
  PARTNER_SCOPE_KEY,
  PartnerScope,
  type PartnerScopeSource,
  Public,
  PUBLIC_KEY,
  Roles,
  ROLES_KEY,
} from './auth/roles.decorator';
export { EnvelopeExceptionFilter, type ErrorEnvelope, toEnvelope } from './http/exception.filter';
export { createValidationPipe, type FieldProblem, MAX_BODY_DEPTH, OpaqueJsonObject } from './http/validation';
export { IsMoney } from './http/money.validator';
export { checkStrictInput, IsInstant } from './http/strict-input';
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

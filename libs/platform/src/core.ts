/**
 * The part of the platform that loads neither NestJS nor MikroORM (the error types), for code that
 * must start fast: the CLI's file commands and the rule-file tooling. `@pps/platform` re-exports it.
 */
export {
  CatalogueError,
  DomainError,
  type ErrorDefinition,
  type ErrorKind,
  type LocalizedMessage,
  STATUS_OF_KIND,
} from './errors/domain.error';
export {
  BadInputError,
  BANK_ANSWER_CODES,
  DatabaseUnavailableError,
  IdempotencyConflictError,
  InvalidIdempotencyKeyError,
  MissingApiKeyError,
  type NamedThing,
  NotFoundError,
  PartnerScopeError,
  PLATFORM_ERROR,
  PLATFORM_ERRORS,
  RoleForbiddenError,
  UnknownApiKeyError,
} from './errors/platform.errors';
export { DEFAULT_CURRENCY, formatAmount, Money, MONEY_SCALE } from './money';

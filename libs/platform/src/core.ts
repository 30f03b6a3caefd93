/**
 * The part of the platform that loads neither NestJS nor MikroORM (the error types), for code that
 * must start fast: the CLI's file commands and the rule-file tooling. `@pps/platform` re-exports it.
 */
export {
  BadInputError,
  ConflictError,
  DomainError,
  type ErrorKind,
  type LocalizedMessage,
  NotFoundError,
  STATUS_OF_KIND,
} from './errors/domain.error';
export { DEFAULT_CURRENCY, formatAmount, Money, MONEY_SCALE } from './money';

/**
 * The part of the platform that loads neither NestJS nor MikroORM (the error types), for code that
 * must start fast: the CLI's file commands and the rule-file tooling. `@pps/platform` re-exports it.
 */
export * from './errors/domain.error';
export * from './money';

/**
 * The SQL layer alone (`Database`, `write`, the `Sql` type: pg and @nestjs/common's decorators, no
 * MikroORM, no Nest modules), for code that must start fast — the sealer's worker thread, which
 * loaded the whole platform (1.3 s of CPU) on its first tick, in the middle of the traffic.
 * `@pps/platform` re-exports all of it.
 */
export { Database, type Sql, write } from './database/sql';

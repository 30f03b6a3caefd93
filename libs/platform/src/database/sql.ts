import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createRequire } from 'node:module';
import { Pool, type PoolClient, type PoolConfig, type QueryConfig } from 'pg';

/** node-postgres's own conversion of a parameter to its text form (what the extended protocol sends). */
const { prepareValue } = createRequire(__filename)('pg/lib/utils') as {
  prepareValue(this: void, value: unknown): string | Buffer | null;
};

/**
 * The one way the libraries talk to PostgreSQL: a statement with `?` placeholders and its values,
 * answered with the rows. Only repository files (`*.repository.ts`) hold SQL; services and
 * controllers call repositories with the `Sql` they were given — the pool for a plain read, the
 * transaction of the use case for everything that must commit together.
 *
 * Placeholders are `?` (as in knex); the SQL must not contain a literal `?` (use `jsonb_exists`
 * instead of the `?` operator). Arrays bind as one PostgreSQL array (`= any(?::uuid[])`).
 */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** Runs `fn` in one transaction and commits, or rolls back on a throw; inside a transaction, in that one. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

interface Statement {
  /** The statement with `$1, $2 …` for `?`. */
  text: string;
  /** Its prepared-statement name: each connection parses and plans it once, then only binds. */
  name?: string;
}

const statements = new Map<string, Statement>();
/** Statement texts that get a name (the rest run unnamed, e.g. generated IN lists past this many). */
const MAX_NAMED = 2_000;

/** `?` → `$1, $2 …` and a prepared-statement name, once per distinct statement text. */
function statementOf(text: string): Statement {
  let out = statements.get(text);
  if (out === undefined) {
    let n = 0;
    const positional = text.replace(/\?/g, () => `$${++n}`);
    out = { text: positional, name: statements.size < MAX_NAMED ? `pps_${statements.size}` : undefined };
    if (statements.size < 10_000) statements.set(text, out);
  }
  return out;
}

/** The query config node-postgres runs: named (prepared once per connection) where it can be. */
function config(text: string, values: readonly unknown[]): QueryConfig {
  const s = statementOf(text);
  return s.name
    ? { name: s.name, text: s.text, values: values as unknown[] }
    : { text: s.text, values: values as unknown[] };
}

// SQLSTATE class 08 (connection exception), 57P01–57P03 (terminated by an administrator, crash
// shutdown, cannot connect now), 53300 (too many connections).
const UNAVAILABLE_STATE = /^(08...|57P0[123]|53300)$/;
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error and is not queryable|Timeout acquiring a connection|timeout exceeded when trying to connect|Client has encountered a connection error|ECONNREFUSED|ECONNRESET|Connection ended unexpectedly|Transaction query already complete/i;

/** True when an error (or the one it wraps) says the database connection is gone, not that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, sqlState, message, name } = e as {
      code?: unknown;
      sqlState?: unknown;
      message?: unknown;
      name?: unknown;
    };
    if (
      (typeof code === 'string' && UNAVAILABLE_STATE.test(code)) ||
      (typeof sqlState === 'string' && UNAVAILABLE_STATE.test(sqlState))
    )
      return true;
    if (name === 'KnexTimeoutError' || name === 'ConnectionException') return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    e = (e as { previous?: unknown; cause?: unknown }).previous ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A write whose result nobody reads (a decision record, a transfer and its legs, a balance update):
 * one complete INSERT or UPDATE without RETURNING. In a transaction it is held back and sent with
 * the transaction's next statement, so that the writes at the end of a use case travel together —
 * see {@link write}.
 */
export interface Write {
  text: string;
  values: readonly unknown[];
  /**
   * The rows it changes (e.g. `accounts:42`): two held writes to the same row never share a
   * statement (PostgreSQL would apply only one of them), the first is sent before the second is held.
   */
  rows?: readonly string[];
}

/** A named member of the statement that sends the held writes (e.g. the Idempotency-Key claim). */
interface Member {
  name: string;
  text: string;
  values: readonly unknown[];
}

/**
 * The statement sent with BEGIN (e.g. the Idempotency-Key claim): its text with the values written
 * in as literals, and whether its rows let the transaction go on.
 */
export interface FirstStatement {
  text: (literal: (value: string) => string) => string;
  /** False: the transaction body stops with {@link FirstStatementRefused} at its first statement. */
  accept?: (rows: Array<Record<string, unknown>>) => boolean;
}

/** Thrown at a transaction's first statement when the {@link FirstStatement} sent with BEGIN refused. */
export class FirstStatementRefused extends Error {
  constructor(readonly rows: Array<Record<string, unknown>>) {
    super('the statement sent with BEGIN refused the transaction');
  }
}

/** A data-modifying statement (as opposed to a read, `select … for update` included). */
const MODIFIES = /\b(insert\s+into|update\s+\w+\s+set|delete\s+from)\b/i;

/** Per connection: the statements prepared on it at the SQL level (`PREPARE`), by name. */
const sqlPrepared = new WeakMap<PoolClient, Set<string>>();

/** A value as a SQL literal: node-postgres's text form of the parameter, quoted (or NULL). */
function literalOf(client: PoolClient, value: unknown): string {
  const v = prepareValue(value);
  if (v === null) return 'NULL';
  return client.escapeLiteral(typeof v === 'string' ? v : `\\x${v.toString('hex')}`);
}

/** Held writes as the members `held_0, held_1 …` of one statement. */
function heldMembers(held: readonly Write[]): Member[] {
  return held.map((w, i) => ({ name: `held_${i}`, text: w.text, values: w.values }));
}

/** `members` as the CTE of one statement answering `select` (just `select` when there are none). */
function withMembers(
  members: readonly Member[],
  select: string,
  selectValues: readonly unknown[] = [],
): { text: string; values: readonly unknown[] } {
  if (members.length === 0) return { text: select, values: selectValues };
  return {
    text: `with ${members.map((m) => `${m.name} as (${m.text})`).join(',\n')}\n${select}`,
    values: [...members.flatMap((m) => m.values), ...selectValues],
  };
}

/**
 * The statements of one transaction, on the one connection it holds — in as few round trips as
 * the statements allow, because on these machines each round trip (a write syscall that wakes the
 * server, a read that wakes us) costs more than the statement:
 *
 * - BEGIN (and the {@link FirstStatement}) is held until the first statement and sent with it in
 *   one simple-protocol message: `begin; <first>; execute <prepared>(<literals>)`;
 * - writes are held (see {@link write}) and sent with the next statement, at the latest with
 *   COMMIT: `execute <prepared>(<literals>); commit`.
 *
 * A statement sent that way is prepared once per connection (`PREPARE`, its plan cached as for the
 * extended protocol's named statements) and then only executed with its values as literals, written
 * by node-postgres's own conversion and escaping. A gated mutation is then two round trips: the
 * read of its facts with BEGIN and the claim, and its writes with COMMIT.
 */
class TransactionSql implements Sql {
  private held: Write[] = [];
  private heldRows = new Set<string>();
  /** BEGIN and the first statement, until they are sent. */
  private pendingBegin: string | undefined;

  constructor(
    private readonly client: PoolClient,
    private readonly first?: FirstStatement,
  ) {
    this.pendingBegin = first ? `begin; ${first.text((v) => client.escapeLiteral(v))}` : 'begin';
  }

  async query<R>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    // Read your own writes: what is held goes first, in its own statement.
    await this.flush();
    return this.run<R>(text, values);
  }

  /** Whether BEGIN went to the server (so that a failure needs a ROLLBACK). */
  get sent(): boolean {
    return this.pendingBegin === undefined;
  }

  /** Sends BEGIN (and the first statement) now if they are still held; throws if the first refused. */
  async begin(): Promise<void> {
    if (this.pendingBegin === undefined) return;
    const text = this.pendingBegin;
    this.pendingBegin = undefined;
    const results = (await this.client.query(text)) as unknown as QueryResults;
    if (this.first) this.check(results);
  }

  /** Sends what is held and COMMIT, in one round trip where it can. */
  async commit(): Promise<void> {
    const w = this.takeFlush();
    if (w === undefined) {
      // Nothing was ever sent: nothing to commit (the first statement, if any, was never needed).
      if (this.pendingBegin !== undefined && !this.first) return;
      await this.begin();
      await this.client.query('commit');
      return;
    }
    // The first statement's answer must be read before anything commits.
    if (this.first) await this.begin();
    await this.simple(w.text, w.values, 'commit');
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async hold(w: Write): Promise<void> {
    if (w.rows?.some((r) => this.heldRows.has(r))) await this.flush();
    this.held.push(w);
    for (const r of w.rows ?? []) this.heldRows.add(r);
  }

  /** Sends the held writes: one statement (a CTE of data-modifying members) or none. */
  async flush(): Promise<void> {
    const w = this.takeFlush();
    if (w) await this.run(w.text, w.values);
  }

  /** The statement that sends the held writes (taking them), if any are held. */
  private takeFlush(): { text: string; values: readonly unknown[] } | undefined {
    if (this.held.length === 0) return undefined;
    const held = this.take();
    if (held.length === 1) return held[0];
    return withMembers(heldMembers(held), 'select 1');
  }

  /**
   * Sends the held writes together with `members` in one statement whose result is `select` (which
   * may read the members by name): the last statement of a use case before COMMIT.
   */
  async finish<R>(members: readonly Member[], select: string, selectValues: readonly unknown[] = []): Promise<R[]> {
    const s = withMembers([...heldMembers(this.take()), ...members], select, selectValues);
    return this.run<R>(s.text, s.values);
  }

  private take(): Write[] {
    const held = this.held;
    this.held = [];
    this.heldRows.clear();
    return held;
  }

  private async run<R>(text: string, values: readonly unknown[]): Promise<R[]> {
    if (this.pendingBegin !== undefined) return this.simple<R>(text, values);
    return (await this.client.query(config(text, values))).rows as R[];
  }

  /**
   * One simple-protocol round trip: the held BEGIN (if any), the statement executed by name with
   * its values as literals, and `after` (COMMIT) — or, for a statement that has no name (past
   * MAX_NAMED), BEGIN first and the statement through the extended protocol.
   */
  private async simple<R>(text: string, values: readonly unknown[], after?: string): Promise<R[]> {
    const s = statementOf(text);
    if (s.name === undefined) {
      await this.begin();
      const rows = (await this.client.query(config(text, values))).rows as R[];
      if (after) await this.client.query(after);
      return rows;
    }
    // A first statement that may refuse goes ahead of anything but a plain read: a write sent
    // after a refused claim could fail on what the earlier request committed, hiding the refusal.
    if (this.pendingBegin !== undefined && this.first?.accept && !after && MODIFIES.test(text)) await this.begin();
    const name = `${s.name}_sql`;
    let prepared = sqlPrepared.get(this.client);
    if (prepared === undefined) sqlPrepared.set(this.client, (prepared = new Set()));
    if (!prepared.has(name)) {
      // Once per connection; PREPARE is not transactional, so it may run before BEGIN.
      await this.client.query(`prepare ${name} as ${s.text}`);
      prepared.add(name);
    }
    const execute = values.length
      ? `execute ${name}(${values.map((v) => literalOf(this.client, v)).join(', ')})`
      : `execute ${name}`;
    const begin = this.pendingBegin;
    this.pendingBegin = undefined;
    const parts = [...(begin ? [begin] : []), execute, ...(after ? [after] : [])];
    const results = (await this.client.query(parts.join(';\n'))) as unknown as QueryResults | { rows: unknown[] };
    if (!Array.isArray(results)) return results.rows as R[];
    if (begin && this.first) this.check(results);
    return results[results.length - (after ? 2 : 1)].rows as R[];
  }

  /** The first statement's rows are the second result (after BEGIN's): refused, the body stops. */
  private check(results: QueryResults): void {
    const rows = results[1].rows;
    if (this.first?.accept && !this.first.accept(rows)) {
      // The body stops here: what it held back so far must never reach the server.
      this.take();
      throw new FirstStatementRefused(rows);
    }
  }
}

/** What node-postgres answers for a simple query of several statements: one result each. */
type QueryResults = Array<{ rows: Array<Record<string, unknown>> }>;

/**
 * Writes `w`: in a transaction, held and sent with the transaction's next statement (at the
 * latest, before COMMIT); elsewhere (the pool, a bare client), at once.
 */
export async function write(sql: Sql, w: Write): Promise<void> {
  if (sql instanceof TransactionSql) await sql.hold(w);
  else await sql.query(w.text, w.values);
}

/**
 * Makes sure the transaction has begun — BEGIN and its first statement sent — so that a refusal
 * of the first statement ({@link FirstStatementRefused}) is seen before the body's result is used.
 * Nothing outside a transaction, and nothing when a statement already went.
 */
export async function begun(sql: Sql): Promise<void> {
  if (sql instanceof TransactionSql) await sql.begin();
}

/**
 * Writes `ws` as one unit: in a transaction, held together (sent in the same statement); elsewhere,
 * one statement of them all (each a member of a CTE, the last the main statement).
 */
export async function writeAll(sql: Sql, ws: readonly Write[]): Promise<void> {
  if (sql instanceof TransactionSql) {
    for (const w of ws) await sql.hold(w);
    return;
  }
  const last = ws[ws.length - 1];
  await finish(
    sql,
    ws.slice(0, -1).map((w, i) => ({ name: `w_${i}`, text: w.text, values: w.values })),
    last.text,
    last.values,
  );
}

/**
 * The last statement of a transaction: the held writes and `members` in one statement answering
 * `select`. Outside a transaction, the members run as one statement too (each is its own write).
 */
function finish<R>(sql: Sql, members: readonly Member[], select: string, selectValues: readonly unknown[] = []) {
  if (sql instanceof TransactionSql) return sql.finish<R>(members, select, selectValues);
  const s = withMembers(members, select, selectValues);
  return sql.query<R>(s.text, s.values);
}

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  /** How long a caller waits for a free connection before a 503 (ms). */
  connectTimeoutMs?: number;
  /** `application_name` of the connections (what `pg_stat_activity` shows), e.g. `pps-sealer`. */
  applicationName?: string;
}

/**
 * The connection pool (node-postgres) and the transactions on it. One per process, shared by
 * every library through the platform module.
 */
@Injectable()
export class Database implements Sql, OnApplicationShutdown {
  private readonly logger = new Logger(Database.name);
  private readonly pool: Pool;
  private ended = false;
  /** The URL connected to (for a dedicated connection, e.g. LISTEN). */
  readonly url: string;

  constructor(options: DatabaseOptions) {
    this.url = options.url;
    const config: PoolConfig = {
      connectionString: options.url,
      max: options.poolSize,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      ...(options.applicationName ? { application_name: options.applicationName } : {}),
    };
    this.pool = new Pool(config);
    // An idle connection that breaks (terminated backend, server restart) is dropped by the pool;
    // without a listener the error would end the process.
    this.pool.on('error', (e) => this.logger.warn(`idle database connection lost: ${e.message}`));
  }

  async query<R>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    return (await this.pool.query(config(text, values))).rows as R[];
  }

  /**
   * Runs `fn` in one transaction (READ COMMITTED) on one connection: commit, or rollback on a throw.
   * `first`, if given, is a statement sent with BEGIN in the same round trip as the transaction's
   * first statement (see {@link TransactionSql}); when its `accept` says no, that first statement
   * throws {@link FirstStatementRefused} (the transaction is still usable: the body may read on and
   * return, and it commits what it wrote).
   */
  async transaction<T>(fn: (tx: Sql) => Promise<T>, first?: FirstStatement): Promise<T> {
    const client = await this.pool.connect();
    // A connection that breaks between two statements emits 'error' on the client: kept, so that it
    // neither ends the process nor goes back to the pool.
    let broken: Error | undefined;
    const onError = (e: Error) => (broken = e);
    client.on('error', onError);
    const tx = new TransactionSql(client, first);
    try {
      const result = await fn(tx);
      await tx.commit();
      return result;
    } catch (e) {
      if (!broken && !isDatabaseUnavailable(e) && tx.sent) {
        try {
          // Outside a transaction block (BEGIN never sent, or COMMIT failed) this only warns.
          await client.query('rollback');
        } catch (r) {
          broken = r instanceof Error ? r : new Error(String(r));
        }
      } else broken ??= e instanceof Error ? e : new Error(String(e));
      throw e;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.pool.end();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.end();
  }
}

/** The part of `pg.Client` this needs (kept structural so that a library need not import `pg`). */
export interface PgQueryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * An `Sql` over one bare `pg` client that the caller connected and will end (a CLI command, a
 * benchmark): what `Database` is for the pool. A transaction is BEGIN … COMMIT on that client; a
 * nested one runs inside it.
 */
export function clientSql(client: PgQueryable): Sql {
  const query = async <R>(text: string, values: readonly unknown[] = []): Promise<R[]> =>
    (await client.query(statementOf(text).text, [...values])).rows as R[];
  const inner: Sql = { query, transaction: (fn) => fn(inner) };
  return {
    query,
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      await client.query('begin');
      try {
        const result = await fn(inner);
        await client.query('commit');
        return result;
      } catch (e) {
        await client.query('rollback');
        throw e;
      }
    },
  };
}

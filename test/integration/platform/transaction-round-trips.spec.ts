import { begun, Database, FirstStatementRefused, type Sql, write } from '@pps/platform';
import fc from 'fast-check';
import { Client } from 'pg';
import { createTestDatabase, dropTestDatabase } from '../../support/database';

/**
 * Issue 19: a transaction on `Database` sends BEGIN (and its first statement) with its first read,
 * and its held writes with COMMIT — a gated mutation is two round trips — with the values written
 * in as literals by node-postgres's own conversion. Real PostgreSQL; the round trips are counted
 * on the client (each `query` call of a pg client is one message and one answer).
 */
describe('Database.transaction: round trips and the first statement', () => {
  let db: Database;
  let name: string;
  let url: string;
  let calls: string[] = [];
  let spy: jest.SpyInstance;

  beforeAll(async () => {
    ({ name, url } = await createTestDatabase({ empty: true }));
    db = new Database({ url, poolSize: 2 });
    await db.query(`create table claims (k text primary key)`);
    await db.query(
      `create table notes (id int primary key, body text, doc jsonb, at timestamptz, tags text[], raw bytea)`,
    );
    const original = Client.prototype.query as (...args: unknown[]) => unknown;
    spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const q = args[0];
      calls.push(typeof q === 'string' ? q : String((q as { text?: string }).text));
      return original.apply(this, args) as never;
    });
  });
  afterAll(async () => {
    spy.mockRestore();
    await db.end();
    await dropTestDatabase(name);
  });
  beforeEach(async () => {
    await db.query(`truncate claims, notes`);
    calls = [];
  });

  const note = (id: number, body: string) => ({
    text: `insert into notes (id, body) values (?, ?)`,
    values: [id, body],
    rows: [`notes:${id}`],
  });

  /** One read, then two held writes: what a gated mutation does. */
  const mutation = (id: number) => async (tx: Sql) => {
    const [row] = await tx.query<{ n: number }>(`select count(*)::int as n from notes where id >= ?`, [0]);
    await write(tx, note(id, `after ${row.n}`));
    await write(tx, note(id + 1000, 'second'));
    return row.n;
  };

  it('a read and held writes: two round trips (BEGIN with the read, the writes with COMMIT), all committed', async () => {
    await db.transaction(mutation(1)); // prepares the statements on this connection
    await db.transaction(mutation(2)); // and on the pool's second one, should it be used
    calls = [];
    expect(await db.transaction(mutation(3))).toBe(4);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/^begin;\s*execute /);
    expect(calls[1]).toMatch(/^execute [\s\S]*;\s*commit$/);
    const rows = await db.query<{ id: number; body: string }>(
      `select id, body from notes where id in (3, 1003) order by id`,
    );
    expect(rows).toEqual([
      { id: 3, body: 'after 4' },
      { id: 1003, body: 'second' },
    ]);
  });

  it('a throw after the read rolls everything back; a throw before any statement sends nothing', async () => {
    await db.transaction(mutation(1));
    calls = [];
    await expect(
      db.transaction(async (tx) => {
        await mutation(10)(tx);
        await tx.query(`select 1`);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await db.query(`select id from notes where id in (10, 1010)`)).toEqual([]);
    calls = [];
    await expect(
      db.transaction(() => {
        throw new Error('before anything');
      }),
    ).rejects.toThrow('before anything');
    expect(calls).toEqual([]);
  });

  it('a failing write sent with COMMIT commits nothing and leaves the connection usable', async () => {
    await db.query(`insert into notes (id, body) values (7, 'taken')`);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`select 1`);
        await write(tx, note(8, 'would be fine'));
        await write(tx, note(7, 'duplicate key'));
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await db.query(`select id from notes order by id`)).toEqual([{ id: 7 }]);
    // Both pool connections still work, inside and outside transactions.
    for (let i = 0; i < 4; i++) expect(await db.transaction(mutation(100 + i))).toBeGreaterThanOrEqual(1);
  });

  describe('the first statement (an Idempotency-Key claim)', () => {
    const claim = (k: string) => ({
      text: (literal: (v: string) => string) =>
        `insert into claims (k) values (${literal(k)}) on conflict do nothing returning k`,
      accept: (rows: unknown[]) => rows.length > 0,
    });

    it('is sent with BEGIN and the first read; accepted, the body goes on and commits', async () => {
      await db.transaction(mutation(1), claim('warm'));
      calls = [];
      expect(await db.transaction(mutation(2), claim('a'))).toBe(2);
      expect(calls).toHaveLength(2);
      expect(calls[0]).toMatch(/^begin; insert into claims .*'a'.*;\s*execute /s);
      expect(await db.query(`select k from claims order by k`)).toEqual([{ k: 'a' }, { k: 'warm' }]);
    });

    it('refused, the first read throws FirstStatementRefused before the body sees its rows; the body may read on', async () => {
      await db.transaction(mutation(1), claim('k'));
      let bodySawRows = false;
      const answer = await db.transaction(async (tx) => {
        try {
          await tx.query(`select 1 as one`);
          bodySawRows = true;
          return 'went on';
        } catch (e) {
          expect(e).toBeInstanceOf(FirstStatementRefused);
          const [row] = await tx.query<{ n: number }>(`select count(*)::int as n from notes`);
          return `refused, ${row.n} notes`;
        }
      }, claim('k'));
      expect(bodySawRows).toBe(false);
      expect(answer).toBe('refused, 2 notes');
    });

    it('refused, a body that only wrote commits none of it (begun() reads the claim first)', async () => {
      await db.transaction(async (tx) => write(tx, note(1, 'x')), claim('w'));
      await expect(
        db.transaction(async (tx) => {
          await write(tx, note(2, 'must not land'));
          await begun(tx);
        }, claim('w')),
      ).rejects.toBeInstanceOf(FirstStatementRefused);
      expect(await db.query(`select id from notes order by id`)).toEqual([{ id: 1 }]);
    });

    it('is not sent with a first statement that writes: the claim is read before it', async () => {
      await db.transaction(async (tx) => tx.query(`insert into notes (id) values (50) returning id`), claim('m'));
      calls = [];
      await expect(
        db.transaction(async (tx) => tx.query(`insert into notes (id) values (50) returning id`), claim('m')),
      ).rejects.toBeInstanceOf(FirstStatementRefused);
      expect(calls[0]).toMatch(/^begin; insert into claims/);
      expect(calls[0]).not.toMatch(/execute/);
    });
  });

  it('values written in as literals read back as the extended protocol binds them (property)', async () => {
    const at = new Date('2026-12-02T03:04:05.678Z');
    const uuid = '6f1c2c4e-0a7b-4c39-9d0e-2b8f7d1f6a10';
    const read = (sql: Sql, v: { body: string; doc: unknown; tags: string[]; raw: Buffer }) =>
      sql.query<Record<string, unknown>>(
        `select ?::text as body, ?::jsonb as doc, ?::timestamptz as at, ?::text[] as tags, ?::bytea as raw, ?::int as n, ?::text as none, ?::uuid[] as ids`,
        [v.body, v.doc, at, v.tags, v.raw, 42, null, [uuid]],
      );
    const text = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replace(/\0/g, ''));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          body: text,
          doc: fc
            .jsonValue({ maxDepth: 3 })
            .filter((j) => !JSON.stringify(j).includes('\\u0000')) // jsonb refuses NUL, by either path
            .map((j) => ({ j })),
          tags: fc.array(text, { maxLength: 4 }),
          raw: fc.uint8Array({ maxLength: 16 }).map((a) => Buffer.from(a)),
        }),
        async (v) => {
          const viaPool = await read(db, v); // extended protocol, bound parameters
          const viaLiterals = await db.transaction((tx) => read(tx, v)); // BEGIN; execute …(literals)
          expect(viaLiterals).toEqual(viaPool);
          expect(viaLiterals[0].body).toBe(v.body);
          expect(viaLiterals[0].tags).toEqual(v.tags);
          expect(viaLiterals[0].raw).toEqual(v.raw);
        },
      ),
      { numRuns: 60 },
    );
  });
});

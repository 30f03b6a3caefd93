import { DomainError, type Sql, write } from '@pps/platform';
import { Client } from 'pg';
import { CommitThenFail, TransactionRunner } from '../../../libs/partners/src/shared/transaction-runner';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Issue 19: the Idempotency-Key claim travels with the use case's first statement — and a use case
 * may send none before it answers (its writes held for COMMIT, or a denial decided from the
 * request alone). A repeated request must still get the first answer, never a 500, and nothing the
 * repeat wrote may commit. (Its body runs up to its first statement — here, to its end — before
 * the refused claim is seen: its writes are only held by then, and are dropped.)
 */
describe('the Idempotency-Key claim when the body sends no statement of its own', () => {
  let t: TestApp;
  let runner: TransactionRunner;
  beforeAll(async () => {
    t = await startTestApp();
    runner = t.app.get(TransactionRunner);
  });
  afterAll(() => t.close());

  /** A held write a body makes (rows of scope `spec-side` in idempotency_keys), to see what commits. */
  const sideWrite = (tx: Sql, n: number) =>
    write(tx, {
      text: `insert into idempotency_keys (scope, key, request_hash) values ('spec-side', ?, 'x')`,
      values: [`${n}-${Math.random()}`],
    });
  const sideRows = async (): Promise<number> => {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      return (await c.query<{ n: number }>(`select count(*)::int as n from idempotency_keys where scope = 'spec-side'`))
        .rows[0].n;
    } finally {
      await c.end();
    }
  };

  const ctx = (key: string) => ({ caller: { keyId: 'spec-caller', role: 'service' as const }, idempotencyKey: key });
  const request = { operation: 'spec.noop', input: { n: 1 } };

  it('an answer without a read: stored; the repeat gets the first answer and commits nothing', async () => {
    const before = await sideRows();
    let runs = 0;
    const body = async (tx: Sql) => {
      runs++;
      await sideWrite(tx, runs);
      return { n: runs };
    };
    expect(await runner.run(ctx('quiet-1'), request, body)).toEqual({ n: 1 });
    expect(await runner.run(ctx('quiet-1'), request, body)).toEqual({ n: 1 });
    expect(await sideRows()).toBe(before + 1);
  });

  it('a denial without a statement: stored, and the repeat gets the same denial (not a 500)', async () => {
    const before = await sideRows();
    let runs = 0;
    const denied = new DomainError('policy_denied', 'SPEC.0001', { zh: '拒绝', en: 'denied' }, { why: 'spec' });
    const body = async (tx: Sql): Promise<never> => {
      runs++;
      await sideWrite(tx, runs); // a denial commits its own record, as a decision would
      throw new CommitThenFail(denied);
    };
    for (let i = 0; i < 2; i++) {
      const error = await runner.run(ctx('quiet-2'), request, body).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'SPEC.0001', kind: 'policy_denied', details: { why: 'spec' } });
    }
    expect(await sideRows()).toBe(before + 1);
  });

  it('the same key with another request: 409, and nothing of it commits', async () => {
    const before = await sideRows();
    await runner.run(ctx('quiet-3'), request, (tx) => sideWrite(tx, 1));
    await expect(
      runner.run(ctx('quiet-3'), { ...request, input: { n: 2 } }, (tx) => sideWrite(tx, 2)),
    ).rejects.toMatchObject({ status: 409 });
    expect(await sideRows()).toBe(before + 1);
  });
});

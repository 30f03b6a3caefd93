import { startTestApp, type TestApp } from '../../support/test-app';
import { CHECK_FACTS, sql, verifiedChain } from './audit-support';

/**
 * Issue 19: recorded checks without an Idempotency-Key are group-committed — concurrent records go
 * into one INSERT (one transaction) a batch — and each is answered only once its batch committed.
 */
describe('group commit of recorded checks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const facts = CHECK_FACTS;
  const check = () => t.request('POST', '/v1/rule-sets/account-adjustment/evaluate', { body: { facts } });

  it('60 concurrent checks: 60 answers, 60 committed records, written by far fewer transactions', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, check));
    expect(answers.map((a) => a.status)).toEqual(Array(60).fill(200));
    const ids = answers.map((a) => a.body.decision_id as string);
    expect(new Set(ids).size).toBe(60);
    const rows = await sql<{ id: string; tx: string }>(
      t,
      `select id, xmin::text as tx from decisions where id = any($1)`,
      [ids],
    );
    expect(rows).toHaveLength(60);
    // One transaction a batch: the 60 records share a handful of transaction ids.
    expect(new Set(rows.map((r) => r.tx)).size).toBeLessThanOrEqual(20);
    // And the chain seals them like any other record.
    expect(await verifiedChain(t)).toMatchObject({ ok: true, pending: 0 });
  });

  it('an answered check is committed: another connection reads its record at once', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await check();
      expect(res.status).toBe(200);
      const rows = await sql(t, `select 1 from decisions where id = $1`, [res.body.decision_id]);
      expect(rows).toHaveLength(1);
    }
  });
});

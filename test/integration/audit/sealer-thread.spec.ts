import { startTestApp, type TestApp } from '../../support/test-app';
import { CHECK_FACTS, sql, verifiedChain } from './audit-support';

/**
 * Issue 19: the service seals the decision log in a worker thread over a connection of its own
 * (`application_name` pps-sealer), not on the event loop that answers requests — and stops that
 * thread and its connection when the service stops.
 */
describe('the sealer thread', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const sealerConnections = async (): Promise<number> =>
    (
      await sql<{ n: number }>(
        t,
        `select count(*)::int as n from pg_stat_activity where application_name = 'pps-sealer' and datname = current_database()`,
      )
    )[0].n;

  it('seals what the service records, over its own connection', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.request('POST', '/v1/rule-sets/account-adjustment/evaluate', { body: { facts: CHECK_FACTS } }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(await verifiedChain(t)).toMatchObject({ ok: true, pending: 0 });
    const ids = answers.map((a) => a.body.decision_id as string);
    const sealed = await sql<{ n: number }>(
      t,
      `select count(*)::int as n from decision_seals where decision_id = any($1)`,
      [ids],
    );
    expect(sealed[0].n).toBe(20);
    expect(await sealerConnections()).toBe(1);
  });

  it('stops with the service: its connection closes', async () => {
    const other = await startTestApp();
    const name = (await sql<{ db: string }>(other, `select current_database() as db`))[0].db;
    const count = async () =>
      (
        await sql<{ n: number }>(
          other,
          `select count(*)::int as n from pg_stat_activity where application_name = 'pps-sealer' and datname = $1`,
          [name],
        )
      )[0].n;
    // The thread starts with the first tick (every 250 ms while idle).
    const until = Date.now() + 5000;
    while ((await count()) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await count()).toBe(1);
    const url = other.databaseUrl;
    await other.app.close();
    const { Client } = await import('pg');
    const c = new Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
    await c.connect();
    try {
      const left = await c.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where application_name = 'pps-sealer' and datname = $1`,
        [name],
      );
      expect(left.rows[0].n).toBe(0);
    } finally {
      await c.end();
      await other.close().catch(() => undefined);
    }
  });
});

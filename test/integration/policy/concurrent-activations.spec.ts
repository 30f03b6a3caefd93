import type { Json } from '../../support/json';
import { bumped } from '../../support/rule-files';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Activations of one rule set are serialised (a per-rule-set lock held until commit): however they
 * race, the history is a total order in which every activation names the version it replaced —
 * which is what a rollback follows.
 */
describe('concurrent activations of one rule set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    for (const version of ['9.0.0', '9.1.0']) {
      const res = await t.request('POST', '/v1/rule-sets/refund-destination/versions', {
        body: bumped('refund-destination', version),
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  const activate = (version: string, reason: string) =>
    t.request('POST', '/v1/rule-sets/refund-destination/activate', { body: { version, reason } });
  const history = async () =>
    (await t.request('GET', '/v1/rule-sets/refund-destination/versions')).body.history as Array<{
      version: string;
      fromVersion: string | null;
      kind: string;
    }>;

  it('20 races of two activations: every from_version is the previous entry’s version; a rollback after them is right', async () => {
    for (let i = 0; i < 20; i++) {
      const answers = await Promise.all([activate('9.0.0', `race ${i} a`), activate('9.1.0', `race ${i} b`)]);
      expect(answers.map((a: Json) => a.status)).toEqual([200, 200]);
    }
    const entries = await history();
    expect(entries.length).toBeGreaterThanOrEqual(41); // the bootstrap, then 40
    const broken = entries
      .slice(1)
      .map((entry, i) => ({ at: i + 1, fromVersion: entry.fromVersion, previous: entries[i].version }))
      .filter((link) => link.fromVersion !== link.previous);
    expect(broken).toEqual([]);

    const last = entries[entries.length - 1];
    const rolledBack = await t.request('POST', '/v1/rule-sets/refund-destination/rollback', {
      body: { reason: 'after the races' },
    });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body).toMatchObject({ version: last.fromVersion, fromVersion: last.version, kind: 'rollback' });
    const sets = (await t.request('GET', '/v1/rule-sets')).body as Array<{ ruleSet: string; activeVersion: string }>;
    expect(sets.find((s) => s.ruleSet === 'refund-destination')?.activeVersion).toBe(last.fromVersion);
  });

  it('a rollback racing an activation also keeps the order', async () => {
    for (let i = 0; i < 5; i++) {
      const answers = await Promise.all([
        activate(i % 2 ? '9.0.0' : '9.1.0', `mixed ${i}`),
        t.request('POST', '/v1/rule-sets/refund-destination/rollback', { body: { reason: `mixed ${i}` } }),
      ]);
      expect(answers.map((a: Json) => a.status)).toEqual([200, 200]);
    }
    const entries = await history();
    const broken = entries.slice(1).filter((entry, i) => entry.fromVersion !== entries[i].version);
    expect(broken).toEqual([]);
  });
});

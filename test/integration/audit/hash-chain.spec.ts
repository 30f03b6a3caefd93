import { verifyExportLines } from '@pps/audit';
import { Client } from 'pg';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';
import { sql, verifiedChain } from './audit-support';

/**
 * Issue 7: the hash chain. Records are sealed after commit in seq order by the sealer; concurrent
 * writers still end in one chain; an open transaction holds the chain back, a rolled-back one
 * leaves a gap that is skipped; verification (online and offline from an export) finds tampering.
 */
describe('the hash chain of decision records', () => {
  let t: TestApp;
  let w: World;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    auditor = await t.key('auditor');
  });
  afterAll(async () => {
    await t.close();
  });

  it('40 concurrent writers end in one unbroken chain, sealed within seconds, in seq order', async () => {
    const partners = await Promise.all(Array.from({ length: 8 }, () => w.partner()));
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.request('POST', `/v1/partners/${partners[i % 8].id}/top-ups`, { body: { amount: `${i + 1}.00` } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
    const report = await verifiedChain(t, auditor);
    const [{ n }] = await sql(t, `select count(*)::int as n from decisions`);
    expect(report).toEqual({ ok: true, checked: n, pending: 0 });
    // One chain: positions 1..n without a gap, each linking to the one before, in seq order.
    const seals = await sql(t, `select pos::int, seq::int, prev_hash, hash from decision_seals order by pos`);
    seals.forEach((s, i) => {
      expect(s.pos).toBe(i + 1);
      expect(s.prev_hash).toBe(i === 0 ? '0'.repeat(64) : seals[i - 1].hash);
      if (i > 0) expect(s.seq).toBeGreaterThan(seals[i - 1].seq);
    });
  });

  it('an open transaction holds the chain back; its rollback leaves a gap the sealer skips; unsealed records are readable and replayable', async () => {
    const open = new Client({ connectionString: t.databaseUrl });
    await open.connect();
    try {
      await open.query('begin');
      const [held] = (
        await open.query(`insert into decisions (id, decided_at, rule_set, version, content_hash, facts, outcome, effect, reasons, results, operation, subject)
          select gen_random_uuid(), decided_at, rule_set, version, content_hash, facts, outcome, effect, reasons, results, operation, subject
          from decisions order by seq limit 1 returning seq::int`)
      ).rows;
      const later = await w.topUp((await w.partner()).id, '7.00'); // commits with a higher seq
      const report = (await t.request('GET', '/v1/decisions/verify', { key: auditor })).body;
      expect(report).toMatchObject({ ok: true, pending: expect.any(Number) });
      expect(report.pending).toBeGreaterThanOrEqual(1); // the committed top-up waits behind the open seq
      const [s] = await sql(t, `select count(*)::int as n from decision_seals where seq >= $1`, [held.seq]);
      expect(s.n).toBe(0);
      const view = await t.request('GET', `/v1/decisions/${later.decision_id}`, { key: auditor });
      expect(view.body).toMatchObject({ id: later.decision_id, chain: null });
      expect((await t.request('POST', `/v1/decisions/${later.decision_id}/replay`, { key: auditor })).body.match).toBe(
        true,
      );
      await open.query('rollback');
    } finally {
      await open.end();
    }
    expect(await verifiedChain(t, auditor)).toMatchObject({ ok: true, pending: 0 });
  });

  it('an export verifies offline; altering one record in the copy is reported as exactly that record', async () => {
    const res = await t.request('GET', '/v1/decisions/export', { key: auditor });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/application\/x-ndjson/);
    const lines = res.text.trim().split('\n');
    const [{ n }] = await sql(t, `select count(*)::int as n from decisions`);
    expect(lines).toHaveLength(n);
    expect(await verifyExportLines(lines)).toEqual({ ok: true, lines: n, checked: n, unsealed: 0, problems: [] });

    const victim = 5;
    const altered = JSON.parse(lines[victim]);
    altered.facts.amount = altered.facts.amount === '6.00' ? '7.00' : '6.00'; // one fact value, surely changed
    const tampered = [...lines];
    tampered[victim] = JSON.stringify(altered);
    const report = await verifyExportLines(tampered);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { line: victim + 1, decisionId: altered.id, problem: 'hash_mismatch', message: expect.any(String) },
    ]);

    // Key order and whitespace do not matter (canonical JSON); a reordered copy still verifies.
    const reordered = lines.map((l) =>
      JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(l)).reverse()), null, 0),
    );
    expect((await verifyExportLines(reordered)).ok).toBe(true);

    const windowed = await t.request(
      'GET',
      `/v1/decisions/export?from=${encodeURIComponent('2026-01-15T00:00:00Z')}&to=${encodeURIComponent('2026-01-15T00:00:01Z')}`,
      { key: auditor },
    );
    expect(windowed.text).toBe('');
  });

  it('a record changed behind the triggers’ back (by a superuser) is the first broken link verify reports', async () => {
    const [victim] = await sql(
      t,
      `select d.id from decision_seals s join decisions d on d.seq = s.seq order by s.pos offset 3 limit 1`,
    );
    await sql(
      t,
      `begin;
       alter table decisions disable trigger decisions_append_only;
       update decisions set facts = jsonb_set(facts, '{amount}', '"999.00"') where id = '${victim.id}';
       alter table decisions enable trigger decisions_append_only;
       commit;`,
    );
    const res = await t.request('GET', '/v1/decisions/verify', { key: auditor });
    expect(res.body).toMatchObject({ ok: false, checked: 3, pending: 0, firstBrokenId: victim.id });
    const replay = await t.request('POST', `/v1/decisions/${victim.id}/replay`, { key: auditor });
    expect(replay.body.match).toBe(false); // results show the changed fact value
  });
});

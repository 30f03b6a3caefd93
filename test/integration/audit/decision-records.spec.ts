import { LedgerService } from '@pps/ledger';
import { checkLedgerInvariants, countRows, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';
import { sql } from './audit-support';
import type { Json } from '../../support/json';

/**
 * Issue 7: every gated operation writes exactly one complete decision record in its own
 * transaction; the database refuses to change a record or a seal; replay reproduces every record of
 * a mixed workload; reads are scoped (a partner key sees its own partner's only) and auditors can
 * change nothing.
 */
describe('decision records', () => {
  let t: TestApp;
  let w: World;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    auditor = await t.key('auditor');
  });
  afterAll(async () => {
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
    await t.close();
  });

  /** Runs `op`, expects exactly one new decision, and returns it with the answer. */
  async function oneDecision(op: () => Promise<{ status: number; body: Json }>) {
    const before = await countRows(t.databaseUrl);
    const res = await op();
    const after = await countRows(t.databaseUrl);
    expect(after.decisions - before.decisions).toBe(1);
    const id = res.body.decision_id as string;
    expect(id).toEqual(expect.any(String));
    const [d] = await sql(t, `select *, xmin::text as tx from decisions where id = $1`, [id]);
    // Complete: facts, outcome, reasons, per-condition results, matched rules, subject, request, caller.
    expect(d).toMatchObject({
      facts: expect.any(Object),
      outcome: expect.any(Object),
      reasons: expect.any(Array),
      results: expect.any(Array),
      matched_rules: expect.any(Array),
      subject: expect.any(Object),
      request_id: expect.any(String),
      caller_key_id: expect.any(String),
      caller_role: 'admin',
    });
    expect(d.results.length).toBeGreaterThan(0);
    if (d.transfer_id) {
      // The transfer it authorised was written by the same transaction (same xmin) and names it back.
      const [tr] = await sql(t, `select decision_id, xmin::text as tx from transfers where id = $1`, [d.transfer_id]);
      expect(tr).toEqual({ decision_id: id, tx: d.tx });
      expect(after.transfers - before.transfers).toBe(1);
    } else {
      expect(after.transfers).toBe(before.transfers);
    }
    return { res, decision: d };
  }

  it('every gated operation writes exactly one decision record, with its transfer in the same transaction', async () => {
    const partner = await w.partner();
    const topUp = await oneDecision(() =>
      t.request('POST', `/v1/partners/${partner.id}/top-ups`, { body: { amount: '500.00' } }),
    );
    expect(topUp.decision).toMatchObject({
      rule_set: 'payment',
      effect: 'allow',
      transfer_id: topUp.res.body.transferId,
      partner_id: partner.id,
    });

    const customer = await w.customer();
    const assoc = await oneDecision(() =>
      t.request('POST', '/v1/associations', {
        body: { partnerId: partner.id, customerId: customer.id, mode: 'referral' },
      }),
    );
    expect(assoc.decision).toMatchObject({
      rule_set: 'association',
      operation: 'association.associate',
      effect: 'allow',
      transfer_id: null,
    });

    const order = await oneDecision(() =>
      t.request('POST', '/v1/orders', { body: { customerId: customer.id, amount: '40.00', paymentMethod: 'online' } }),
    );
    expect(order.decision).toMatchObject({ rule_set: 'payment', transfer_id: expect.any(String) });

    const denied = await oneDecision(() =>
      t.request('POST', '/v1/adjustments', {
        body: { partnerId: partner.id, customerId: customer.id, operation: 'allocate', amount: '10.00' },
      }),
    );
    expect(denied.res.status).toBe(422);
    expect(denied.decision).toMatchObject({ rule_set: 'account-adjustment', effect: 'deny', transfer_id: null });

    const sw = await oneDecision(() =>
      t.request('POST', `/v1/associations/${assoc.res.body.id}/switch`, { body: { mode: 'resale' } }),
    );
    expect(sw.res.status).toBe(200);
    const refund = await oneDecision(() =>
      t.request('POST', `/v1/orders/${order.res.body.id}/refunds`, { body: { amount: '15.00' } }),
    );
    expect(refund.decision).toMatchObject({
      rule_set: 'refund-destination',
      effect: 'allow',
      transfer_id: refund.res.body.transferId,
    });

    const allocate = await oneDecision(() =>
      t.request('POST', '/v1/adjustments', {
        body: { partnerId: partner.id, customerId: customer.id, operation: 'allocate', amount: '30.00' },
      }),
    );
    expect(allocate.res.status).toBe(201);
    const reclaim = await oneDecision(() =>
      t.request('POST', '/v1/adjustments', {
        body: { partnerId: partner.id, customerId: customer.id, operation: 'reclaim', amount: '5.00' },
      }),
    );
    expect(reclaim.decision).toMatchObject({ effect: 'allow', transfer_id: reclaim.res.body.transferId });

    const held = await w.resaleCustomer({ partnerFunds: '50.00', customerBalance: '20.00' });
    const dis = await oneDecision(() => t.request('POST', `/v1/associations/${held.association.id}/disassociate`));
    expect(dis.res.status).toBe(200);
    expect(dis.res.body.transferId).toEqual(expect.any(String));
    expect(dis.decision.transfer_id).toBe(dis.res.body.transferId); // the resale balance swept back to the partner

    const check = await oneDecision(() =>
      t.request('POST', '/v1/rule-sets/account-adjustment/evaluate', {
        body: {
          facts: {
            operation: 'allocate',
            amount: '1.00',
            associationMode: 'resale',
            associatedWithPartner: true,
            partnerAvailable: '0.50',
            customerBalance: '0',
            adjustmentInProgress: false,
          },
        },
      }),
    );
    expect(check.decision).toMatchObject({
      operation: 'check',
      effect: 'deny',
      transfer_id: null,
      matched_rules: ['allocation-exceeds-partner-available'],
    });
  });

  it('a failure after the decision insert leaves neither the decision nor the transfer', async () => {
    const partner = await w.partner();
    const ledger = t.app.get(LedgerService);
    const spy = jest.spyOn(ledger, 'post').mockRejectedValueOnce(new Error('disk full (simulated)'));
    const before = await countRows(t.databaseUrl);
    try {
      const res = await t.request('POST', `/v1/partners/${partner.id}/top-ups`, { body: { amount: '10.00' } });
      expect(res.status).toBe(500);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
    expect(await countRows(t.databaseUrl)).toEqual(before);
    expect((await w.partnerBalances(partner.id)).cash).toBe('0.00');
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of decisions and of seals, even in direct SQL', async () => {
    await w.topUp((await w.partner()).id, '1.00');
    const [d] = await sql(t, `select id from decisions limit 1`);
    await expect(
      sql(t, `update decisions set outcome = '{"effect":"deny"}'::jsonb where id = $1`, [d.id]),
    ).rejects.toThrow(/append-only/);
    await expect(sql(t, `delete from decisions where id = $1`, [d.id])).rejects.toThrow(/append-only/);
    await expect(truncate(t, `truncate decisions cascade`)).rejects.toThrow(/append-only/);
    await t.request('GET', '/v1/decisions/verify', { key: auditor }); // seals what is committed
    const [s] = await sql(t, `select pos from decision_seals order by pos limit 1`);
    expect(s).toBeDefined();
    await expect(sql(t, `update decision_seals set hash = repeat('0', 64) where pos = $1`, [s.pos])).rejects.toThrow(
      /append-only/,
    );
    await expect(sql(t, `delete from decision_seals where pos = $1`, [s.pos])).rejects.toThrow(/append-only/);
    await expect(truncate(t, `truncate decision_seals`)).rejects.toThrow(/append-only/);
  });

  it('replays every decision of a mixed workload to the same outcome, reasons, matched rules and results', async () => {
    // A realistic mix: funded resellers, referral and resale customers, orders of every method,
    // denials, switches, disassociations, refunds to every destination, and recorded checks.
    for (let i = 0; i < 3; i++) {
      const { partner, customer, association } = await w.resaleCustomer({
        partnerFunds: '300.00',
        customerBalance: '80.00',
      });
      const paid = await w.ok('POST', '/v1/orders', {
        customerId: customer.id,
        amount: '20.00',
        paymentMethod: 'balance',
      });
      await t.request('POST', '/v1/orders', {
        body: { customerId: customer.id, amount: '999.00', paymentMethod: 'balance' },
      }); // 422
      const byPartner = await w.ok('POST', '/v1/orders', {
        customerId: customer.id,
        amount: '15.00',
        paymentMethod: 'partner_paid',
        paidByPartnerId: partner.id,
      });
      await w.ok('POST', `/v1/orders/${paid.id}/refunds`, { amount: '5.00' });
      await w.ok('POST', `/v1/orders/${byPartner.id}/refunds`, {});
      await t.request('POST', '/v1/adjustments', {
        body: { partnerId: partner.id, customerId: customer.id, operation: 'reclaim', amount: '9999.00' },
      }); // 422
      const referral = await w.customer();
      const ra = await w.associate(partner.id, referral.id, 'referral');
      const online = await w.ok('POST', '/v1/orders', {
        customerId: referral.id,
        amount: '33.00',
        paymentMethod: 'online',
      });
      await w.ok('POST', `/v1/associations/${ra.id}/switch`, { mode: 'resale' });
      await t.request('POST', `/v1/associations/${ra.id}/switch`, { body: { mode: 'referral' } }); // 422: one change per window
      await w.ok('POST', `/v1/orders/${online.id}/refunds`, { amount: '3.00' });
      await w.ok('POST', `/v1/associations/${association.id}/disassociate`);
      await w.ok('POST', `/v1/orders/${paid.id}/refunds`, {});
      await t.request('POST', '/v1/associations', {
        body: {
          partnerId: partner.id,
          customerId: (await w.customer({ flags: { internal: true } })).id,
          mode: 'resale',
        },
      }); // 422
      t.clock.advanceDays(1);
    }
    const ids = (await sql<{ id: string }>(t, `select id from decisions order by seq`)).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(60);
    const mismatches: unknown[] = [];
    for (const id of ids) {
      const res = await t.request('POST', `/v1/decisions/${id}/replay`, { key: auditor });
      expect(res.status).toBe(200);
      if (!res.body.match) mismatches.push(res.body);
    }
    expect(mismatches).toEqual([]);
    const one = await t.request('POST', `/v1/decisions/${ids[ids.length - 1]}/replay`, { key: auditor });
    expect(one.body).toMatchObject({
      match: true,
      differences: [],
      original: { outcome: expect.any(Object), reasons: expect.any(Array), matchedRules: expect.any(Array) },
      replayed: expect.any(Object),
    });
    expect(one.body.replayed).toEqual(one.body.original);
  });

  it('lists with filters and an opaque keyset cursor; bad parameters are 400 CBC.0100', async () => {
    const partner = await w.partner();
    for (let i = 0; i < 5; i++) {
      await w.topUp(partner.id, `${i + 1}.00`);
      t.clock.advanceDays(0.01);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/v1/decisions?partnerId=${partner.id}&ruleSet=payment&effect=allow&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.request('GET', q, { key: auditor });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(
        ...res.body.items.map((d: { id: string; facts?: unknown }) => {
          expect(d.facts).toBeUndefined();
          return d.id;
        }),
      );
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const times = await sql(t, `select id from decisions where partner_id = $1 order by decided_at desc, id desc`, [
      partner.id,
    ]);
    expect(seen).toEqual(times.map((r) => r.id)); // newest first, no duplicates, no gaps across pages

    const full = await t.request('GET', `/v1/decisions/${seen[0]}`, { key: auditor });
    expect(full.body).toMatchObject({
      id: seen[0],
      facts: expect.any(Object),
      results: expect.any(Array),
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      decidedAt: expect.stringMatching(/\.\d{6}Z$/),
    });
    expect(full.body).toHaveProperty('chain');

    for (const bad of [
      'limit=0',
      'limit=201',
      'limit=abc',
      'effect=maybe',
      'from=yesterday',
      'cursor=not-a-cursor',
      'partnerId=42',
      'unknown=1',
    ]) {
      const res = await t.request('GET', `/v1/decisions?${bad}`, { key: auditor });
      expect({ bad, status: res.status, code: res.body.error_code }).toEqual({ bad, status: 400, code: 'CBC.0100' });
    }
    expect((await t.request('GET', '/v1/decisions/not-a-uuid', { key: auditor })).status).toBe(400);
    expect(
      (await t.request('GET', '/v1/decisions/00000000-0000-4000-8000-000000000000', { key: auditor })).status,
    ).toBe(404);
  });

  it("a partner key sees only its own partner's decisions; an auditor reads all and can change nothing", async () => {
    const mine = await w.partner();
    const other = await w.partner();
    await w.topUp(mine.id, '10.00');
    const theirs = await w.topUp(other.id, '10.00');
    const key = await t.key('partner', mine.id);

    const list = await t.request('GET', '/v1/decisions?limit=200', { key });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((d: { partnerId: string }) => d.partnerId === mine.id)).toBe(true);
    expect((await t.request('GET', `/v1/decisions?partnerId=${other.id}`, { key })).status).toBe(403);
    expect((await t.request('GET', `/v1/decisions/${theirs.decision_id}`, { key })).status).toBe(403);
    const own = list.body.items[0].id;
    expect((await t.request('GET', `/v1/decisions/${own}`, { key })).status).toBe(200);
    expect((await t.request('POST', `/v1/decisions/${own}/replay`, { key })).status).toBe(403);
    expect((await t.request('GET', '/v1/decisions/export', { key })).status).toBe(403);

    expect((await t.request('GET', `/v1/decisions/${theirs.decision_id}`, { key: auditor })).status).toBe(200);
    const customer = await w.customer();
    for (const [url, body] of [
      [`/v1/partners/${mine.id}/top-ups`, { amount: '1.00' }],
      ['/v1/adjustments', { partnerId: mine.id, customerId: customer.id, operation: 'allocate', amount: '1.00' }],
      ['/v1/orders', { customerId: customer.id, amount: '1.00', paymentMethod: 'online' }],
    ] as const) {
      const res = await t.request('POST', url, { key: auditor, body });
      expect({ url, status: res.status, code: res.body.error_code }).toEqual({ url, status: 403, code: 'PPS.0013' });
    }
  });
});

/**
 * A TRUNCATE locks every table it reaches; the running service's sealer (its own connection) can
 * take those locks in another order, so PostgreSQL may end the statement as a deadlock (40P01)
 * before the append-only trigger refuses it. Retried then: what is asserted is the refusal.
 */
async function truncate(t: TestApp, text: string): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sql(t, text);
    } catch (e) {
      if ((e as { code?: string }).code !== '40P01' || attempt >= 10) throw e;
    }
  }
}

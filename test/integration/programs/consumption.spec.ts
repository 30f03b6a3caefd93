import Decimal from 'decimal.js';
import fc from 'fast-check';
import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

/**
 * Issue 17: consumption reports (消费明细 / 消费汇总). A partner's detail records are the orders its
 * customers placed while associated with it, net of refunds, with the sub-user that placed them;
 * the summary groups them by customer or Beijing day/month, is not a bill, and says asOf. An empty
 * window is 404 CBC.8005; a partner key reads its own partner only; other partners' customers
 * never appear.
 */
describe('consumption detail and summary over HTTP', () => {
  let t: TestApp;
  let w: World;
  let partnerId: string;
  let resale: string;
  let referral: string;
  let stranger: string;
  const orders: Record<string, string> = {};
  const path = (suffix = '') => `/v1/partners/${partnerId}/consumption${suffix}`;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    t.clock.set('2026-01-20T08:00:00Z');
    const r = await w.resaleCustomer({ partnerFunds: '1000.00', customerBalance: '500.00' });
    partnerId = r.partner.id;
    resale = r.customer.id;
    referral = (await w.customer()).id;
    await w.associate(partnerId, referral, 'referral');
    // Before any association: consumption of nobody's customer.
    const loner = await w.customer();
    await w.ok('POST', '/v1/orders', { customerId: loner.id, amount: '5.00', paymentMethod: 'online' });
    // Another partner's customer.
    const other = await w.partner();
    stranger = (await w.customer()).id;
    await w.associate(other.id, stranger, 'referral');

    const order = async (name: string, at: string, body: Record<string, unknown>) => {
      t.clock.set(at);
      orders[name] = (await w.ok('POST', '/v1/orders', body)).id;
    };
    // 23:59:59 on 31 January in Beijing, then 00:30 on 1 February in Beijing (still 31 January in UTC).
    await order('alice', '2026-01-31T15:59:59Z', {
      customerId: resale,
      amount: '100.00',
      paymentMethod: 'balance',
      subUser: 'alice',
    });
    await order('bob', '2026-01-31T16:30:00Z', {
      customerId: resale,
      amount: '50.00',
      paymentMethod: 'balance',
      subUser: 'bob',
    });
    await order('referral', '2026-01-31T17:00:00Z', { customerId: referral, amount: '80.00', paymentMethod: 'online' });
    await order('stranger', '2026-01-31T17:00:00Z', {
      customerId: stranger,
      amount: '999.00',
      paymentMethod: 'online',
    });
    t.clock.set('2026-02-02T08:00:00Z');
    await w.ok('POST', `/v1/orders/${orders.alice}/refunds`, { amount: '30.00' });
    t.clock.set('2026-02-03T08:00:00Z');
  });
  afterAll(async () => {
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
    await t.close();
  });

  it('detail: the partner’s customers’ orders, oldest first, net of refunds, with payment method, mode and sub-user', async () => {
    const res = await w.ok('GET', path());
    expect(res.items).toEqual([
      {
        orderId: orders.alice,
        customerId: resale,
        subUser: 'alice',
        orderedAt: '2026-01-31T15:59:59.000000Z',
        currency: 'CNY',
        amount: '100.00',
        refunded: '30.00',
        net: '70.00',
        paymentMethod: 'balance',
        modeAtPurchase: 'resale',
      },
      expect.objectContaining({ orderId: orders.bob, subUser: 'bob', net: '50.00', refunded: '0.00' }),
      expect.objectContaining({
        orderId: orders.referral,
        customerId: referral,
        subUser: null,
        net: '80.00',
        paymentMethod: 'online',
        modeAtPurchase: 'referral',
      }),
    ]);
    expect(res.nextCursor).toBeNull();
    expect(JSON.stringify(res)).not.toContain(stranger);
  });

  it('detail filters: one sub-user, one customer; another partner’s customer is no data (CBC.8005)', async () => {
    const alice = await w.ok('GET', path('?subUser=alice'));
    expect(alice.items.map((i: { orderId: string; net: string }) => [i.orderId, i.net])).toEqual([
      [orders.alice, '70.00'],
    ]);
    const one = await w.ok('GET', path(`?customerId=${referral}`));
    expect(one.items.map((i: { orderId: string }) => i.orderId)).toEqual([orders.referral]);
    const theirs = await t.request('GET', path(`?customerId=${stranger}`));
    expect({ status: theirs.status, code: theirs.body.error_code }).toEqual({ status: 404, code: 'CBC.8005' });
    const window = await w.ok('GET', path('?from=2026-01-31T16:00:00%2B08:00&to=2026-02-01T00:00:00%2B08:00'));
    expect(window.items.map((i: { orderId: string }) => i.orderId)).toEqual([orders.alice]);
  });

  it('keyset paging: limit 1 walks the same records with nextCursor; a forged cursor is 400', async () => {
    const all = (await w.ok('GET', path())).items;
    const seen: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: unknown[]; nextCursor: string | null } = await w.ok(
        'GET',
        path(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`),
      );
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const forged = await t.request('GET', path('?cursor=bm90LWEtY3Vyc29y'));
    expect({ status: forged.status, code: forged.body.error_code }).toEqual({ status: 400, code: 'CBC.0100' });
  });

  it('summary by customer, Beijing day and Beijing month: net of refunds, asOf, not a bill', async () => {
    const byCustomer = await w.ok('GET', path('/summary?groupBy=customer'));
    expect(byCustomer).toMatchObject({
      partnerId,
      groupBy: 'customer',
      bill: false,
      asOf: '2026-02-03T08:00:00.000Z',
      totals: [{ currency: 'CNY', orders: 3, amount: '230.00', refunded: '30.00', net: '200.00' }],
    });
    expect(byCustomer.groups).toEqual(
      expect.arrayContaining([
        { key: resale, currency: 'CNY', orders: 2, amount: '150.00', refunded: '30.00', net: '120.00' },
        { key: referral, currency: 'CNY', orders: 1, amount: '80.00', refunded: '0.00', net: '80.00' },
      ]),
    );
    expect(byCustomer.groups).toHaveLength(2);
    const byDay = await w.ok('GET', path('/summary?groupBy=day'));
    expect(byDay.timeZone).toBe('Asia/Shanghai');
    expect(byDay.groups.map((g: { key: string; net: string }) => [g.key, g.net])).toEqual([
      ['2026-01-31', '70.00'],
      ['2026-02-01', '130.00'],
    ]);
    const byMonth = await w.ok('GET', path('/summary?groupBy=month'));
    expect(byMonth.groups.map((g: { key: string; orders: number }) => [g.key, g.orders])).toEqual([
      ['2026-01', 1],
      ['2026-02', 2],
    ]);
    const defaultGroup = await w.ok('GET', path('/summary'));
    expect(defaultGroup.groupBy).toBe('customer');
  });

  it('an empty window is 404 CBC.8005 in the envelope, for the detail and the summary', async () => {
    for (const url of [path('?from=2030-01-01T00:00:00Z'), path('/summary?from=2030-01-01T00:00:00Z&groupBy=day')]) {
      const res = await t.request('GET', url);
      expect({ url, status: res.status, code: res.body.error_code }).toEqual({ url, status: 404, code: 'CBC.8005' });
      expect(res.body.error_msg).toEqual(expect.any(String));
      const zh = await t.request('GET', url, { headers: { 'accept-language': 'zh-CN' } });
      expect(zh.body.error_msg).toContain('消费子表数据为空');
    }
    const nobody = (await w.partner()).id;
    const res = await t.request('GET', `/v1/partners/${nobody}/consumption/summary`);
    expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 404, code: 'CBC.8005' });
  });

  it('a partner key reads its own partner’s reports only (403 otherwise); bad queries are 400', async () => {
    const own = await t.key('partner', partnerId);
    expect((await t.request('GET', path(), { key: own })).status).toBe(200);
    expect((await t.request('GET', path('/summary'), { key: own })).status).toBe(200);
    const other = await t.key('partner', (await w.partner()).id);
    for (const url of [path(), path('/summary')]) {
      const res = await t.request('GET', url, { key: other });
      expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 403, code: 'PPS.0014' });
    }
    expect((await t.request('GET', path(), { key: await t.key('auditor') })).status).toBe(200);
    for (const query of [
      '/summary?groupBy=week',
      '?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      '?from=2026-01-01',
      '?limit=0',
      '?limit=201',
      '?customerId=nope',
      '?unknown=1',
    ]) {
      const res = await t.request('GET', path(query));
      expect({ query, status: res.status, code: res.body.error_code }).toEqual({
        query,
        status: 400,
        code: 'CBC.0100',
      });
    }
    expect((await t.request('GET', `/v1/partners/00000000-0000-4000-8000-000000000007/consumption`)).status).toBe(404);
  });
});

describe('consumption reports agree with the orders and refunds that made them (property)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
  });
  afterAll(async () => {
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
    await t.close();
  });

  it('detail nets, sub-user filters, every page size and the summary totals all match the expected sums', async () => {
    const cents = fc.integer({ min: 1, max: 50_000 }).map((c) => (c / 100).toFixed(2));
    const orderArb = fc.record({
      customer: fc.nat(1),
      amount: cents,
      subUser: fc.constantFrom(undefined, 'alice', 'bob'),
      refundPercent: fc.constantFrom(0, 0, 25, 100),
      minutes: fc.integer({ min: 0, max: 60 * 24 * 40 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(orderArb, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        async (specs, limit) => {
          const partner = await w.partner();
          await w.topUp(partner.id, '1000000.00');
          const customers: string[] = [];
          for (let i = 0; i < 2; i++) {
            const c = await w.customer();
            await w.associate(partner.id, c.id, 'resale');
            await w.allocate(partner.id, c.id, '300000.00');
            customers.push(c.id);
          }
          const expected = new Map<string, Decimal>(); // subUser ('' for none) → net
          let total = new Decimal(0);
          for (const s of specs) {
            t.clock.set(new Date(Date.UTC(2026, 0, 1) + s.minutes * 60_000));
            const order = await w.ok('POST', '/v1/orders', {
              customerId: customers[s.customer],
              amount: s.amount,
              paymentMethod: 'balance',
              ...(s.subUser ? { subUser: s.subUser } : {}),
            });
            const refund = new Decimal(s.amount)
              .times(s.refundPercent)
              .dividedBy(100)
              .toDecimalPlaces(2, Decimal.ROUND_DOWN);
            if (refund.greaterThan(0))
              await w.ok('POST', `/v1/orders/${order.id}/refunds`, { amount: refund.toFixed(2) });
            const net = new Decimal(s.amount).minus(refund);
            expected.set(s.subUser ?? '', (expected.get(s.subUser ?? '') ?? new Decimal(0)).plus(net));
            total = total.plus(net);
          }
          t.clock.set('2026-03-01T00:00:00Z');
          const base = `/v1/partners/${partner.id}/consumption`;
          const items: Array<{ net: string; subUser: string | null }> = [];
          let cursor: string | null = null;
          do {
            const page: { items: typeof items; nextCursor: string | null } = await w.ok(
              'GET',
              `${base}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
            );
            items.push(...page.items);
            cursor = page.nextCursor;
          } while (cursor);
          expect(items).toHaveLength(specs.length);
          expect(items.reduce((sum, i) => sum.plus(i.net), new Decimal(0)).toFixed(2)).toBe(total.toFixed(2));
          for (const subUser of ['alice', 'bob']) {
            const res = await t.request('GET', `${base}?subUser=${subUser}&limit=200`);
            const want = expected.get(subUser);
            if (!want) expect(res.body.error_code).toBe('CBC.8005');
            else
              expect(
                (res.body.items as Array<{ net: string }>)
                  .reduce((sum, i) => sum.plus(i.net), new Decimal(0))
                  .toFixed(2),
              ).toBe(want.toFixed(2));
          }
          for (const groupBy of ['customer', 'day', 'month']) {
            const summary = await w.ok('GET', `${base}/summary?groupBy=${groupBy}`);
            expect(summary.totals).toEqual([expect.objectContaining({ orders: specs.length, net: total.toFixed(2) })]);
            expect(
              (summary.groups as Array<{ net: string }>).reduce((sum, g) => sum.plus(g.net), new Decimal(0)).toFixed(2),
            ).toBe(total.toFixed(2));
          }
        },
      ),
      { numRuns: 6, seed: 17 },
    );
    t.clock.set('2026-01-15T08:00:00Z');
  }, 120_000);
});

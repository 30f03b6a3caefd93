import fc from 'fast-check';
import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

const amount = fc
  .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 99 }))
  .map(([units, cents]) => `${units}.${String(cents).padStart(2, '0')}`);

const op = fc.oneof(
  fc.record({ kind: fc.constant('topUp' as const), p: fc.nat(2), amount }),
  fc.record({ kind: fc.constant('adjust' as const), p: fc.nat(2), c: fc.nat(3), operation: fc.constantFrom('allocate', 'reclaim'), amount }),
  fc.record({ kind: fc.constant('associate' as const), p: fc.nat(2), c: fc.nat(3), mode: fc.constantFrom('referral', 'resale') }),
  fc.record({ kind: fc.constant('switch' as const), c: fc.nat(3), mode: fc.constantFrom('referral', 'resale') }),
  fc.record({ kind: fc.constant('disassociate' as const), c: fc.nat(3) }),
  fc.record({ kind: fc.constant('order' as const), c: fc.nat(3), p: fc.nat(2), method: fc.constantFrom('online', 'balance', 'partner_paid'), amount }),
  fc.record({ kind: fc.constant('refund' as const), o: fc.nat(20), amount: fc.option(amount, { nil: undefined }) }),
);

/**
 * Random sequences of every money operation over a few partners and customers: whatever is
 * accepted or refused, the ledger's invariants hold afterwards and no request gets a 5xx.
 */
describe('ledger invariants under random operation sequences (property)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
  });
  afterAll(() => t.close());

  it('sum of balances is zero, accounts equal their legs, no floor is crossed, every transfer has its allow decision', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
        const partners: string[] = [];
        for (let i = 0; i < 3; i++) partners.push((await w.partner({ creditLimit: i === 0 ? '50.00' : '0' })).id);
        const customers: string[] = [];
        for (let i = 0; i < 4; i++) customers.push((await w.customer()).id);
        const orders: string[] = [];
        for (const o of ops) {
          let res;
          const customerId = 'c' in o ? customers[o.c] : undefined;
          const association = customerId ? (await w.customerView(customerId)).association : null;
          switch (o.kind) {
            case 'topUp':
              res = await t.request('POST', `/v1/partners/${partners[o.p]}/top-ups`, { body: { amount: o.amount } });
              break;
            case 'adjust':
              res = await t.request('POST', '/v1/adjustments', { body: { partnerId: partners[o.p], customerId, operation: o.operation, amount: o.amount } });
              break;
            case 'associate':
              res = await t.request('POST', '/v1/associations', { body: { partnerId: partners[o.p], customerId, mode: o.mode } });
              break;
            case 'switch':
              if (!association) continue;
              res = await t.request('POST', `/v1/associations/${association.id}/switch`, { body: { mode: o.mode } });
              break;
            case 'disassociate':
              if (!association) continue;
              res = await t.request('POST', `/v1/associations/${association.id}/disassociate`);
              break;
            case 'order':
              res = await t.request('POST', '/v1/orders', {
                body: { customerId, amount: o.amount, paymentMethod: o.method, ...(o.method === 'partner_paid' ? { paidByPartnerId: partners[o.p] } : {}) },
              });
              if (res.status === 201) orders.push(res.body.id);
              break;
            case 'refund':
              if (orders.length === 0) continue;
              res = await t.request('POST', `/v1/orders/${orders[o.o % orders.length]}/refunds`, { body: o.amount ? { amount: o.amount } : {} });
              break;
          }
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(res.body.error_code).toEqual(expect.any(String));
        }
        expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
      }),
      { numRuns: 12, seed: Number(process.env.PPS_FC_SEED ?? Date.now() % 100000) },
    );
  }, 120_000);
});

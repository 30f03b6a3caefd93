import fc from 'fast-check';
import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

const amount = fc
  .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 99 }))
  .map(([units, cents]) => `${units}.${String(cents).padStart(2, '0')}`);

const op = fc.oneof(
  fc.record({ kind: fc.constant('topUp' as const), p: fc.nat(2), amount }),
  fc.record({
    kind: fc.constant('adjust' as const),
    p: fc.nat(2),
    c: fc.nat(3),
    operation: fc.constantFrom('allocate', 'reclaim'),
    amount,
  }),
  fc.record({
    kind: fc.constant('associate' as const),
    p: fc.nat(2),
    c: fc.nat(3),
    mode: fc.constantFrom('referral', 'resale'),
  }),
  fc.record({ kind: fc.constant('switch' as const), c: fc.nat(3), mode: fc.constantFrom('referral', 'resale') }),
  fc.record({ kind: fc.constant('disassociate' as const), c: fc.nat(3) }),
  fc.record({
    kind: fc.constant('order' as const),
    c: fc.nat(3),
    p: fc.nat(2),
    method: fc.constantFrom('online', 'balance', 'partner_paid'),
    amount,
  }),
  fc.record({ kind: fc.constant('refund' as const), o: fc.nat(20), amount: fc.option(amount, { nil: undefined }) }),
  fc.record({
    kind: fc.constant('accrue' as const),
    p: fc.nat(2),
    amount,
    mode: fc.constantFrom('referral', 'resale'),
    generatedAt: fc.constantFrom('2023-09-30T00:00:00Z', '2023-10-01T00:00:00Z'),
  }),
  fc.record({
    kind: fc.constant('payout' as const),
    i: fc.nat(20),
    method: fc.constantFrom('credit_with_owed_invoice', 'voucher_quota', 'credit_withdrawable', 'bank_transfer'),
  }),
  fc.record({ kind: fc.constant('settle' as const), i: fc.nat(20), approve: fc.boolean() }),
  fc.record({ kind: fc.constant('grant' as const), amount }),
  fc.record({ kind: fc.constant('voucher' as const), p: fc.nat(2), c: fc.nat(3), amount }),
  fc.record({ kind: fc.constant('reclaimVoucher' as const), v: fc.nat(20) }),
  fc.record({ kind: fc.constant('voucherOrder' as const), c: fc.nat(3), amount }),
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

  it('sum of balances is zero, accounts equal their legs, no floor is crossed, every transfer has its allow decision, reserves match pending payouts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 30 }), async (ops) => {
        const partners: string[] = [];
        const distributor = (await w.partner({ kind: 'distributor', realName: 'D' })).id;
        for (let i = 0; i < 3; i++) {
          const kind = i === 2 ? 'solution_provider' : 'reseller';
          partners.push(
            (
              await w.partner({
                kind,
                realName: `P${i}`,
                bankAccount: { holderName: `P${i}`, number: '11112222333' },
                creditLimit: i === 0 ? '50.00' : '0',
                ...(i === 0 ? { distributorId: distributor } : {}),
              })
            ).id,
          );
        }
        const incentives: string[] = [];
        const payouts: string[] = [];
        const vouchers: string[] = [];
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
              res = await t.request('POST', '/v1/adjustments', {
                body: { partnerId: partners[o.p], customerId, operation: o.operation, amount: o.amount },
              });
              break;
            case 'associate':
              res = await t.request('POST', '/v1/associations', {
                body: { partnerId: partners[o.p], customerId, mode: o.mode },
              });
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
                body: {
                  customerId,
                  amount: o.amount,
                  paymentMethod: o.method,
                  ...(o.method === 'partner_paid' ? { paidByPartnerId: partners[o.p] } : {}),
                },
              });
              if (res.status === 201) orders.push(res.body.id);
              break;
            case 'refund':
              if (orders.length === 0) continue;
              res = await t.request('POST', `/v1/orders/${orders[o.o % orders.length]}/refunds`, {
                body: o.amount ? { amount: o.amount } : {},
              });
              break;
            case 'accrue':
              res = await t.request('POST', '/v1/incentives', {
                body: { partnerId: partners[o.p], amount: o.amount, mode: o.mode, generatedAt: o.generatedAt },
              });
              if (res.status === 201) incentives.push(res.body.id);
              break;
            case 'payout':
              if (incentives.length === 0) continue;
              res = await t.request('POST', `/v1/incentives/${incentives[o.i % incentives.length]}/payouts`, {
                body: { method: o.method },
              });
              if (res.status === 201 && res.body.status === 'pending') payouts.push(res.body.id);
              break;
            case 'settle':
              if (payouts.length === 0) continue;
              res = await t.request(
                'POST',
                `/v1/payouts/${payouts[o.i % payouts.length]}/${o.approve ? 'approve' : 'reject'}`,
              );
              break;
            case 'grant':
              res = await t.request('POST', '/v1/voucher-quota-grants', {
                body: { distributorId: distributor, resellerId: partners[0], amount: o.amount },
              });
              break;
            case 'voucher':
              res = await t.request('POST', '/v1/vouchers', {
                body: { partnerId: partners[o.p], customerId, amount: o.amount },
              });
              if (res.status === 201) vouchers.push(res.body.id);
              break;
            case 'reclaimVoucher':
              if (vouchers.length === 0) continue;
              res = await t.request('POST', `/v1/vouchers/${vouchers[o.v % vouchers.length]}/reclaim`);
              break;
            case 'voucherOrder':
              res = await t.request('POST', '/v1/orders', {
                body: { customerId, amount: o.amount, paymentMethod: 'voucher' },
              });
              break;
          }
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(res.body.error_code).toEqual(expect.any(String));
        }
        expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
        // A reserved (pending) bank payout is never spendable: it sits in the pending account only.
        const pending = await t.app
          .get((await import('@mikro-orm/postgresql')).EntityManager)
          .fork()
          .execute<Array<{ ok: boolean }>>(
            `select coalesce((select sum(amount) from payouts where status in ('pending', 'sending')), 0) =
                    coalesce((select sum(balance) from accounts where kind = 'partner_payout_pending'), 0) as ok`,
          );
        expect(pending[0].ok).toBe(true);
      }),
      { numRuns: 10, seed: Number(process.env.PPS_FC_SEED ?? Date.now() % 100000) },
    );
  }, 120_000);
});

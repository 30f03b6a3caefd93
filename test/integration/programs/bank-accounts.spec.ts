import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

/**
 * Issue 14: a bank account number was not checked at all. Numbers are digits (spaces between groups
 * allowed), 8–30 of them, and a UnionPay card number (16–19 digits from 62) passes its Luhn check
 * digit; the approver's view of a bank-transfer payout shows the account masked but its last 4.
 */
describe('bank accounts: validated at input, masked in the payout view', () => {
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

  const NAME = '杭州某某科技有限公司';
  const BAD = [
    'abc',
    '6222-0200-0000-0015', // separators other than spaces
    '1234567', // 7 digits
    '1'.repeat(31),
    '6222020000000016', // UnionPay card number with a wrong check digit
    '62220200000000001', // 17 digits from 62, Luhn fails
    '１２３４５６７８９', // full-width digits
    '',
  ];

  it.each(BAD)('a partner with bank account number %p → 400 CBC.0100 naming bankAccount.number', async (number) => {
    const res = await t.request('POST', '/v1/partners', {
      body: { name: 'P', kind: 'reseller', realName: NAME, bankAccount: { holderName: NAME, number } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('CBC.0100');
    expect(JSON.stringify(res.body.details)).toContain('bankAccount.number');
  });

  it.each(['6222020000000015', '6222 0200 0000 0015', '6217000010010000001', '11050163360000000123', '31001500010050'])(
    'accepts %p',
    async (number) => {
      const res = await t.request('POST', '/v1/partners', {
        body: { name: 'P', kind: 'reseller', realName: NAME, bankAccount: { holderName: NAME, number } },
      });
      expect(res.status).toBe(201);
    },
  );

  it('a payout request with a bad account number → 400, nothing reserved', async () => {
    const partner = await w.partner({ realName: NAME });
    const inc = await w.ok('POST', '/v1/incentives', {
      partnerId: partner.id,
      amount: '100.00',
      mode: 'referral',
      generatedAt: '2024-03-01T00:00:00Z',
    });
    const res = await t.request('POST', `/v1/incentives/${inc.id}/payouts`, {
      body: { method: 'bank_transfer', bankAccount: { holderName: NAME, number: '6222020000000016' } },
    });
    expect(res).toMatchObject({ status: 400, body: { error_code: 'CBC.0100' } });
    expect(await w.partnerBalances(partner.id)).toMatchObject({ incentive: '100.00', payoutPending: '0.00' });
  });

  it('the approval view of a bank transfer shows the destination masked but its last 4 digits', async () => {
    const partner = await w.partner({
      realName: NAME,
      bankAccount: { holderName: NAME, number: '6222 0200 0000 0015' },
    });
    const inc = await w.ok('POST', '/v1/incentives', {
      partnerId: partner.id,
      amount: '80.00',
      mode: 'referral',
      generatedAt: '2024-03-01T00:00:00Z',
    });
    const requested = await t.request('POST', `/v1/incentives/${inc.id}/payouts`, {
      body: { method: 'bank_transfer' },
    });
    expect(requested.status).toBe(201);
    const destination = { holderName: NAME, accountNumber: '************0015' };
    expect(requested.body).toMatchObject({ status: 'pending', destination });

    const view = await t.request('GET', `/v1/payouts/${requested.body.id}`);
    expect(view.body).toMatchObject({ id: requested.body.id, status: 'pending', amount: '80.00', destination });
    expect(view.text).not.toContain('6222020000000015');
    expect(view.text).not.toContain('622202');

    const own = await t.key('partner', partner.id);
    expect((await t.request('GET', `/v1/payouts/${requested.body.id}`, { key: own })).status).toBe(200);
    const other = await t.key('partner', (await w.partner()).id);
    expect((await t.request('GET', `/v1/payouts/${requested.body.id}`, { key: other })).status).toBe(403);

    const approved = await t.request('POST', `/v1/payouts/${requested.body.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'sending', destination });
    expect(approved.text).not.toContain('6222020000000015');
  });
});

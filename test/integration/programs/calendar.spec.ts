import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

const OLD_METHODS = ['bank_transfer', 'credit_withdrawable', 'voucher_quota'];
const NEW_METHODS = ['credit_with_owed_invoice', 'voucher_quota'];

/**
 * Issue 17: the program's calendar is Beijing time (DOMAIN.md "The program's calendar"). The
 * shipped versions that declare `timeZone: Asia/Shanghai` (incentive-payout 1.1.0, association
 * 1.1.0) are the ones a new database activates; the UTC versions (1.0.0) keep their semantics for
 * the decisions they made. Every boundary is tested on both sides at +08:00, and every decision
 * made here replays equal against its own version.
 */
describe('the program calendar in Beijing time (timeZone rule parameter) over HTTP', () => {
  let t: TestApp;
  let w: World;
  const decisions: string[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
  });
  afterAll(async () => {
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
    await t.close();
  });

  async function incentive(body: Record<string, unknown>) {
    const partner = await w.partner({
      realName: '杭州某某科技有限公司',
      bankAccount: { holderName: '杭州某某科技有限公司', number: '6222000011112223' },
    });
    const inc = await w.ok('POST', '/v1/incentives', {
      partnerId: partner.id,
      amount: '100.00',
      mode: 'resale',
      generatedAt: '2024-03-01T00:00:00+08:00',
      ...body,
    });
    decisions.push(inc.decision_id);
    return { partner, incentive: inc };
  }

  async function options(id: string) {
    const res = await w.ok('GET', `/v1/incentives/${id}/payout-options`);
    decisions.push(res.decision_id);
    return res;
  }

  it('a new database runs the zoned versions (incentive-payout, association, deal-registration 1.1.0: timeZone Asia/Shanghai)', async () => {
    const sets = (await w.ok('GET', '/v1/rule-sets')) as Array<{ ruleSet: string; activeVersion: string }>;
    const active = Object.fromEntries(sets.map((s) => [s.ruleSet, s.activeVersion]));
    expect(active).toMatchObject({ 'incentive-payout': '1.1.0', association: '1.1.0', 'deal-registration': '1.1.0' });
    const file = await w.ok('GET', '/v1/rule-sets/incentive-payout/versions/1.1.0');
    expect(JSON.stringify(file)).toContain('Asia/Shanghai');
  });

  it('2023-09-30T23:59:59+08:00 → the old methods; 2023-10-01T00:00:00+08:00 → the new ones (also written in UTC)', async () => {
    const before = await incentive({ generatedAt: '2023-09-30T23:59:59+08:00' });
    expect((await options(before.incentive.id)).methods).toEqual(OLD_METHODS);
    const lastMs = await incentive({ generatedAt: '2023-09-30T15:59:59.999Z' });
    expect((await options(lastMs.incentive.id)).methods).toEqual(OLD_METHODS);
    const first = await incentive({ generatedAt: '2023-10-01T00:00:00+08:00' });
    const firstOptions = await options(first.incentive.id);
    expect(firstOptions).toMatchObject({ methods: NEW_METHODS, requiresInvoice: { credit_with_owed_invoice: false } });
    const sameInstant = await incentive({ generatedAt: '2023-09-30T16:00:00Z' });
    expect((await options(sameInstant.incentive.id)).methods).toEqual(NEW_METHODS);
    // The decision shows the cut-off as the instant the Beijing day starts.
    const record = await w.ok('GET', `/v1/decisions/${firstOptions.decision_id}`);
    expect(record.version).toBe('1.1.0');
    expect(JSON.stringify(record.results)).toContain('2023-10-01T00:00:00+08:00');
    // A payout of the new regime's incentive by bank transfer is refused.
    const bank = await t.request('POST', `/v1/incentives/${first.incentive.id}/payouts`, {
      body: {
        method: 'bank_transfer',
        bankAccount: { holderName: '杭州某某科技有限公司', number: '6222000011112223' },
      },
    });
    expect(bank.status).toBe(422);
    expect(bank.body.error_code).toBe('PPS.2004');
    decisions.push(bank.body.decision_id);
  });

  it('the published UTC version 1.0.0 keeps its semantics: 2023-10-01T00:00:00+08:00 is still September there', async () => {
    const facts = {
      mode: 'resale',
      generatedAt: '2023-10-01T00:00:00+08:00',
      now: '2024-06-01T00:00:00+08:00',
      frozen: false,
      partnerExited: false,
    };
    const old = await w.ok('POST', '/v1/rule-sets/incentive-payout/evaluate', { facts, version: '1.0.0' });
    expect(old).toMatchObject({ version: '1.0.0', outcome: { effect: 'allow', value: { methods: OLD_METHODS } } });
    const zoned = await w.ok('POST', '/v1/rule-sets/incentive-payout/evaluate', { facts, version: '1.1.0' });
    expect(zoned).toMatchObject({ version: '1.1.0', outcome: { effect: 'allow', value: { methods: NEW_METHODS } } });
    decisions.push(old.decision_id, zoned.decision_id);
  });

  it('void 1 year after exit, in Beijing calendar months: left 2024-02-29T00:00+08:00 → payable at 2025-02-27T23:59:59+08:00, void at 2025-02-28T00:00:00+08:00', async () => {
    const { partner: leaver, incentive: late } = await incentive({});
    const { partner: other, incentive: inTime } = await incentive({});
    for (const partner of [leaver, other])
      await w.ok('POST', `/v1/partners/${partner.id}/exit`, { exitedAt: '2024-02-29T00:00:00+08:00' });

    t.clock.set('2025-02-28T00:00:00+08:00'); // UTC months would say 2025-03-01T00:00+08:00
    const voidRes = await t.request('POST', `/v1/incentives/${late.id}/payouts`, { body: { method: 'voucher_quota' } });
    expect({ status: voidRes.status, code: voidRes.body.error_code }).toEqual({ status: 422, code: 'PPS.2002' });
    decisions.push(voidRes.body.decision_id);

    t.clock.set('2025-02-27T23:59:59+08:00');
    const paid = await t.request('POST', `/v1/incentives/${inTime.id}/payouts`, { body: { method: 'voucher_quota' } });
    expect(paid.status).toBe(201);
    decisions.push(paid.body.decision_id);

    // Under the UTC version the same facts were still payable: the difference is the calendar.
    const record = await w.ok('GET', `/v1/decisions/${voidRes.body.decision_id}`);
    const old = await w.ok('POST', '/v1/rule-sets/incentive-payout/evaluate', {
      facts: record.facts,
      version: '1.0.0',
    });
    expect(old.outcome.effect).toBe('allow');
    decisions.push(old.decision_id);
    t.clock.set('2026-01-15T08:00:00Z');
  });

  it('1 change per 3 Beijing calendar months: now 2024-05-31T00:00+08:00 — a switch at 2024-02-29T00:00:00+08:00 is out of the window, one at 00:00:01 is in', async () => {
    async function switchedAt(at: string) {
      t.clock.set('2024-01-10T12:00:00+08:00');
      const partner = await w.partner();
      const customer = await w.customer();
      const a = await w.associate(partner.id, customer.id, 'referral');
      decisions.push(a.decision_id as string);
      t.clock.set(at);
      const first = await t.request('POST', `/v1/associations/${a.id}/switch`, { body: { mode: 'resale' } });
      expect(first.status).toBe(200);
      decisions.push(first.body.decision_id);
      return a;
    }
    const outside = await switchedAt('2024-02-29T00:00:00+08:00');
    const inside = await switchedAt('2024-02-29T00:00:01+08:00');

    t.clock.set('2024-05-31T00:00:00+08:00'); // 3 months back in Beijing: 2024-02-29T00:00+08:00 (May 31 → Feb 29)
    const allowed = await t.request('POST', `/v1/associations/${outside.id}/switch`, { body: { mode: 'referral' } });
    expect(allowed.status).toBe(200);
    decisions.push(allowed.body.decision_id);
    const denied = await t.request('POST', `/v1/associations/${inside.id}/switch`, { body: { mode: 'referral' } });
    expect({ status: denied.status, code: denied.body.error_code }).toEqual({ status: 422, code: 'PPS.1201' });
    decisions.push(denied.body.decision_id);
    // The UTC window (3 months back from 2024-05-30T16:00Z = 2024-02-29T16:00Z) would have allowed it.
    const record = await w.ok('GET', `/v1/decisions/${denied.body.decision_id}`);
    expect(record.version).toBe('1.1.0');
    expect(record.facts.modeChangesInWindow).toBe(1);
    t.clock.set('2026-01-15T08:00:00Z');
  });

  it('every decision made here replays equal against its own version', async () => {
    expect(decisions.length).toBeGreaterThan(15);
    for (const id of decisions) {
      expect(id).toEqual(expect.any(String));
      const replay = await w.ok('POST', `/v1/decisions/${id}/replay`);
      expect({ id, match: replay.match, differences: replay.differences }).toEqual({
        id,
        match: true,
        differences: [],
      });
    }
  });
});

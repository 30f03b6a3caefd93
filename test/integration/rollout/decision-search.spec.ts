import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';

/** Decision search by a partner's or a customer's name (part of it, any case), as well as by id. */
describe('GET /v1/decisions?partnerName=&customerName=', () => {
  let t: TestApp;
  let w: World;
  let alpha: string;
  let beta: string;
  let zhang: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    alpha = (await w.partner({ name: 'Alpha Cloud', realName: 'Alpha Cloud Ltd' })).id;
    beta = (await w.partner({ name: 'Beta Systems', realName: '100% Beta' })).id;
    await w.topUp(alpha, '50.00');
    await w.topUp(beta, '50.00');
    zhang = (await w.customer({ name: 'Zhang Wei' })).id;
    const other = (await w.customer({ name: 'Li Na' })).id;
    await w.associate(alpha, zhang, 'referral');
    await w.associate(beta, other, 'referral');
  });
  afterAll(async () => {
    await t.close();
  });

  const search = async (query: Record<string, string>) => {
    const res = await t.request('GET', `/v1/decisions?${new URLSearchParams(query).toString()}`);
    expect(res.status).toBe(200);
    return res.body.items as Array<{ partnerId: string | null; customerId: string | null }>;
  };

  it('finds by part of the partner name or real name, and by part of the customer name, case-insensitively', async () => {
    const byAlpha = await search({ partnerName: 'alpha' });
    expect(byAlpha.length).toBeGreaterThanOrEqual(2);
    expect(new Set(byAlpha.map((d) => d.partnerId))).toEqual(new Set([alpha]));
    expect(new Set((await search({ partnerName: 'cloud ltd' })).map((d) => d.partnerId))).toEqual(new Set([alpha]));
    const byZhang = await search({ customerName: 'ZHANG' });
    expect(byZhang.length).toBeGreaterThanOrEqual(1);
    expect(new Set(byZhang.map((d) => d.customerId))).toEqual(new Set([zhang]));
    expect(await search({ partnerName: 'alpha', customerName: 'li na' })).toEqual([]);
  });

  it('treats % and _ literally; an empty name is 400', async () => {
    expect(new Set((await search({ partnerName: '100%' })).map((d) => d.partnerId))).toEqual(new Set([beta]));
    expect(await search({ partnerName: '%' })).toHaveLength((await search({ partnerName: '100%' })).length);
    expect(await search({ customerName: '_' })).toEqual([]);
    expect((await t.request('GET', '/v1/decisions?partnerName=')).status).toBe(400);
  });
});

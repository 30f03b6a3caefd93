import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { checkLedgerInvariants, NO_VIOLATIONS } from '../../support/ledger-invariants';
import { startTestApp, type TestApp } from '../../support/test-app';
import { World } from '../../support/world';
import { redactUrl } from '@pps/platform';

/**
 * Issue 14: inputs that answered 500 or 503 (or moved money) answer 400 CBC.0100 by one mechanism
 * (strict instants, no NUL or lone surrogates, no prototype-named fields, JSON object bodies only,
 * signed cursors), and framework-level errors come in the envelope.
 */
describe('strict input over HTTP', () => {
  let t: TestApp;
  let w: World;
  let db: Client;
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
    await db.end();
    await t.close();
  });

  const counts = async () =>
    (
      await db.query(
        `select (select count(*) from transfers)::int as transfers, (select count(*) from decisions)::int as decisions,
                (select count(*) from customers)::int as customers, (select count(*) from partners)::int as partners`,
      )
    ).rows[0];

  function expectBadInput(res: { status: number; body: { error_code?: string } }, what: string) {
    expect({ what, status: res.status, code: res.body?.error_code }).toEqual({ what, status: 400, code: 'CBC.0100' });
  }

  const ODD_DATES = [
    '20240101T000000Z', // basic format
    '2024-W01-1', // week date
    '2024-W01-1T00:00:00Z',
    '2024-001T00:00:00Z', // ordinal date
    '2026-02-30T00:00:00Z', // no such day
    '2026-01-15T24:00:00Z',
    '2026-01-15T08:00Z', // no seconds
    '2026-01-15T08:00:00', // no offset
    '2026-01-15 08:00:00Z', // no T
    '2026-01-15T08:00:00+0800', // offset without colon
    '2026-01-15',
  ];

  it.each(ODD_DATES)(
    'a date that is not an RFC 3339 instant with an offset (%s) → 400 in every date field',
    async (date) => {
      const partner = (await w.partner()).id;
      const before = await counts();
      expectBadInput(await t.request('GET', `/v1/decisions?from=${encodeURIComponent(date)}`), 'decisions from');
      expectBadInput(await t.request('GET', `/v1/decisions?to=${encodeURIComponent(date)}`), 'decisions to');
      expectBadInput(await t.request('GET', `/v1/decisions/export?from=${encodeURIComponent(date)}`), 'export from');
      expectBadInput(await t.request('POST', '/v1/customers', { body: { name: 'C', createdAt: date } }), 'createdAt');
      expectBadInput(
        await t.request('POST', '/v1/incentives', {
          body: { partnerId: partner, amount: '10.00', mode: 'resale', generatedAt: date },
        }),
        'generatedAt',
      );
      expectBadInput(
        await t.request('POST', '/v1/rule-sets/payment/activate', {
          body: { version: '1.1.0', reason: 'x', effectiveFrom: date },
        }),
        'effectiveFrom',
      );
      expectBadInput(
        await t.request('POST', '/v1/rule-sets/payment/impact', { body: { version: '1.1.0', from: date } }),
        'impact from',
      );
      expect(await counts()).toEqual(before);
    },
  );

  it('strict instants with an offset are accepted', async () => {
    for (const date of ['2026-01-15T08:00:00Z', '2026-01-15T16:00:00.123+08:00', '2024-02-29T00:00:00-05:30']) {
      expect((await t.request('GET', `/v1/decisions?from=${encodeURIComponent(date)}`)).status).toBe(200);
    }
  });

  it('a NUL or a lone surrogate in the query, a path parameter or the body → 400 (never 500/503), nothing written', async () => {
    const before = await counts();
    expectBadInput(await t.request('GET', '/v1/decisions?ruleSet=a%00b'), 'NUL in query');
    expectBadInput(await t.request('GET', '/v1/rule-sets/pay%00ment/versions'), 'NUL in path');
    expectBadInput(await t.request('POST', '/v1/customers', { body: { name: 'a\u0000b' } }), 'NUL in customer name');
    expectBadInput(
      await t.request('POST', '/v1/partners', { body: { name: 'P\u0000', kind: 'reseller', realName: 'R' } }),
      'NUL in partner name',
    );
    expectBadInput(
      await t.request('POST', '/v1/deal-registrations', {
        body: { partnerId: (await w.partner()).id, prospect: { name: 'x\u0000', taxId: 'TAX-00001' } },
      }),
      'NUL in nested prospect',
    );
    const afterPartner = await counts();
    expectBadInput(
      await t.request('POST', '/v1/customers', { body: '{"name":"\\ud800x"}' }),
      'lone high surrogate in body',
    );
    expectBadInput(await t.request('POST', '/v1/customers', { body: '{"name":"x\\udc00"}' }), 'lone low surrogate');
    expectBadInput(await t.request('POST', '/v1/customers', { body: '{"na\\u0000me":"x"}' }), 'NUL in a key');
    // a well-formed pair (an emoji) is fine
    expect((await t.request('POST', '/v1/customers', { body: '{"name":"\\ud83d\\ude42"}' })).status).toBe(201);
    expect((await counts()).customers).toBe(afterPartner.customers + 1);
    expect(before.transfers).toBe(afterPartner.transfers);
  });

  it.each(['prototype', 'toString', 'hasOwnProperty', 'constructor', 'valueOf', '__proto__', 'isPrototypeOf'])(
    'an unknown field named %s is refused (400), at the top and nested',
    async (name) => {
      const before = await counts();
      expectBadInput(await t.request('POST', '/v1/customers', { body: `{"name":"C","${name}":1}` }), `top ${name}`);
      expectBadInput(
        await t.request('POST', '/v1/customers', { body: `{"name":"C","flags":{"${name}":true}}` }),
        `nested ${name}`,
      );
      expectBadInput(await t.request('GET', `/v1/decisions?${name}=1`), `query ${name}`);
      expect(await counts()).toEqual(before);
    },
  );

  it('only application/json bodies: form-urlencoded, text/plain, none → 415 and no money moves', async () => {
    const partner = await w.partner();
    const before = await counts();
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await t.request('POST', `/v1/partners/${partner.id}/top-ups`, {
        body: type.startsWith('application/x-www') ? 'amount=30.00' : '{"amount":"30.00"}',
        headers: { 'content-type': type },
      });
      expect({ type, status: res.status, code: res.body?.error_code }).toEqual({
        type,
        status: 415,
        code: 'PPS.0415',
      });
    }
    const noType = await t.app.inject({
      method: 'POST',
      url: `/v1/partners/${partner.id}/top-ups`,
      payload: Buffer.from('{"amount":"30.00"}'),
      headers: { authorization: `Bearer ${t.adminKey}` },
    });
    expect(noType.statusCode).toBe(415);
    expect(await counts()).toEqual(before);
    expect((await w.partnerBalances(partner.id)).cash).toBe('0.00');
    // application/json with a charset is JSON
    expect(
      (
        await t.request('POST', `/v1/partners/${partner.id}/top-ups`, {
          body: { amount: '1.00' },
          headers: { 'content-type': 'application/json; charset=utf-8' },
        })
      ).status,
    ).toBe(201);
  });

  it('a null body (or a bare string, number, array) → 400: a refund with body null refunds nothing', async () => {
    const customer = await w.customer();
    const order = await w.ok('POST', '/v1/orders', {
      customerId: customer.id,
      amount: '25.00',
      paymentMethod: 'online',
    });
    const before = await counts();
    for (const body of ['null', '"x"', '1', '[]', 'true']) {
      expectBadInput(await t.request('POST', `/v1/orders/${order.id}/refunds`, { body }), `body ${body}`);
    }
    expect(await counts()).toEqual(before);
    expect((await w.customerView(customer.id)).balance).toBe('0.00');
  });

  it('cursors are signed: a forged or edited one → 400, the issued one pages on', async () => {
    for (let i = 0; i < 3; i++) await w.customer();
    await w.partner();
    await w.partner();
    await w.partner();
    const first = await t.request('GET', '/v1/decisions?limit=1');
    expect(first.status).toBe(200);
    const cursor = first.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const second = await t.request('GET', `/v1/decisions?limit=1&cursor=${encodeURIComponent(cursor)}`);
    expect(second.status).toBe(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);

    const forged = Buffer.from(
      JSON.stringify({ t: '2026-02-30T00:00:00.000000Z', i: '6f1c2a52-8a8e-4d4e-9f0e-1d2f3a4b5c6d' }),
    ).toString('base64url');
    expectBadInput(await t.request('GET', `/v1/decisions?cursor=${forged}`), 'forged unsigned cursor');
    const [payload, signature] = cursor.split('.');
    const edited = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), t: '2026-02-30T00:00:00.000000Z' }),
    ).toString('base64url');
    expectBadInput(await t.request('GET', `/v1/decisions?cursor=${edited}.${signature}`), 'edited cursor');
  });

  it("a top-up or an order above the payment rule set's maximum is denied (422 CBC.0100, recorded); the maximum itself passes", async () => {
    const partner = await w.partner();
    const over = await t.request('POST', `/v1/partners/${partner.id}/top-ups`, { body: { amount: '10000000.01' } });
    expect(over).toMatchObject({ status: 422, body: { error_code: 'CBC.0100', decision_id: expect.any(String) } });
    const huge = await t.request('POST', `/v1/partners/${partner.id}/top-ups`, {
      body: { amount: '9999999999999999.99' },
    });
    expect(huge.status).toBe(422);
    expect((await w.partnerBalances(partner.id)).cash).toBe('0.00');
    expect(
      (await t.request('POST', `/v1/partners/${partner.id}/top-ups`, { body: { amount: '10000000.00' } })).status,
    ).toBe(201);
    const customer = await w.customer();
    const order = await t.request('POST', '/v1/orders', {
      body: { customerId: customer.id, amount: '9999999999999999.99', paymentMethod: 'online' },
    });
    expect(order).toMatchObject({ status: 422, body: { error_code: 'CBC.0100' } });
    const decision = (await t.request('GET', `/v1/decisions/${over.body.decision_id}`)).body;
    expect(decision).toMatchObject({ ruleSet: 'payment', version: '1.2.0', matchedRules: ['top-up-above-maximum'] });
  });

  it('/docs, /docs-json and what Swagger serves are public; other routes still need a key', async () => {
    for (const url of ['/docs', '/docs-json', '/docs?x=1', '/docs-json?x=1', '/docs-yaml']) {
      const res = await t.request('GET', url, { key: null });
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
    }
    const json = await t.request('GET', '/docs-json', { key: null });
    expect(json.body.openapi).toEqual(expect.any(String));
    for (const url of ['/v1/decisions', '/v1/decisions?x=/docs', '/v1/rule-sets', '/v1/rule-sets?/docs-json']) {
      const res = await t.request('GET', url, { key: null });
      expect({ url, status: res.status }).toEqual({ url, status: 401 });
    }
    // keys only in the Authorization header
    expect((await t.request('GET', `/v1/rule-sets?api_key=${t.adminKey}`, { key: null })).status).toBe(401);
  });

  it('logged URLs hide secret-looking query values', () => {
    expect(redactUrl('/v1/rule-sets?api_key=pps_abc&limit=2')).toBe('/v1/rule-sets?api_key=[redacted]&limit=2');
    expect(redactUrl('/x?token=1&access_token=2&password=3&ruleSet=payment')).toBe(
      '/x?token=[redacted]&access_token=[redacted]&password=[redacted]&ruleSet=payment',
    );
    expect(redactUrl('/v1/decisions')).toBe('/v1/decisions');
  });

  describe('framework-level errors over a real socket', () => {
    let port: number;
    beforeAll(async () => {
      await t.app.listen(0, '127.0.0.1');
      port = (t.app.getHttpServer().address() as AddressInfo).port;
    });

    function raw(request: string): Promise<string> {
      return new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        let data = '';
        socket.on('data', (chunk) => (data += chunk.toString('utf8')));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
        socket.write(request);
      });
    }
    const parse = (response: string) => ({
      status: Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]),
      body: JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4) || 'null'),
    });

    it('headers over 16 KB → 431 in the envelope', async () => {
      const res = parse(
        await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`),
      );
      expect(res).toEqual({ status: 431, body: { error_code: 'PPS.0431', error_msg: expect.any(String) } });
    });

    it('Transfer-Encoding with Content-Length → 400 in the envelope', async () => {
      const res = parse(
        await raw(
          `POST /v1/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\n` +
            `Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`,
        ),
      );
      expect(res).toEqual({ status: 400, body: { error_code: 'CBC.0100', error_msg: expect.any(String) } });
    });
  });
});

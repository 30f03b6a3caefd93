import fc from 'fast-check';
import { checkLedgerInvariants, NO_VIOLATIONS } from '../support/ledger-invariants';
import { startTestApp, type TestApp } from '../support/test-app';
import { World } from '../support/world';
import { appRoutes, isEnvelope, withClient } from './reliability-support';

const RUNS_PER_ROUTE = 25;

/** Field names the POST bodies use, so that generated bodies reach the validators and use cases. */
const FIELDS = [
  'partnerId',
  'customerId',
  'amount',
  'operation',
  'mode',
  'paymentMethod',
  'paidByPartnerId',
  'method',
  'bankAccount',
  'distributorId',
  'resellerId',
  'prospect',
  'channel',
  'role',
  'facts',
  'version',
  'reason',
  'name',
  'kind',
  'realName',
  'creditLimit',
  'generatedAt',
  'frozen',
  'candidate',
  'exitedAt',
  'effectiveFrom',
  'taxId',
  'flags',
  'holderName',
  'number',
  'expiresAt',
  'createdAt',
];

/** Names that slip past a whitelist that looks properties up on a plain object (issue 14). */
const PROTOTYPE_NAMES = [
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'constructor',
  '__proto__',
  'isPrototypeOf',
];

/** Date forms that are not RFC 3339 instants with an offset, and a few that are (issue 14). */
const ODD_DATES = [
  '20240101T000000Z',
  '2024-W01-1',
  '2024-W01-1T00:00:00Z',
  '2024-001T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-01-15T24:00:00Z',
  '2026-01-15T08:00Z',
  '2026-01-15T08:00:00',
  '2026-01-15 08:00:00Z',
  '+002026-01-15T08:00:00Z',
  '2026-01-15T08:00:00+0800',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999+14:00',
  '2026-01-15T08:00:00Z',
  'now',
  '1705305600',
];
const oddDate = fc.oneof(
  fc.constantFrom(...ODD_DATES),
  fc.date({ noInvalidDate: false }).map((d) => String(d)),
);

const hugeString = fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'x'.repeat(n));
const unicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('零', '🙂\u0000', '\u202e\u200b', 'é\u0301', '\ud800', 'Ｆｕｌｌ'),
  // NUL anywhere, lone surrogates of both halves (issue 14)
  fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}\u0000${b}`),
  fc.constantFrom('\udc00', 'x\ud83d', '\ude42y', '\ud800\ud800', 'a\u0000'),
);
const moneyish = fc.oneof(
  fc.double({ noNaN: false }),
  fc.integer(),
  fc.constantFrom(
    '-1.00',
    '0',
    '0.00',
    '1e3',
    '1.001',
    ' 1.00',
    '1,00',
    '0x10',
    'NaN',
    'Infinity',
    '99999999999999999999.99',
    '9999999999999999.99',
    '-0.01',
    '1.',
  ),
  fc.bigInt().map(String),
);
const leaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 30 }),
  unicode,
  moneyish,
  fc.uuid(),
  oddDate,
);
const deep = fc.integer({ min: 20, max: 200 }).map((n) => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
});
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 5, withBigInt: false }) },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: deep },
);

/** A JSON text: a value, an object of known fields, or one with prototype-pollution keys, or not JSON at all. */
function bodies(ids: string[]): fc.Arbitrary<string | undefined> {
  const idOrValue = fc.oneof(fc.constantFrom(...ids), value);
  const known = fc.dictionary(fc.constantFrom(...FIELDS), idOrValue, { maxKeys: 6 });
  // known fields plus one named like a property of Object.prototype, or a NUL / surrogate in a name
  const oddNames = fc
    .tuple(
      known,
      fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.constantFrom('na\u0000me', '\ud800', 'amount\u0000')),
      idOrValue,
    )
    .map(([obj, key, v]) => {
      const text = JSON.stringify(obj);
      const member = `${JSON.stringify(key)}:${JSON.stringify(v) ?? 'null'}`;
      return text === '{}' ? `{${member}}` : `{${member},${text.slice(1)}}`;
    });
  const polluted = fc
    .tuple(
      known,
      fc.constantFrom('__proto__', 'constructor', 'prototype'),
      fc.constantFrom('{"isAdmin":true}', '{"prototype":{"role":"admin"}}', '1'),
    )
    .map(([obj, key, payload]) => {
      const text = JSON.stringify(obj);
      return text === '{}' ? `{"${key}":${payload}}` : `{"${key}":${payload},${text.slice(1)}`;
    });
  return fc.oneof(
    { weight: 4, arbitrary: known.map((o) => JSON.stringify(o)) },
    { weight: 2, arbitrary: value.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: polluted },
    { weight: 2, arbitrary: oddNames },
    // Nesting deeper than any stack: built as text, since JSON.stringify would overflow first.
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1_000, max: 50_000 }).map((n) => `${'{"amount":['.repeat(n)}1${']}'.repeat(n)}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('{', '{"amount": 1e999}', '[]', '', 'null', '"str"', '{"a":1,"a":2}', '\u0000'),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const headers = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      'multipart/form-data; boundary=x',
      'application/xml',
      'APPLICATION/JSON',
      'application/jsonx',
      'application/json-patch+json',
      'text/html',
      'application/octet-stream',
      '',
    ),
    'idempotency-key': fc.oneof(
      fc.string({ minLength: 0, maxLength: 300 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
      fc.uuid(),
    ),
    'accept-language': fc.constantFrom('zh-CN', 'en', 'xx', '*', 'zh;q=abc'),
    'x-request-id': fc.oneof(
      fc.uuid(),
      fc.string({ maxLength: 300 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
    ),
  },
  { requiredKeys: ['content-type'] },
);

/**
 * Hostile input: fast-check over every POST route the app serves (read from its controllers) —
 * bodies of wrong types, huge strings, deep nesting, prototype-pollution keys, unicode, money as
 * numbers, negative and oversized amounts; odd content types, idempotency keys, languages; path
 * parameters that are not ids. Never a 5xx; every refusal in the envelope; a refused request
 * changes neither transfers nor allow decisions; the ledger's invariants hold at the end.
 */
describe('hostile input on every POST route (property)', () => {
  let t: TestApp;
  let ids: string[];
  beforeAll(async () => {
    t = await startTestApp({ config: { bodyLimitBytes: 256 * 1024 } });
    const w = new World(t);
    const { partner, customer, association } = await w.resaleCustomer({
      partnerFunds: '1000.00',
      customerBalance: '100.00',
    });
    ids = [partner.id, customer.id, association.id];
  });
  afterAll(() => t.close());

  const counts = () =>
    withClient(
      t.databaseUrl,
      async (c) =>
        (
          await c.query<{ transfers: number; allows: number }>(
            `select (select count(*) from transfers)::int as transfers, (select count(*) from decisions where effect = 'allow')::int as allows`,
          )
        ).rows[0],
    );

  it('never answers 5xx, refuses in the envelope, and a refusal moves no money', async () => {
    const posts = appRoutes(t).filter((r) => r.startsWith('POST '));
    expect(posts.length).toBeGreaterThan(20);
    const pathParam = fc.oneof(
      fc.constantFrom(...ids),
      fc.uuid(),
      fc.constantFrom(
        '..%2F..%2Fetc',
        '%00',
        'null',
        '0',
        '-1',
        '1e3',
        'account-adjustment',
        '__proto__',
        'constructor',
      ),
      unicode.map((s) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('') || 'x'),
      fc.integer({ min: 1_000, max: 8_000 }).map((n) => 'a'.repeat(n)),
    );
    for (const route of posts) {
      const pattern = route.slice('POST '.length);
      await fc.assert(
        fc.asyncProperty(
          bodies(ids),
          headers,
          fc.array(pathParam, { minLength: 4, maxLength: 4 }),
          async (payload, hdrs, params) => {
            let i = 0;
            const url = pattern.replace(/:\w+/g, () => params[i++]);
            const before = await counts();
            const res = await t.app.inject({
              method: 'POST',
              url,
              payload,
              headers: { authorization: `Bearer ${t.adminKey}`, ...hdrs },
            });
            let body: unknown;
            try {
              body = JSON.parse(res.body);
            } catch {
              body = undefined;
            }
            const where = `${route} → ${res.statusCode} ${res.body.slice(0, 300)}`;
            expect({ where, serverError: res.statusCode >= 500 }).toEqual({ where, serverError: false });
            if (res.statusCode >= 400) {
              expect({ where, envelope: isEnvelope(body) }).toEqual({ where, envelope: true });
              expect({ where, ...(await counts()) }).toEqual({ where, ...before });
            }
          },
        ),
        { numRuns: RUNS_PER_ROUTE, seed: Number(process.env.PPS_FUZZ_SEED ?? Date.now() % 2 ** 31) },
      );
    }
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
  }, 150_000);

  it('GET routes with hostile query strings and path parameters (NUL, surrogates, odd dates, prototype names, forged cursors) never answer 5xx', async () => {
    const gets = appRoutes(t).filter((r) => r.startsWith('GET '));
    const forgedCursor = fc
      .record({ t: fc.oneof(oddDate, fc.constant('2026-02-30T00:00:00.000000Z')), i: fc.oneof(fc.uuid(), fc.string()) })
      .map((c) => Buffer.from(JSON.stringify(c)).toString('base64url'));
    const queryValue = fc.oneof(oddDate, unicode, forgedCursor, fc.string({ maxLength: 20 }), fc.integer().map(String));
    const queryName = fc.constantFrom(
      'from',
      'to',
      'cursor',
      'ruleSet',
      'partnerId',
      'customerId',
      'effect',
      'limit',
      'order',
      'api_key',
      ...PROTOTYPE_NAMES,
    );
    const encode = (v: string) =>
      [...Buffer.from(v, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    for (const route of gets) {
      const pattern = route.slice('GET '.length);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(queryName, queryValue), { maxLength: 4 }),
          fc.array(
            fc.oneof(
              fc.constantFrom(...ids),
              unicode.map((u) => encode(u) || 'x'),
              fc.constant('%00'),
            ),
            {
              minLength: 3,
              maxLength: 3,
            },
          ),
          async (query, params) => {
            let i = 0;
            const path = pattern.replace(/:\w+/g, () => params[i++]);
            const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encode(v)}`).join('&');
            const res = await t.app.inject({
              method: 'GET',
              url: qs ? `${path}?${qs}` : path,
              headers: { authorization: `Bearer ${t.adminKey}` },
            });
            const where = `${route} ${qs} → ${res.statusCode} ${res.body.slice(0, 200)}`;
            expect({ where, serverError: res.statusCode >= 500 }).toEqual({ where, serverError: false });
            if (res.statusCode >= 400) {
              let body: unknown;
              try {
                body = JSON.parse(res.body);
              } catch {
                body = undefined;
              }
              expect({ where, envelope: isEnvelope(body) }).toEqual({ where, envelope: true });
            }
          },
        ),
        { numRuns: 15, seed: Number(process.env.PPS_FUZZ_SEED ?? Date.now() % 2 ** 31) },
      );
    }
  }, 120_000);

  it('the largest amounts, repeated until a balance would no longer fit NUMERIC(20,2), are refused in the envelope, not a 500', async () => {
    const w = new World(t);
    const partner = await w.partner();
    const statuses = new Map<number, number>();
    let last: { status: number; body: unknown } | undefined;
    for (let i = 0; i < 101; i++) {
      last = await t.request('POST', `/v1/partners/${partner.id}/top-ups`, { body: { amount: '9999999999999999.99' } });
      statuses.set(last.status, (statuses.get(last.status) ?? 0) + 1);
      if (last.status >= 400) break;
    }
    expect(last!.status).toBeLessThan(500);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    if (last!.status >= 400) expect(isEnvelope(last!.body)).toBe(true);
    expect(await checkLedgerInvariants(t.databaseUrl)).toEqual(NO_VIOLATIONS);
  }, 60_000);

  it('the rate limit answers 429 PPS.0429 in the envelope', async () => {
    const limited = await startTestApp({ config: { rateLimitPerMinute: 5 } });
    try {
      const seen: number[] = [];
      let last: { status: number; body: unknown } | undefined;
      for (let i = 0; i < 8; i++) {
        last = await limited.request('POST', '/v1/customers', { body: { name: 'C' } });
        seen.push(last.status);
      }
      expect(seen.slice(0, 5).every((s) => s === 201)).toBe(true);
      expect(last).toMatchObject({ status: 429, body: { error_code: 'PPS.0429', error_msg: expect.any(String) } });
    } finally {
      await limited.close();
    }
  });
});

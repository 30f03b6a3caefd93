import { createHash } from 'node:crypto';
import { decodeCursor, encodeCursor } from './decision-query';
import { type DecisionRecord, decisionHash, GENESIS_HASH } from './decision-record';
import { jsonEqual } from './json-equal';
import { verifyExportLines } from './verify-chain';

const record = (over: Partial<DecisionRecord> = {}): DecisionRecord => ({
  id: '6f1c2a52-8a8e-4d4e-9f0e-1d2f3a4b5c6d',
  seq: '1',
  decidedAt: '2026-01-15T08:00:00.123456Z',
  ruleSet: 'account-adjustment',
  version: '1.0.0',
  contentHash: 'a'.repeat(64),
  facts: { amount: '10.00', operation: 'allocate', n: 3 },
  outcome: { effect: 'allow' },
  effect: 'allow',
  reasons: [],
  results: [{ rule: 'r', priority: 1, result: false, conditions: [] }],
  matchedRules: [],
  operation: 'adjustment',
  partnerId: null,
  customerId: null,
  subject: { operation: 'adjustment' },
  transferId: null,
  requestId: 'req-1',
  callerKeyId: null,
  callerRole: 'service',
  ...over,
});

describe('the decision hash', () => {
  it('is sha256 hex of prevHash followed by the canonical JSON of the record (sorted keys, no whitespace)', () => {
    const r = record({ facts: { b: '1', a: 2 }, results: [] });
    const canonical =
      '{"callerKeyId":null,"callerRole":"service","contentHash":"' +
      'a'.repeat(64) +
      '","customerId":null,"decidedAt":"2026-01-15T08:00:00.123456Z",' +
      '"effect":"allow","facts":{"a":2,"b":"1"},"id":"6f1c2a52-8a8e-4d4e-9f0e-1d2f3a4b5c6d","matchedRules":[],"operation":"adjustment","outcome":{"effect":"allow"},' +
      '"partnerId":null,"reasons":[],"requestId":"req-1","results":[],"ruleSet":"account-adjustment","seq":"1","subject":{"operation":"adjustment"},"transferId":null,"version":"1.0.0"}';
    expect(decisionHash(GENESIS_HASH, r)).toBe(
      createHash('sha256')
        .update(GENESIS_HASH + canonical)
        .digest('hex'),
    );
  });

  it('does not depend on key order, and changes with any field or the previous hash', () => {
    const a = record();
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as unknown as DecisionRecord;
    expect(decisionHash(GENESIS_HASH, reordered)).toBe(decisionHash(GENESIS_HASH, a));
    expect(decisionHash(GENESIS_HASH, record({ facts: { ...a.facts, amount: '10.0' } }))).not.toBe(
      decisionHash(GENESIS_HASH, a),
    );
    expect(decisionHash(GENESIS_HASH, record({ decidedAt: '2026-01-15T08:00:00.123457Z' }))).not.toBe(
      decisionHash(GENESIS_HASH, a),
    );
    expect(decisionHash('b'.repeat(64), a)).not.toBe(decisionHash(GENESIS_HASH, a));
  });
});

describe('offline verification of an export', () => {
  const chain = (records: DecisionRecord[]) => {
    let prev = GENESIS_HASH;
    return records.map((r, i) => {
      const hash = decisionHash(prev, r);
      const line = JSON.stringify({ ...r, chain: { pos: String(i + 1), prevHash: prev, hash, sealedAt: r.decidedAt } });
      prev = hash;
      return line;
    });
  };
  const lines = chain(
    [1, 2, 3, 4].map((n) => record({ id: `00000000-0000-4000-8000-00000000000${n}`, seq: String(n) })),
  );

  it('accepts an untouched export and counts unsealed lines', async () => {
    const unsealed = JSON.stringify({ ...record({ seq: '9' }), chain: null });
    expect(await verifyExportLines([...lines, unsealed])).toEqual({
      ok: true,
      lines: 5,
      checked: 4,
      unsealed: 1,
      problems: [],
    });
  });

  it('names exactly the altered record, and a removed line as a broken link', async () => {
    const altered = [...lines];
    const parsed = JSON.parse(altered[2]);
    parsed.outcome = { effect: 'deny' };
    altered[2] = JSON.stringify(parsed);
    expect((await verifyExportLines(altered)).problems).toEqual([
      { line: 3, decisionId: parsed.id, problem: 'hash_mismatch', message: expect.any(String) },
    ]);
    const forged = [...lines];
    const f = JSON.parse(forged[1]);
    f.chain.prevHash = 'c'.repeat(64);
    forged[1] = JSON.stringify(f);
    expect((await verifyExportLines(forged)).problems.map((p) => p.problem)).toEqual(['broken_link', 'hash_mismatch']);
    expect((await verifyExportLines(['{not json'])).problems[0].problem).toBe('not_json');
  });
});

describe('jsonEqual and cursors', () => {
  it('jsonEqual is canonical-JSON equality', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: '1' }, { a: 1 })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: null }, {})).toBe(false);
  });

  it('a cursor round-trips and anything else is CBC.0100', () => {
    const c = encodeCursor('2026-01-15T08:00:00.000000Z', '6f1c2a52-8a8e-4d4e-9f0e-1d2f3a4b5c6d', 'k');
    expect(decodeCursor(c, 'k')).toEqual({
      t: '2026-01-15T08:00:00.000000Z',
      i: '6f1c2a52-8a8e-4d4e-9f0e-1d2f3a4b5c6d',
    });
    expect(() => decodeCursor(c, 'other secret')).toThrow(expect.objectContaining({ code: 'CBC.0100' }));
    expect(() => decodeCursor('abc', 'k')).toThrow(expect.objectContaining({ code: 'CBC.0100' }));
    expect(() => decodeCursor(Buffer.from('{"t":"x","i":"y"}').toString('base64url'), 'k')).toThrow(
      expect.objectContaining({ code: 'CBC.0100' }),
    );
  });
});

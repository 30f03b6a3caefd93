import { canonicalJson, sha256OfCanonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same text whatever the insertion order of keys', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('keeps decimal strings as strings, never as numbers', () => {
    expect(canonicalJson({ amount: '100.10' })).toBe('{"amount":"100.10"}');
  });

  it('leaves out undefined members and writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('serializes dates through toJSON as ISO strings', () => {
    expect(canonicalJson({ at: new Date('2024-01-01T00:00:00Z') })).toBe('{"at":"2024-01-01T00:00:00.000Z"}');
  });

  it('refuses non-finite numbers instead of writing null', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow('$.x is not a finite number');
  });

  it('escapes strings exactly as JSON does, including non-ASCII text', () => {
    expect(canonicalJson({ zh: '参数错误 "x"\n' })).toBe('{"zh":"参数错误 \\"x\\"\\n"}');
  });

  it('hashes with sha256 over the canonical text', () => {
    expect(sha256OfCanonicalJson({ b: 1, a: 2 })).toBe(sha256OfCanonicalJson({ a: 2, b: 1 }));
    expect(sha256OfCanonicalJson({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});

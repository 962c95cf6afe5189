import { canonicalBody } from './canonical-body';
import { sampleEnvelope } from './sample-records';

describe('canonicalBody', () => {
  it('sorts keys at every depth, keeps array order, writes no white space', () => {
    const body = canonicalBody({ b: 1, a: { d: [3, 1, { z: true, y: null }], c: '中' } });
    expect(body.toString('utf8')).toBe('{"a":{"c":"中","d":[3,1,{"y":null,"z":true}]},"b":1}');
  });

  it('gives the same bytes whatever the insertion order of the members', () => {
    const a = sampleEnvelope('GCJS_NOTICE');
    const reversed = Object.fromEntries(Object.entries(a).reverse());
    reversed.record = Object.fromEntries(Object.entries(a.record).reverse());
    expect(canonicalBody(reversed).equals(canonicalBody(a))).toBe(true);
  });

  it('sorts integer-like keys as strings, unlike JSON.stringify', () => {
    expect(canonicalBody({ b: 1, 10: 'x', 9: 'y' }).toString()).toBe('{"10":"x","9":"y","b":1}');
  });

  it('encodes UTF-8 and round-trips through JSON.parse', () => {
    const env = sampleEnvelope('GCJS_TENDER_PROJECT');
    const bytes = canonicalBody(env);
    expect(bytes.includes(Buffer.from('滨河路', 'utf8'))).toBe(true);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(env);
  });

  it('drops undefined members like JSON.stringify and turns undefined array items into null', () => {
    expect(canonicalBody({ a: undefined, b: [undefined, 1] }).toString()).toBe('{"b":[null,1]}');
  });

  it('writes a Date through toJSON', () => {
    expect(canonicalBody({ t: new Date('2026-11-25T01:30:00Z') }).toString()).toBe('{"t":"2026-11-25T01:30:00.000Z"}');
  });

  it.each([
    ['NaN', { a: NaN }],
    ['Infinity', { a: [Infinity] }],
    ['bigint', { a: BigInt(1) }],
  ])('refuses %s', (_label, value) => {
    expect(() => canonicalBody(value)).toThrow(TypeError);
  });
});

import { canonicalJson, entryHash, entryHashReference, GENESIS_HASH } from './audit-hash';

describe('audit entry hash', () => {
  const base = {
    seq: '12',
    at: new Date('2026-12-07T08:30:00.123Z'),
    actorAccountId: 'a1b2c3d4-0000-4000-8000-000000000000',
    actorOrganisationId: null,
    actorRole: 'staff',
    ip: '198.51.100.7',
    action: 'notice.publish',
    entityType: 'notice',
    entityId: 'N-1',
    data: { z: 1, a: [{ y: '示例', b: null }], 'ü': 'x\n"' },
  };

  it('R36 writes the same bytes as the canonical JSON of the entry (the chain of existing logs verifies)', () => {
    const variants = [base, { ...base, ip: null, actorAccountId: null }, { ...base, data: {} }, { ...base, entityId: '"quoted"\u2028', seq: '1' }];
    for (const v of variants) expect(entryHash(GENESIS_HASH, v)).toBe(entryHashReference(GENESIS_HASH, v));
  });

  it('R36 any changed field changes the hash', () => {
    const h = entryHash(GENESIS_HASH, base);
    expect(entryHash(GENESIS_HASH, { ...base, seq: '13' })).not.toBe(h);
    expect(entryHash(GENESIS_HASH, { ...base, data: { ...base.data, z: 2 } })).not.toBe(h);
    expect(entryHash('f'.repeat(64), base)).not.toBe(h);
  });

  it('sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe('{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}');
  });
});

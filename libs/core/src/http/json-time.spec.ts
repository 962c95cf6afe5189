import { apiTime, jsonTimeReplacer } from './json-time';

describe('one serializer for every time in an API answer (Asia/Shanghai with its offset)', () => {
  it('writes an instant in +08:00, with milliseconds only when it has them', () => {
    expect(apiTime(new Date('2026-12-22T01:30:00Z'))).toBe('2026-12-22T09:30:00+08:00');
    expect(apiTime(new Date('2026-12-31T16:00:00.250Z'))).toBe('2027-01-01T00:00:00.250+08:00');
    expect(apiTime(null)).toBeNull();
  });

  it('rewrites every Date of a response body, however deep, and leaves strings alone', () => {
    const body = { at: new Date('2026-12-22T01:30:00Z'), nested: [{ t: new Date('2026-06-01T00:00:00Z') }], text: '2026-12-22T01:30:00Z', none: null };
    expect(JSON.parse(JSON.stringify(body, jsonTimeReplacer))).toEqual({
      at: '2026-12-22T09:30:00+08:00',
      nested: [{ t: '2026-06-01T08:00:00+08:00' }],
      text: '2026-12-22T01:30:00Z',
      none: null,
    });
  });
});

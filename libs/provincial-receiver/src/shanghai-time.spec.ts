import { formatShanghai } from './shanghai-time';

describe('formatShanghai', () => {
  it('writes the instant at +08:00 with milliseconds', () => {
    expect(formatShanghai(new Date('2026-11-25T01:30:00.045Z'))).toBe('2026-11-25T09:30:00.045+08:00');
  });
  it('crosses midnight into the next local day', () => {
    expect(formatShanghai(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00:00.000+08:00');
  });
  it('round-trips through Date', () => {
    const t = new Date('2026-06-01T12:34:56.789Z');
    expect(new Date(formatShanghai(t)).getTime()).toBe(t.getTime());
  });
});

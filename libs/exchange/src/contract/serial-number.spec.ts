import { serialNumber } from './serial-number';

describe('serialNumber', () => {
  it.each([
    ['E2104000001', '2026-11-25', 123, 'E2104000001-20261125-000123'],
    ['E2104000001', '20261125', 1, 'E2104000001-20261125-000001'],
    ['E2104000001', '2026-11-25', 999999, 'E2104000001-20261125-999999'],
    ['E2104000001', '2026-11-25', 1234567, 'E2104000001-20261125-1234567'],
  ])('%s %s %d → %s', (platform, day, n, expected) => {
    expect(serialNumber(platform, day, n)).toBe(expected);
  });

  it('takes the Asia/Shanghai date of an instant', () => {
    // 2026-11-24T16:30Z is 2026-11-25 00:30 in Shanghai.
    expect(serialNumber('E2104000001', new Date('2026-11-24T16:30:00Z'), 7)).toBe('E2104000001-20261125-000007');
    expect(serialNumber('E2104000001', new Date('2026-11-24T15:59:59Z'), 7)).toBe('E2104000001-20261124-000007');
  });

  it.each([
    ['lower-case platform code', 'e2104000001', '2026-11-25', 1],
    ['platform code with a dash', 'E210-4000001', '2026-11-25', 1],
    ['impossible date', 'E2104000001', '2026-02-30', 1],
    ['date with slashes', 'E2104000001', '2026/11/25', 1],
    ['zero', 'E2104000001', '2026-11-25', 0],
    ['fraction', 'E2104000001', '2026-11-25', 1.5],
    ['negative', 'E2104000001', '2026-11-25', -3],
  ])('refuses %s', (_label, platform, day, n) => {
    expect(() => serialNumber(platform as string, day as string, n as number)).toThrow(RangeError);
  });
});

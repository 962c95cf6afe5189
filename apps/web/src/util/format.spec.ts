/// <reference types="jest" />
import { formatDate, formatDateTime, formatYuan, yuanInCapitals } from './format';

describe('portal formatting', () => {
  it('writes amounts in 元 with thousands separators, never through a float', () => {
    expect(formatYuan('1234567.8')).toBe('1,234,567.80');
    expect(formatYuan('999999999999999.99')).toBe('999,999,999,999,999.99');
    expect(formatYuan('0')).toBe('0.00');
  });

  it.each([
    ['1234567.89', '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
    ['100', '壹佰元整'],
    ['1005', '壹仟零伍元整'],
    ['100000', '壹拾万元整'],
    ['10.50', '壹拾元伍角整'],
    ['0.05', '伍分'],
    ['1.05', '壹元零伍分'],
    ['100000001', '壹亿零壹元整'],
    ['10010000', '壹仟零壹万元整'],
    ['0', '零元整'],
    ['20000.00', '贰万元整'],
  ])('writes %s in capitals as %s', (amount, capitals) => {
    expect(yuanInCapitals(amount)).toBe(capitals);
  });

  it('shows times in Beijing time whatever the computer says', () => {
    expect(formatDateTime('2026-12-07T17:30:00Z')).toBe('2026-12-08 01:30');
    expect(formatDate('2026-12-07T17:30:00+00:00')).toBe('2026-12-08');
  });
});

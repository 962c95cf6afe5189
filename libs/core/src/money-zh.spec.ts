import { yuanForNotice, yuanInCapitals, yuanWithSeparators } from './money-zh';

describe('amounts as a Chinese notice writes them (money-zh)', () => {
  it('groups the yuan in threes and always shows two decimals, from the decimal string', () => {
    expect(yuanWithSeparators('4268800.5')).toBe('4,268,800.50');
    expect(yuanWithSeparators('999.99')).toBe('999.99');
    expect(yuanWithSeparators('1000')).toBe('1,000.00');
    expect(yuanWithSeparators('12345678901234.56')).toBe('12,345,678,901,234.56');
    expect(yuanWithSeparators('')).toBe('');
    expect(yuanWithSeparators('未解密')).toBe('未解密');
  });

  it('writes the amount in capitals with 元角分, 整 and one 零 for a run of zeros', () => {
    expect(yuanInCapitals('4268800.50')).toBe('肆佰贰拾陆万捌仟捌佰元伍角整');
    expect(yuanInCapitals('100000000.00')).toBe('壹亿元整');
    expect(yuanInCapitals('1002.05')).toBe('壹仟零贰元零伍分');
    expect(yuanInCapitals('0.30')).toBe('叁角整');
    expect(yuanInCapitals('12.3.4')).toBe('');
  });

  it('states a price on a notice with both: 4,268,800.50 元（人民币肆佰贰拾陆万捌仟捌佰元伍角整）', () => {
    expect(yuanForNotice('4268800.50')).toBe('4,268,800.50 元（人民币肆佰贰拾陆万捌仟捌佰元伍角整）');
    expect(yuanForNotice('1234567890123456.00')).toBe('1,234,567,890,123,456.00 元'); // beyond the capitals' 15 digits: the figures alone
  });
});

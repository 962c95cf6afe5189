import { formatYuan, MoneyFormatError, parseRatio, parseYuan, ratioCheck } from './money';

describe('money (decimal strings, BigInt fen)', () => {
  it.each([
    ['1234.50', 123450n],
    ['1234.5', 123450n],
    ['0.01', 1n],
    ['0', 0n],
    ['12', 1200n],
    ['99999999999.99', 9999999999999n],
    ['90071992547409.93', 9007199254740993n], // 2^53 + 1 fen: a float would read …992
  ])('parses %s as %p fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it.each([
    [123450n, '1234.50'],
    [1n, '0.01'],
    [0n, '0.00'],
    [-5n, '-0.05'],
    [9007199254740993n, '90071992547409.93'],
  ])('formats %p fen as %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it.each(['1234.567', '1e3', '-1.00', '+1.00', ' 1.00', '1,000.00', '01.00', '.5', '1.', '', 'NaN', '０.０１'])(
    'refuses %j as an amount',
    (text) => {
      expect(() => parseYuan(text)).toThrow(MoneyFormatError);
    },
  );

  it('refuses a number, so that no float ever carries an amount', () => {
    expect(() => parseYuan(0.02 as unknown as string)).toThrow('an amount must be a decimal string, not a number');
    expect(() => parseRatio(0.02 as unknown as string)).toThrow('a ratio must be a decimal string, not a number');
  });

  it('accepts a negative amount only when asked', () => {
    expect(parseYuan('-1.50', { allowNegative: true })).toBe(-150n);
  });

  it('parses ratios exactly', () => {
    expect(parseRatio('0.02')).toEqual({ numerator: 2n, denominator: 100n });
    expect(parseRatio('0.015')).toEqual({ numerator: 15n, denominator: 1000n });
    expect(parseRatio('1')).toEqual({ numerator: 1n, denominator: 1n });
    expect(() => parseRatio('2%')).toThrow(MoneyFormatError);
  });
});

describe('ratioCheck', () => {
  it.each<[string, string, string, string, boolean, string]>([
    ['exactly 2% passes (R4-style boundary)', '20000.00', '1000000.00', '0.02', true, '20000.00'],
    ['one fen above 2% fails', '20000.01', '1000000.00', '0.02', false, '20000.00'],
    ['2% of 0.01 allows nothing but zero', '0.01', '0.01', '0.02', false, '0.00'],
    ['zero security on 0.01 passes', '0.00', '0.01', '0.02', true, '0.00'],
    ['a limit with a fraction of a fen rounds down', '1999999999.99', '99999999999.99', '0.02', true, '1999999999.99'],
    ['a fen over that limit fails', '2000000000.00', '99999999999.99', '0.02', false, '1999999999.99'],
    ['above 2^53 fen, exactly 2% passes', '1801439850948.19', '90071992547409.50', '0.02', true, '1801439850948.19'],
    ['above 2^53 fen, one fen more fails', '1801439850948.20', '90071992547409.50', '0.02', false, '1801439850948.19'],
  ])('R9 %s', (_title, amount, base, ratio, ok, limit) => {
    const check = ratioCheck(amount, base, ratio);
    expect(check.ok).toBe(ok);
    expect(check.limit).toBe(limit);
  });

  // Each of these is exactly at the limit, and floating point gets it wrong (0.33 > 11 * 0.03 in floats).
  it.each([
    ['0.33', '11.00', '0.03'],
    ['0.07', '1.40', '0.05'],
    ['0.33', '22.00', '0.015'],
  ])('R9 %s of %s at ratio %s is exactly at the limit and passes (a float check would refuse it)', (amount, base, ratio) => {
    expect(Number(amount) <= Number(base) * Number(ratio)).toBe(false); // the float answer, wrong
    expect(ratioCheck(amount, base, ratio)).toMatchObject({ ok: true, limit: amount });
  });

  it('R9 normalises the amounts it reports', () => {
    expect(ratioCheck('20', '1000', '0.02')).toEqual({
      ok: true,
      amount: '20.00',
      limit: '20.00',
      base: '1000.00',
      maxRatio: '0.02',
    });
  });
});

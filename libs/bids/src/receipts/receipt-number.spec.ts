import { newReceiptNumber, RECEIPT_NUMBER_PATTERN } from './receipt-number';

describe('receipt numbers (回执编号, R16)', () => {
  it('carry the Shanghai date and 60 random bits', () => {
    const n = newReceiptNumber(new Date('2026-11-25T16:30:00Z'));
    expect(n).toMatch(RECEIPT_NUMBER_PATTERN);
    expect(n.slice(0, 10)).toBe('BR20261126');
  });

  it('are not sequential: consecutive numbers share nothing but the date', () => {
    const at = new Date('2026-11-25T01:00:00Z');
    const numbers = Array.from({ length: 1000 }, () => newReceiptNumber(at));
    expect(new Set(numbers).size).toBe(1000);
    const sorted = [...numbers].sort();
    expect(sorted).not.toEqual(numbers);
  });

  it('are the random bytes, in base32', () => {
    const fixed = () => Buffer.from('0000000000000001', 'hex');
    expect(newReceiptNumber(new Date('2026-01-01T00:00:00Z'), fixed)).toBe('BR20260101-000000000001');
  });
});

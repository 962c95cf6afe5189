import { DomainError } from '@app/core';
import { checkBidSecurity } from './bid-security';

function code(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('bid security (投标保证金, R9)', () => {
  it('accepts the required amount or more, in a known form, normalised to two decimals', () => {
    expect(checkBidSecurity('20000.00', '20000', 'bank_guarantee')).toEqual({ amount: '20000.00', form: 'bank_guarantee' });
    expect(checkBidSecurity('20000.00', '20000.5', 'transfer')).toEqual({ amount: '20000.50', form: 'transfer' });
  });

  it.each([
    ['19999.99', 'transfer', 'BID_SECURITY_INSUFFICIENT'],
    ['20000', 'cash-in-envelope', 'BID_SECURITY_FORM_INVALID'],
    ['2e4', 'transfer', 'BID_SECURITY_AMOUNT_INVALID'],
    ['20000.001', 'transfer', 'BID_SECURITY_AMOUNT_INVALID'],
    ['-1', 'transfer', 'BID_SECURITY_AMOUNT_INVALID'],
    [undefined, 'transfer', 'BID_SECURITY_REQUIRED'],
    ['20000', undefined, 'BID_SECURITY_REQUIRED'],
    ['20000', 'toString', 'BID_SECURITY_FORM_INVALID'],
  ])('refuses amount %s in form %s with %s', (amount, form, expected) => {
    expect(code(() => checkBidSecurity('20000.00', amount, form))).toBe(expected);
  });

  it('a section that requires no security takes a bid without one', () => {
    expect(checkBidSecurity('0.00', undefined, undefined)).toEqual({ amount: '0.00', form: 'none' });
    expect(checkBidSecurity('0.00', '100', 'transfer')).toEqual({ amount: '100.00', form: 'transfer' });
  });
});

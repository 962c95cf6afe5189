import { formatYuan, MoneyFormatError, parseYuan, yuanWithSeparators } from '@app/core';
import { BidErrors } from '../bids.errors';

/** 投标保证金的形式 (forms of bid security). */
export const BID_SECURITY_FORMS = {
  transfer: '转账（从基本账户汇入）',
  bank_guarantee: '银行保函',
  insurance: '保证保险',
  guarantee: '担保机构保函',
} as const;

export type BidSecurityForm = keyof typeof BID_SECURITY_FORMS;

export interface BidSecurity {
  /** yuan, two decimals */
  amount: string;
  form: BidSecurityForm | 'none';
}

/**
 * Checks the bid security a bidder declares against the amount the section requires (set within R9's 2 %
 * by the tender documents): a known form, and at least the required amount. A section that requires none
 * takes a bid without security.
 */
export function checkBidSecurity(required: string, amount: string | undefined, form: string | undefined): BidSecurity {
  const requiredFen = parseYuan(required);
  if (requiredFen === 0n && (amount === undefined || amount === '') && (form === undefined || form === '')) {
    return { amount: '0.00', form: 'none' };
  }
  if (amount === undefined || amount === '' || form === undefined || form === '') {
    throw BidErrors.security(
      'BID_SECURITY_REQUIRED',
      `请提交投标保证金（金额 ${yuanWithSeparators(formatYuan(requiredFen))} 元及其形式）`,
      `The bid security is required: amount (${formatYuan(requiredFen)} yuan) and form`,
      { required: formatYuan(requiredFen), forms: Object.keys(BID_SECURITY_FORMS) },
    );
  }
  if (!Object.hasOwn(BID_SECURITY_FORMS, form)) {
    throw BidErrors.security(
      'BID_SECURITY_FORM_INVALID',
      `投标保证金形式不正确，可选：${Object.values(BID_SECURITY_FORMS).join('、')}`,
      `Unknown form of bid security; accepted: ${Object.keys(BID_SECURITY_FORMS).join(', ')}`,
      { forms: Object.keys(BID_SECURITY_FORMS) },
    );
  }
  let fen: bigint;
  try {
    fen = parseYuan(amount);
  } catch (error) {
    if (!(error instanceof MoneyFormatError)) throw error;
    throw BidErrors.security(
      'BID_SECURITY_AMOUNT_INVALID',
      '投标保证金金额格式不正确（元，最多两位小数）',
      'The bid security amount must be yuan with at most two decimals',
    );
  }
  if (fen < requiredFen) {
    throw BidErrors.security(
      'BID_SECURITY_INSUFFICIENT',
      `投标保证金不足：招标文件要求 ${yuanWithSeparators(formatYuan(requiredFen))} 元`,
      `The bid security is less than the ${formatYuan(requiredFen)} yuan the tender documents require`,
      { rule: 'R9', required: formatYuan(requiredFen), given: formatYuan(fen) },
    );
  }
  return { amount: formatYuan(fen), form: form as BidSecurityForm };
}

/**
 * 统一社会信用代码 (GB 32100-2015), checked while the bidder types: the same rule as libs/identity/src/uscc.ts
 * (the server checks again; this only says early what is wrong).
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccMessage(code: string): string {
  if (!code) return '';
  if (/[a-z]/.test(code)) return '请使用大写字母';
  for (const ch of code) if (!CHARSET.includes(ch)) return `含有不允许的字符“${ch}”（代码不使用 I、O、Z、S、V）`;
  if (code.length < 18) return `还差 ${18 - code.length} 位（共 18 位）`;
  if (code.length > 18) return '统一社会信用代码为 18 位';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(code[i]) * WEIGHTS[i];
  const check = CHARSET[(31 - (sum % 31)) % 31];
  return check === code[17] ? '' : '校验码不正确，请核对';
}

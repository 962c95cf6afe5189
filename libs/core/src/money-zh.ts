/**
 * Amounts as a Chinese reader expects them on a form or a notice: 元 with thousands separators and in capitals
 * (人民币大写). No imports: the API's notices and the portal's pages (apps/web, through the `@money-zh` alias)
 * read the same file, as they do libs/platform's content-text. Amounts are decimal strings ('1234567.89', as
 * the database and the provincial API keep them) and never become floats on the way.
 */

/** '1234567.8' → '1,234,567.80'; text that is not an amount is returned as it came, '' for nothing. */
export function yuanWithSeparators(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const text = typeof value === 'number' ? value.toFixed(2) : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return text;
  const int = m[2].replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${m[1]}${int}.${(m[3] ?? '').padEnd(2, '0')}`;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

/**
 * The amount in capitals (人民币大写), as on a Chinese bid form: '1234567.89' → '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分';
 * amounts without 分 end in 整; a run of zeros inside the number is read as one 零. Up to 15 integer digits;
 * '' for anything else.
 */
export function yuanInCapitals(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) return '';
  const int = m[1].replace(/^0+(?=\d)/, '');
  const decimals = (m[2] ?? '').padEnd(2, '0');
  const jiao = Number(decimals[0]);
  const fen = Number(decimals[1]);
  let out = '';
  let zero = false;
  let groupHasDigit = false;
  for (let i = 0; i < int.length; i++) {
    const p = int.length - 1 - i;
    const d = Number(int[i]);
    if (d === 0) {
      if (out) zero = true;
    } else {
      if (zero) out += '零';
      zero = false;
      out += DIGITS[d] + UNITS[p % 4];
      groupHasDigit = true;
    }
    if (p % 4 === 0) {
      if (groupHasDigit && p > 0) out += GROUPS[p / 4];
      groupHasDigit = false;
    }
  }
  if (out) out += '元';
  if (jiao === 0 && fen === 0) return (out || '零元') + '整';
  if (jiao > 0) out += DIGITS[jiao] + '角';
  else if (out) out += '零';
  return fen > 0 ? out + DIGITS[fen] + '分' : out + '整';
}

/** How a notice states a price: '4,268,800.50 元（人民币肆佰贰拾陆万捌仟捌佰元伍角整）'. */
export function yuanForNotice(value: string): string {
  const capitals = yuanInCapitals(value);
  return capitals ? `${yuanWithSeparators(value)} 元（人民币${capitals}）` : `${yuanWithSeparators(value)} 元`;
}

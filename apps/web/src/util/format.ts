/** Display helpers: every time in Asia/Shanghai, amounts in 元 with thousands separators and in capitals (大写). */

const TZ = 'Asia/Shanghai';
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

function parts(f: Intl.DateTimeFormat, d: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** '2026-12-07T10:00:00+08:00' → '2026-12-07 10:00' (Beijing time), '' for null. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '';
  const p = parts(dateTime, d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The calendar date in Beijing: '2026-12-07'. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '';
  const p = parts(dateOnly, d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** '1234567.8' → '1,234,567.80'; the decimal string is never turned into a float on the way. */
export function formatYuan(value: string | number | null | undefined): string {
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
 * amounts without 分 end in 整; a run of zeros inside the number is read as one 零. Up to 15 integer digits.
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

export const PROCEDURE_NAMES: Record<string, string> = {
  construction: '工程建设',
  government: '政府采购',
  land: '土地使用权',
  property: '产权交易',
  other: '其他',
};

export const REGION_NAMES: Record<string, string> = {
  '210000': '辽宁省',
  '210100': '沈阳市',
  '210102': '和平区',
  '210103': '沈河区',
  '210104': '大东区',
  '210105': '皇姑区',
  '210106': '铁西区',
  '210112': '浑南区',
  '210113': '沈北新区',
  '210114': '于洪区',
};

export function regionName(code: string | null | undefined): string {
  if (!code) return '';
  return REGION_NAMES[code] ?? code;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} 字节`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A legal source as the rules table names it ('招标投标法实施条例 art. 26', '财政部令第94号 art. 26, 28'), in the
 * way a Chinese reader cites it: '《招标投标法实施条例》第 26 条', '财政部令第94号第 26、28 条'.
 */
export function lawSource(source: string | null | undefined): string {
  if (!source) return '';
  const m = /^(.*?)\s*art\.\s*([\d,\s、–-]+)$/.exec(source.trim());
  if (!m) return source;
  const name = m[1].trim();
  const articles = m[2].split(/[,\s、]+/).filter(Boolean).join('、').replace(/\s*[–-]\s*/g, ' 至 ');
  const titled = /^(.*令第\d+号)$/.test(name) || name.startsWith('《') ? name : `《${name}》`;
  return `${titled}第 ${articles} 条`;
}

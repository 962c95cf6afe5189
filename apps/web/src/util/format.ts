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

// 元 with thousands separators and in capitals: the same file as the API's notices (libs/core/src/money-zh.ts)
export { yuanWithSeparators as formatYuan, yuanInCapitals } from '@money-zh';

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

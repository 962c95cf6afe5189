import type { DisclosureCaseFiguresDto, DisclosureSeriesDto, DisclosureStatisticsDto } from './statistics.dto';

/** '0.9500' → '95.00%' */
export function percent(rate: string): string {
  return `${(Number(rate) * 100).toFixed(2)}%`;
}

function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** '2026-03' → '2026年3月' */
function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** The file name of the download: 交易信息公开统计_2026-01-01至2026-12-31.csv */
export function statisticsCsvName(report: Pick<DisclosureStatisticsDto, 'from' | 'to'>): string {
  return `交易信息公开统计_${report.from}至${report.to}.csv`;
}

/**
 * The statistics as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Chinese as the local
 * code page), CRLF line ends, a header row of Chinese column names (统计项目, one column per month, 合计) and one
 * row per figure; the reply figures of objections and complaints are for the whole period, so only their 合计
 * is filled.
 */
export function statisticsCsv(report: DisclosureStatisticsDto): string {
  const blanks = report.months.map(() => '');
  const rows: (string | number)[][] = [['统计项目', ...report.months.map((m) => monthLabel(m.month)), '合计']];
  const series = (name: string, s: DisclosureSeriesDto) => rows.push([name, ...s.months, s.total]);
  for (const t of report.notices.byType) series(`发布公告：${t.label}（篇）`, t);
  series('发布公告：合计（篇）', report.notices.all);
  series('招标文件下载（次）', report.documentsDownloaded);
  series('投标文件递交（次）', report.bidsReceived);
  series('有效投标文件（份）', report.bidsStanding);
  series('开标标段（个）', report.sectionsOpened);
  series('流标标段（个）', report.sectionsFailed);
  const whole = (name: string, value: string | number) => rows.push([name, ...blanks, value]);
  for (const c of report.cases) caseRows(c, whole);
  return '\uFEFF' + rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

function caseRows(c: DisclosureCaseFiguresDto, row: (name: string, value: string | number) => void): void {
  row(`${c.label}：收到（件）`, c.received);
  row(`${c.label}：已答复（件）`, c.replied);
  row(`${c.label}：按期答复（件）`, c.repliedWithinLimit);
  row(`${c.label}：逾期未答复（件）`, c.openOverdue);
  row(`${c.label}：答复率`, percent(c.replyRate));
  row(`${c.label}：按期答复率`, percent(c.withinLimitRate));
  row(`${c.label}：平均办理时间（工作日）`, c.averageWorkingDays === null ? '' : c.averageWorkingDays.toFixed(2));
}

import { percent, statisticsCsv, statisticsCsvName } from './statistics-csv';
import type { DisclosureStatisticsDto } from './statistics.dto';

const caseFigures = (kind: 'objection' | 'complaint' | 'all', label: string, received: number, replied: number) => ({
  kind,
  label,
  received,
  replied,
  repliedWithinLimit: replied,
  openOverdue: 0,
  replyRate: received ? (replied / received).toFixed(4) : '0.0000',
  withinLimitRate: received ? (replied / received).toFixed(4) : '0.0000',
  averageWorkingDays: replied ? 2.5 : null,
});

const report: DisclosureStatisticsDto = {
  from: '2026-01-15',
  to: '2026-02-10',
  timeZone: 'Asia/Shanghai',
  generatedAt: '2026-12-07T10:00:00+08:00',
  months: [
    { month: '2026-01', from: '2026-01-15', to: '2026-01-31' },
    { month: '2026-02', from: '2026-02-01', to: '2026-02-10' },
  ],
  notices: {
    byType: [
      { type: 'tender', label: '招标公告', total: 3, months: [1, 2] },
      { type: 'supplement', label: '补充/变更公告', total: 1, months: [0, 1] },
    ],
    all: { total: 4, months: [1, 3] },
  },
  documentsDownloaded: { total: 7, months: [7, 0] },
  bidsReceived: { total: 5, months: [2, 3] },
  bidsStanding: { total: 4, months: [2, 2] },
  sectionsOpened: { total: 1, months: [0, 1] },
  sectionsFailed: { total: 0, months: [0, 0] },
  cases: [caseFigures('objection', '异议（质疑）', 2, 1), caseFigures('complaint', '投诉', 0, 0), caseFigures('all', '异议与投诉合计', 2, 1)],
};

describe('statisticsCsv', () => {
  const csv = statisticsCsv(report);
  const lines = csv.slice(1).split('\r\n');

  it('starts with a UTF-8 byte-order mark and ends every line with CRLF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.slice(1).replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('names its columns in Chinese: the item, each month, the total', () => {
    expect(lines[0]).toBe('统计项目,2026年1月,2026年2月,合计');
  });

  it('has one row per figure, month by month, with the total', () => {
    expect(lines).toContain('发布公告：招标公告（篇）,1,2,3');
    expect(lines).toContain('发布公告：合计（篇）,1,3,4');
    expect(lines).toContain('招标文件下载（次）,7,0,7');
    expect(lines).toContain('投标文件递交（次）,2,3,5');
    expect(lines).toContain('开标标段（个）,0,1,1');
  });

  it('puts the whole-period reply figures in the total column only', () => {
    expect(lines).toContain('异议（质疑）：收到（件）,,,2');
    expect(lines).toContain('异议（质疑）：答复率,,,50.00%');
    expect(lines).toContain('投诉：平均办理时间（工作日）,,,');
    expect(lines).toContain('异议与投诉合计：平均办理时间（工作日）,,,2.50');
  });

  it('quotes a field that holds a comma or a quote', () => {
    const odd = statisticsCsv({ ...report, notices: { ...report.notices, byType: [{ type: 'tender', label: '招标,"公告"', total: 0, months: [0, 0] }] } });
    expect(odd).toContain('"发布公告：招标,""公告""（篇）",0,0,0');
  });

  it('names the file after the period', () => {
    expect(statisticsCsvName(report)).toBe('交易信息公开统计_2026-01-15至2026-02-10.csv');
    expect(percent('1.0000')).toBe('100.00%');
  });
});

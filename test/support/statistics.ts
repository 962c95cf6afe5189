import type { DisclosureStatisticsDto } from '@app/platform';

/**
 * The disclosure statistics as a test reads them (test/statistics.e2e-spec.ts, and a walk test that checks its
 * own events): `fetchStatistics` asks GET /api/public/statistics like anyone would (no account), `figuresOf`
 * keeps the numbers in a shape one `toEqual` can compare.
 */
export interface StatisticsClient {
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export async function fetchStatistics(t: StatisticsClient, period: { from?: string; to?: string } = {}): Promise<DisclosureStatisticsDto> {
  const query = new URLSearchParams(Object.entries(period).filter((e): e is [string, string] => e[1] !== undefined));
  const r = await t.fetch(`/api/public/statistics${query.size ? `?${query}` : ''}`);
  const text = await r.text();
  if (r.status !== 200) throw new Error(`GET /api/public/statistics: ${r.status} ${text}`);
  return JSON.parse(text) as DisclosureStatisticsDto;
}

export interface CaseFigures {
  received: number;
  replied: number;
  repliedWithinLimit: number;
  openOverdue: number;
  replyRate: string;
  averageWorkingDays: number | null;
}

export interface Figures {
  months: string[];
  /** only the notice types with any notice in the period, month by month */
  notices: Record<string, number[]>;
  downloads: number[];
  bidsReceived: number[];
  bidsStanding: number[];
  sectionsOpened: number[];
  sectionsFailed: number[];
  objections: CaseFigures;
  complaints: CaseFigures;
  cases: CaseFigures;
}

/** The figures of a report, month by month, checking on the way that every total is the sum of its months. */
export function figuresOf(report: DisclosureStatisticsDto): Figures {
  const months = (s: { total: number; months: number[] }) => {
    if (s.months.length !== report.months.length) throw new Error(`${s.months.length} figures for ${report.months.length} months`);
    if (s.months.reduce((a, b) => a + b, 0) !== s.total) throw new Error(`total ${s.total} is not the sum of ${s.months.join('+')}`);
    return s.months;
  };
  const notices = Object.fromEntries(report.notices.byType.filter((t) => t.total > 0).map((t) => [t.type, months(t)]));
  const sum = report.notices.byType.reduce((a, t) => a + t.total, 0);
  if (sum !== report.notices.all.total) throw new Error(`notices: ${report.notices.all.total} in all, ${sum} by type`);
  months(report.notices.all);
  const kind = (k: string): CaseFigures => {
    const c = report.cases.find((x) => x.kind === k);
    if (!c) throw new Error(`no case figures of kind ${k}`);
    return { received: c.received, replied: c.replied, repliedWithinLimit: c.repliedWithinLimit, openOverdue: c.openOverdue, replyRate: c.replyRate, averageWorkingDays: c.averageWorkingDays };
  };
  return {
    months: report.months.map((m) => m.month),
    notices,
    downloads: months(report.documentsDownloaded),
    bidsReceived: months(report.bidsReceived),
    bidsStanding: months(report.bidsStanding),
    sectionsOpened: months(report.sectionsOpened),
    sectionsFailed: months(report.sectionsFailed),
    objections: kind('objection'),
    complaints: kind('complaint'),
    cases: kind('all'),
  };
}

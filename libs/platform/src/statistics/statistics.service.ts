import { Injectable } from '@nestjs/common';
import { NOTICE_TYPE_NAMES, NOTICE_TYPES, NoticesService, TenderDocumentsService } from '@app/announcements';
import { BidOpeningService, BidSubmissionService } from '@app/bids';
import { CasesService, type CaseKind } from '@app/complaints';
import { apiTime, ClockService, PeriodCount, SHANGHAI_TIME_ZONE, toLocalDate } from '@app/core';
import { statisticsPeriod, StatisticsPeriod, yearToDate } from './statistics-period';
import type { DisclosureCaseFiguresDto, DisclosureSeriesDto, DisclosureStatisticsDto } from './statistics.dto';

const CASE_LABELS: Record<CaseKind | 'all', string> = { objection: '异议（质疑）', complaint: '投诉', all: '异议与投诉合计' };

/** Month-by-month figures from a module's period counts (1-based buckets), and their total. */
export function seriesOf<R extends PeriodCount>(rows: readonly R[], months: number, pick: (r: R) => number = (r) => r.count): DisclosureSeriesDto {
  const out = new Array<number>(months).fill(0);
  for (const r of rows) if (r.bucket >= 1 && r.bucket <= months) out[r.bucket - 1] += pick(r);
  return { total: out.reduce((a, b) => a + b, 0), months: out };
}

/**
 * The disclosure statistics of the annual report (政府信息公开工作年度报告) for a period: each module counts its
 * own records through its service, month by month (the months in Asia/Shanghai); this service only puts them
 * together. What each figure counts: docs/statistics.md.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly clock: ClockService,
    private readonly notices: NoticesService,
    private readonly documents: TenderDocumentsService,
    private readonly bids: BidSubmissionService,
    private readonly openings: BidOpeningService,
    private readonly cases: CasesService,
  ) {}

  /** The period asked for, this year so far by default; refused when invalid, reversed or longer than 5 years. */
  period(q: { from?: string; to?: string }): StatisticsPeriod {
    const year = yearToDate(toLocalDate(this.clock.now()));
    return statisticsPeriod(q.from ?? year.from, q.to ?? year.to);
  }

  async report(q: { from?: string; to?: string }): Promise<DisclosureStatisticsDto> {
    const p = this.period(q);
    const n = p.months.length;
    const from = p.boundaries[0];
    const to = p.boundaries[n];
    const caseFigures = async (kind: CaseKind | 'all'): Promise<DisclosureCaseFiguresDto> => {
      const { total } = await this.cases.statistics({ from, to, kind: kind === 'all' ? undefined : kind });
      const { departmentOrgId: _id, departmentName: _name, ...figures } = total;
      return { kind, label: CASE_LABELS[kind], ...figures };
    };
    const [notices, downloads, bids, openings, ...cases] = await Promise.all([
      this.notices.publishedCounts(p.boundaries),
      this.documents.downloadCounts(p.boundaries),
      this.bids.receivedCounts(p.boundaries),
      this.openings.openingCounts(p.boundaries),
      caseFigures('objection'),
      caseFigures('complaint'),
      caseFigures('all'),
    ]);
    return {
      from: p.from,
      to: p.to,
      timeZone: SHANGHAI_TIME_ZONE,
      generatedAt: apiTime(this.clock.now()),
      months: p.months,
      notices: {
        byType: NOTICE_TYPES.map((type) => ({ type, label: NOTICE_TYPE_NAMES[type], ...seriesOf(notices.filter((r) => r.type === type), n) })),
        all: seriesOf(notices, n),
      },
      documentsDownloaded: seriesOf(downloads, n),
      bidsReceived: seriesOf(bids, n),
      bidsStanding: seriesOf(bids, n, (r) => r.standing),
      sectionsOpened: seriesOf(openings, n),
      sectionsFailed: seriesOf(openings, n, (r) => r.failed),
      cases,
    };
  }
}

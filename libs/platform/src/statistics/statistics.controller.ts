import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems, Public, RateLimited } from '@app/core';
import { contentDisposition } from '@app/documents';
import { statisticsCsv, statisticsCsvName } from './statistics-csv';
import { DisclosureStatisticsDto, DisclosureStatisticsQueryDto } from './statistics.dto';
import { StatisticsService } from './statistics.service';

const PERIOD_PROBLEMS = { 400: ['VALIDATION_FAILED', 'BAD_DATE', 'STATISTICS_PERIOD_REVERSED', 'STATISTICS_PERIOD_TOO_LONG'] };

/**
 * The disclosure statistics (政府信息公开工作年度报告的统计数据): public, like the report itself, and counted
 * only from what the platform publishes or may publish in aggregate (no names). Throttled per address with the
 * budget of the public notice search, since each request counts over a whole period.
 */
@ApiTags('public 公开信息')
@Controller('public')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Public()
  @RateLimited('search')
  @Get('statistics')
  @ApiOperation({ summary: 'Disclosure statistics for a period (Asia/Shanghai days, at most 5 years): notices by type and month, downloads, bids, openings, 流标, objections and complaints' })
  @ApiOkResponse({ type: DisclosureStatisticsDto })
  @ApiProblems(PERIOD_PROBLEMS)
  report(@Query() q: DisclosureStatisticsQueryDto): Promise<DisclosureStatisticsDto> {
    return this.statistics.report(q);
  }

  @Public()
  @RateLimited('search')
  @Get('statistics.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The same figures as CSV for Excel (UTF-8 with BOM, Chinese column names, one column per month)' })
  @ApiOkResponse({ description: 'text/csv; charset=utf-8, with a byte-order mark', schema: { type: 'string' } })
  @ApiProblems(PERIOD_PROBLEMS)
  async csv(@Query() q: DisclosureStatisticsQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    const report = await this.statistics.report(q);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', contentDisposition(statisticsCsvName(report)));
    res.setHeader('Cache-Control', 'no-store');
    return statisticsCsv(report);
  }
}

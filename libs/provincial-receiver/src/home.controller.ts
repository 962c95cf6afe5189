import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { FaultInjector } from './fault-injector';
import { renderHomePage } from './home-page';
import { parseListQuery, type ListQuery } from './exchange.controller';
import { RecordStore } from './record-store';

@Controller()
export class HomeController {
  constructor(
    @Inject(RecordStore) private readonly store: RecordStore,
    @Inject(FaultInjector) private readonly faults: FaultInjector,
  ) {}

  @Get()
  async home(@Query() query: ListQuery, @Res() res: Response): Promise<void> {
    const parsed = parseListQuery(query, 50);
    if (parsed.errors.length > 0) {
      res.status(400).type('text/plain; charset=utf-8').send(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
      return;
    }
    const [page, counts] = await Promise.all([
      this.store.list(parsed.filter, { limit: parsed.limit, cursor: parsed.cursor, order: 'desc' }),
      this.store.countsByDataset(),
    ]);
    const html = renderHomePage({
      records: page.items,
      nextCursor: page.nextCursor,
      counts,
      faults: this.faults.settings,
      engine: this.store.engine,
      filter: { datasetCode: parsed.filter.datasetCode, tenderProjectCode: parsed.filter.tenderProjectCode },
    });
    res.status(200).setHeader('Cache-Control', 'no-store');
    res.type('text/html; charset=utf-8').send(html);
  }

  @Get('healthz')
  health() {
    return { status: 'ok' };
  }
}

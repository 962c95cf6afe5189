import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DATASET_CODES, EXCHANGE_PROJECTS_PATH, EXCHANGE_RECORDS_PATH, isDatasetCode } from '@app/exchange';
import { Delays } from './delays';
import { ExchangeReceiver, type SimReply } from './exchange-receiver';
import { RecordStore, type StoredRecord } from './record-store';
import { formatShanghai } from './shanghai-time';
import { TrafficLog } from './traffic-log';
import { incomingRequest, respond } from './exchange-responder';

export type RawRequest = Request & { rawBody?: Buffer };

/** A stored record as the listing shows it. */
export function presentRecord(r: StoredRecord) {
  return {
    serialNumber: r.serialNumber,
    datasetCode: r.datasetCode,
    platformCode: r.platformCode,
    tenderProjectCode: r.tenderProjectCode,
    sequence: r.sequence,
    dataTimestamp: formatShanghai(r.dataTimestamp),
    receiveTime: formatShanghai(r.receiveTime),
    bodySha256: r.bodySha256,
    envelope: JSON.parse(r.body) as unknown,
  };
}

export interface ListQuery {
  datasetCode?: string;
  tenderProjectCode?: string;
  serialNumber?: string;
  limit?: string;
  cursor?: string;
}

/** Checks the listing's query; used by the JSON listing and the HTML page. */
export function parseListQuery(query: ListQuery, defaultLimit: number) {
  const errors: { path: string; message: string }[] = [];
  const one = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const datasetCode = one(query.datasetCode);
  if (datasetCode !== undefined && !isDatasetCode(datasetCode)) {
    errors.push({ path: 'datasetCode', message: `must be one of ${DATASET_CODES.join(', ')}` });
  }
  const limitText = one(query.limit);
  const limit = limitText === undefined ? defaultLimit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) errors.push({ path: 'limit', message: 'must be an integer from 1 to 500' });
  const cursor = one(query.cursor);
  if (cursor !== undefined && !/^[0-9]{1,18}$/.test(cursor)) errors.push({ path: 'cursor', message: 'must be a cursor returned as nextCursor' });
  return {
    errors,
    filter: { datasetCode, tenderProjectCode: one(query.tenderProjectCode), serialNumber: one(query.serialNumber) },
    limit,
    cursor,
  };
}

/**
 * The reconciliation GET and the listing. `POST /v1/exchange/records` is not here: it is served in front of
 * Nest, on node:http (RecordsFastPath in exchange-responder.ts).
 */
@Controller()
export class ExchangeController {
  constructor(
    @Inject(ExchangeReceiver) private readonly receiver: ExchangeReceiver,
    @Inject(RecordStore) private readonly store: RecordStore,
    @Inject(Delays) private readonly delays: Delays,
    @Inject(TrafficLog) private readonly traffic: TrafficLog,
  ) {}

  @Get(`${EXCHANGE_PROJECTS_PATH}/:tenderProjectCode`)
  async getProject(
    @Param('tenderProjectCode') tenderProjectCode: string,
    @Req() req: RawRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.respond(req, res, () => this.receiver.reconcile(incomingRequest(req, req.path, req.rawBody ?? Buffer.alloc(0)), tenderProjectCode));
  }

  /** Lists what was received, in arrival order, for people and tests (not signed). */
  @Get(EXCHANGE_RECORDS_PATH)
  async listRecords(@Query() query: ListQuery, @Res() res: Response): Promise<void> {
    const parsed = parseListQuery(query, 50);
    if (parsed.errors.length > 0) {
      res.status(400).json({ success: false, errorCode: 'BAD_QUERY', errorMessage: 'invalid query', errors: parsed.errors });
      return;
    }
    const page = await this.store.list(parsed.filter, { limit: parsed.limit, cursor: parsed.cursor, order: 'asc' });
    res.status(200).json({ items: page.items.map(presentRecord), nextCursor: page.nextCursor });
  }

  private respond(req: RawRequest, res: Response, handle: () => Promise<SimReply>): Promise<void> {
    return respond({ method: req.method, path: req.path }, res, handle, this.delays, this.traffic);
  }
}

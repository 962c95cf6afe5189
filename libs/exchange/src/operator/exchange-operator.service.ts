import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, apiTime, ChangeService, DomainError, Errors } from '@app/core';
import { OutboxStatus } from '../outbox/outbox-record.entity';
import { notifyOutbox } from '../outbox/outbox.service';

export interface OutboxRecordView {
  id: string;
  serialNumber: string;
  tenderProjectCode: string;
  sequence: number;
  datasetCode: string;
  status: OutboxStatus;
  createdAt: string;
  queuedAt: string | null;
  deliveredAt: string | null;
  receiveTime: string | null;
  attempts: number;
  lastError: string | null;
  deadReason: string | null;
  deadAt: string | null;
  nextAttemptAt: string | null;
  replays: number;
}

const COLUMNS = `id::text AS id, serial_number, tender_project_code, sequence, dataset_code, status, created_at, queued_at, delivered_at,
  receive_time, attempts, last_error, dead_reason, dead_at, next_attempt_at, replays`;

type Row = Record<string, unknown>;
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : apiTime(new Date(v as string)));

function view(r: Row): OutboxRecordView {
  return {
    id: String(r.id),
    serialNumber: String(r.serial_number),
    tenderProjectCode: String(r.tender_project_code),
    sequence: Number(r.sequence),
    datasetCode: String(r.dataset_code),
    status: r.status as OutboxStatus,
    createdAt: iso(r.created_at)!,
    queuedAt: iso(r.queued_at),
    deliveredAt: iso(r.delivered_at),
    receiveTime: iso(r.receive_time),
    attempts: Number(r.attempts),
    lastError: (r.last_error as string | null) ?? null,
    deadReason: (r.dead_reason as string | null) ?? null,
    deadAt: iso(r.dead_at),
    nextAttemptAt: iso(r.next_attempt_at),
    replays: Number(r.replays),
  };
}

/** What operators do with the outbox: list it, look at one record, replay dead (or delivered) records. */
@Injectable()
export class ExchangeOperatorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
  ) {}

  /**
   * Newest first; `before` is the cursor (an id) returned as nextBefore. Each filter left out (status, project)
   * narrows nothing: without `status` every status is listed.
   */
  async list(status: OutboxStatus | undefined, opts: { before?: string; limit: number; tenderProjectCode?: string }) {
    const params: unknown[] = [opts.limit + 1];
    let where = 'TRUE';
    if (status) {
      params.push(status);
      where += ` AND status = $${params.length}`;
    }
    if (opts.before) {
      params.push(opts.before);
      where += ` AND id < $${params.length}::bigint`;
    }
    if (opts.tenderProjectCode) {
      params.push(opts.tenderProjectCode);
      where += ` AND tender_project_code = $${params.length}`;
    }
    const rows: Row[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM outbox WHERE ${where} ORDER BY outbox.id DESC LIMIT $1`, params);
    const items = rows.slice(0, opts.limit).map(view);
    return { items, nextBefore: rows.length > opts.limit ? items[items.length - 1].id : null };
  }

  async get(id: string): Promise<OutboxRecordView & { body: unknown }> {
    const rows: Row[] = await this.dataSource.query(`SELECT ${COLUMNS}, body FROM outbox WHERE id = $1::bigint`, [id]);
    if (!rows[0]) throw Errors.notFound('Outbox record', '推送记录');
    return { ...view(rows[0]), body: JSON.parse(String(rows[0].body)) };
  }

  /** Sends a dead (or delivered) record again with the same serialNumber and bytes. Audited. */
  async replay(actor: Actor, id: string): Promise<OutboxRecordView> {
    return this.change.run(actor, async (ctx) => {
      const rows: Row[] = await ctx.manager.query(`SELECT ${COLUMNS} FROM outbox WHERE id = $1::bigint FOR UPDATE`, [id]);
      const before = rows[0];
      if (!before) throw Errors.notFound('Outbox record', '推送记录');
      if (before.status !== 'dead' && before.status !== 'delivered') {
        throw new DomainError(
          'EXCHANGE_RECORD_IN_FLIGHT',
          409,
          '该记录正在推送中，无需重推',
          `The record is ${String(before.status)}: it is on its way already`,
          { recordStatus: before.status },
        );
      }
      const [after]: Row[] = await ctx.manager.query(
        `WITH u AS (
           UPDATE outbox SET status = 'pending', attempts = 0, replays = replays + 1, next_attempt_at = NULL, dead_reason = NULL, dead_at = NULL
            WHERE id = $1::bigint RETURNING *)
         SELECT ${COLUMNS} FROM u`,
        [id],
      );
      await notifyOutbox(ctx.manager);
      await ctx.audit({
        action: 'exchange.replay',
        entityType: 'outbox',
        entityId: String(id),
        data: { serialNumber: before.serial_number, previousStatus: before.status, deadReason: before.dead_reason, lastError: before.last_error },
      });
      return view(after);
    });
  }

  /** Replays every dead record (optionally only those dead for one reason). Audited as one entry. */
  async replayDead(actor: Actor, reason?: string): Promise<{ replayed: number }> {
    return this.change.run(actor, async (ctx) => {
      const rows: { id: string; serial_number: string }[] = await ctx.manager.query(
        `WITH u AS (
           UPDATE outbox SET status = 'pending', attempts = 0, replays = replays + 1, next_attempt_at = NULL, dead_reason = NULL, dead_at = NULL
            WHERE status = 'dead' AND ($1::text IS NULL OR dead_reason = $1::text) RETURNING id, serial_number)
         SELECT id::text AS id, serial_number FROM u ORDER BY u.id`,
        [reason ?? null],
      );
      if (rows.length > 0) {
        await notifyOutbox(ctx.manager);
        await ctx.audit({
          action: 'exchange.replay_dead',
          entityType: 'outbox',
          entityId: reason ? `dead:${reason}` : 'dead',
          data: { count: rows.length, reason: reason ?? null, serialNumbers: rows.slice(0, 1000).map((r) => r.serial_number) },
        });
      }
      return { replayed: rows.length };
    });
  }
}

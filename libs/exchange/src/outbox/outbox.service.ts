import { EventEmitter } from 'node:events';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { EntityManager } from 'typeorm';
import { PLATFORM_CONFIG, PlatformConfig } from '@app/core';
import { canonicalBody, DatasetCode, ExchangeEnvelope, isDatasetCode, serialNumber, SPEC_VERSION, validateEnvelope } from '../contract';
import { shanghaiDateTime } from './data-timestamp';

/** The channel the relay listens on; the notification is delivered when the writing transaction commits. */
export const OUTBOX_CHANNEL = 'provincial_outbox';

/**
 * In-process signal that a row was appended (before its commit). On PGlite, which has no second session to
 * LISTEN on, the relay of the same process wakes on it; its claim then waits for the session until the
 * writing transaction has ended.
 */
export const outboxAppended = new EventEmitter();
outboxAppended.setMaxListeners(100);

/** Wakes the relays after rows were set (back) to pending outside `append` (replays, reconciliation). */
export async function notifyOutbox(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
  outboxAppended.emit('appended');
}

export interface OutboxEntry {
  tenderProjectCode: string;
  datasetCode: DatasetCode;
  /** The data set's record (docs/provincial-api.md); validated against its JSON Schema here. */
  record: object;
  /** The time of the change (ChangeContext.at): the envelope's dataTimestamp and the serialNumber's date. */
  at: Date;
}

export interface OutboxAppended {
  id: string;
  sequence: number;
  serialNumber: string;
}

/** A record that fails its data set's schema: a programming error of the module that built it. */
export class OutboxRecordInvalidError extends Error {
  constructor(
    readonly datasetCode: string,
    readonly errors: { path: string; message: string }[],
  ) {
    super(`outbox: the ${datasetCode} record fails its schema: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    this.name = 'OutboxRecordInvalidError';
  }
}

/**
 * Writes upstream records into the outbox inside the caller's transaction (数据交换, R38). Every module that
 * reports a change calls `append(ctx.manager, …)` from within `ChangeService.run`, so the record is committed
 * together with the change or not at all, and nothing leaves the process before commit.
 */
@Injectable()
export class OutboxService {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Optional() private readonly cls?: ClsService,
  ) {}

  async append(manager: EntityManager, entry: OutboxEntry): Promise<OutboxAppended> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error("OutboxService.append must run inside the caller's transaction (use ctx.manager of ChangeService.run)");
    }
    const { tenderProjectCode, datasetCode, record, at } = entry;
    if (!isDatasetCode(datasetCode)) throw new Error(`outbox: unknown datasetCode ${JSON.stringify(datasetCode)}`);
    if (typeof tenderProjectCode !== 'string' || tenderProjectCode.length < 1 || tenderProjectCode.length > 60) {
      throw new Error(`outbox: tenderProjectCode must be 1-60 characters, got ${JSON.stringify(tenderProjectCode)}`);
    }

    // The next sequence of this project: the counter row stays locked until this transaction ends, so a
    // concurrent change of the same project waits here, and a rollback gives the number back.
    const [taken] = (await manager.query(
      `WITH s AS (
         INSERT INTO outbox_project_sequence AS p (tender_project_code, last_sequence) VALUES ($1, 1)
         ON CONFLICT (tender_project_code) DO UPDATE SET last_sequence = p.last_sequence + 1
         RETURNING last_sequence
       )
       SELECT s.last_sequence AS sequence, nextval(pg_get_serial_sequence('outbox', 'id'))::text AS id FROM s`,
      [tenderProjectCode],
    )) as { sequence: number; id: string }[];
    const sequence = Number(taken.sequence);
    const id = taken.id;

    const envelope: ExchangeEnvelope = {
      specVersion: SPEC_VERSION,
      serialNumber: serialNumber(this.config.platformCode, at, Number(id)),
      datasetCode,
      platformCode: this.config.platformCode,
      tenderProjectCode,
      sequence,
      dataTimestamp: shanghaiDateTime(at),
      record: record as ExchangeEnvelope['record'],
    };
    const body = canonicalBody(envelope).toString('utf8');
    const result = validateEnvelope(JSON.parse(body));
    if (!result.ok) throw new OutboxRecordInvalidError(datasetCode, result.errors);

    await manager.query(
      `WITH ins AS (
         INSERT INTO outbox (id, serial_number, tender_project_code, sequence, dataset_code, body, status, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)
         RETURNING id
       )
       SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM ins`,
      [id, envelope.serialNumber, tenderProjectCode, sequence, datasetCode, body, this.cls?.isActive() ? (this.cls.getId() ?? null) : null],
    );
    outboxAppended.emit('appended');
    return { id, sequence, serialNumber: envelope.serialNumber };
  }

  /**
   * Where records stand upstream, by outbox id (as `append` returned it): for notices and publicity the
   * receiveTime is the official publication time upstream, which the platform shows.
   */
  async deliveries(manager: EntityManager, ids: string[]): Promise<Map<string, { status: string; receiveTime: Date | null }>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; status: string; receive_time: Date | null }[] = await manager.query(
      `SELECT id::text AS id, status, receive_time FROM outbox WHERE id = ANY($1::bigint[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { status: r.status, receiveTime: r.receive_time ? new Date(r.receive_time) : null }]));
  }
}

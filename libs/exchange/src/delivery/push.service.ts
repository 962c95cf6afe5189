import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { classifyPushResponse, PushOutcome } from '../client/push-outcome';
import { ProvincialClient } from '../client/provincial.client';
import { MicroBatch } from '@app/core';
import { ClaimHandoff, type SendableRow } from './claim-handoff';

export type AttemptResult =
  | { kind: 'outcome'; outcome: PushOutcome; attempts: number; serialNumber: string }
  /** Nothing to send: the row is gone, already delivered, or dead (a stale job after a replay or a requeue). */
  | { kind: 'skipped'; status: string };

/**
 * One delivery attempt of one outbox row, the same for every transport: read the stored bytes, POST them,
 * classify the answer, and keep the result on the row. How and when to retry is the transport's business
 * (BullMQ's attempts and backoff, or the in-process transport's timers); it records that with `recordRetry`.
 */
@Injectable()
export class PushService {
  private readonly logger = new Logger('ProvincialPush');
  /**
   * Rows read for concurrent deliveries in one query, and deliveries marked in one statement (one commit); one
   * of each runs at a time, and what arrives meanwhile goes in the next (group commit: under load the batches
   * grow, not the number of statements).
   */
  private readonly loads: MicroBatch<string, SendableRow | undefined>;
  /** Each delivery still waits for its own row to be marked before its job completes. */
  private readonly deliveries: MicroBatch<{ id: string; receiveTime: Date }, void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: ProvincialClient,
    private readonly handoff: ClaimHandoff,
  ) {
    this.loads = new MicroBatch(async (ids) => {
      const rows: SendableRow[] = await this.dataSource.query(
        `SELECT id::text AS id, body, status, attempts, serial_number, request_id FROM outbox WHERE id = ANY($1::bigint[])`,
        [ids],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    }, { maxRunning: 1 });
    this.deliveries = new MicroBatch<{ id: string; receiveTime: Date }, void>(async (items) => {
      await this.dataSource.query(
        `UPDATE outbox o SET status = 'delivered', delivered_at = clock_timestamp(), receive_time = v.receive_time, attempts = o.attempts + 1,
                last_error = NULL, next_attempt_at = NULL, dead_reason = NULL, dead_at = NULL
           FROM (SELECT unnest($1::bigint[]) AS id, unnest($2::timestamptz[]) AS receive_time) v
          WHERE o.id = v.id AND o.status IN ('pending', 'queued')`,
        [items.map((i) => i.id), items.map((i) => i.receiveTime.toISOString())],
      );
      return items.map(() => undefined);
    }, { maxRunning: 1 });
  }

  async attempt(outboxId: string): Promise<AttemptResult> {
    // The row as this process's relay claimed it a moment ago, or else as it is now.
    const row = this.handoff.take(outboxId) ?? (await this.loads.call(outboxId));
    if (!row) return { kind: 'skipped', status: 'missing' };
    if (row.status === 'delivered' || row.status === 'dead') return { kind: 'skipped', status: row.status };
    const response = await this.client.push(row.body);
    const outcome = classifyPushResponse(response, Date.now());
    const attempts = row.attempts + 1;
    if (outcome.kind === 'delivered') {
      await this.deliveries.call({ id: outboxId, receiveTime: outcome.receiveTime });
      // one line per delivered record, with the id of the request that wrote it (and of the record upstream)
      this.logger.log({ msg: 'record delivered', outboxId, serialNumber: row.serial_number, requestId: row.request_id, receiveTime: outcome.receiveTime });
    } else if (outcome.kind === 'dead') {
      await this.dataSource.query(
        `UPDATE outbox SET status = 'dead', dead_reason = $2, last_error = $3, dead_at = clock_timestamp(), attempts = attempts + 1,
                next_attempt_at = NULL
          WHERE id = $1 AND status IN ('pending', 'queued')`,
        [outboxId, outcome.reason.slice(0, 40), outcome.error],
      );
      const message = `provincial exchange refused record ${row.serial_number} (outbox ${outboxId}): ${outcome.reason}: ${outcome.error}`;
      if (outcome.alert) {
        this.logger.error(
          `ALERT ${message}. It is dead-lettered and will not be retried; ` +
            (outcome.reason === 'BAD_SIGNATURE'
              ? 'check PROVINCIAL_SECRET, PLATFORM_CODE and the server clock, then replay the dead records.'
              : 'fix the cause, then replay it (POST /admin/exchange/records/:id/replay).'),
        );
      } else {
        this.logger.warn(message);
      }
    }
    return { kind: 'outcome', outcome, attempts, serialNumber: row.serial_number };
  }

  /**
   * Keeps a failed attempt's error and when the next one is due. `release` puts the row back to pending so
   * that the relay hands it to the transport again once due (the in-process transport; a BullMQ job out of
   * attempts); otherwise the row stays queued while the transport holds the retry.
   */
  async recordRetry(outboxId: string, error: string, delayMs: number, release: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
              next_attempt_at = clock_timestamp() + $3::int * interval '1 millisecond'
              ${release ? `, status = 'pending'` : ''}
        WHERE id = $1 AND status IN ('pending', 'queued')`,
      [outboxId, error.slice(0, 2000), Math.max(0, Math.round(delayMs))],
    );
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PLATFORM_CONFIG, PlatformConfig } from '@app/core';
import { ProvincialClient } from '../client/provincial.client';
import { ClaimHandoff } from '../delivery/claim-handoff';
import { EXCHANGE_OPTIONS, ExchangeOptions } from '../exchange.options';
import { OUTBOX_CHANNEL, outboxAppended } from '../outbox/outbox.service';
import { PUSH_TRANSPORT, PushTransport } from '../transport/push-transport';

const ENQUEUE_TIMEOUT_MS = 10_000;
const COALESCE_MS = 15;

/**
 * For the rest of a claim's (or a sweep's) transaction: walk the partial index in its order and stop after the
 * batch, whatever the statistics say. Without statistics (a table not analysed yet: a new deployment, a
 * restore, pg_upgrade; the benchmark's database) the planner guesses a few hundred pending rows and takes a
 * bitmap scan of every pending row, bodies included, sorted in full under `FOR UPDATE` (there is no top-N
 * sort below LockRows) for each batch of 200: measured at 100 ms a claim with 20,000 pending rows, which held
 * the relay near 2,000 records/s and made draining a backlog quadratic in its size.
 */
export const CLAIM_PLAN = `SELECT set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`;

/** The claim of one batch ($1 rows): due pending rows, oldest first, none that another relay holds. */
export const CLAIM_SQL = `SELECT id, attempts, queued_at IS NOT NULL AS requeue, status, body, serial_number, request_id FROM outbox
  WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= clock_timestamp())
  ORDER BY id
  LIMIT $1
  FOR UPDATE SKIP LOCKED`;

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}

interface ClaimedRow {
  id: string;
  attempts: number;
  requeue: boolean;
  status: string;
  body: string;
  serial_number: string;
  request_id: string | null;
}

/**
 * Moves committed outbox rows to the transport: claims due pending rows in small batches with
 * `FOR UPDATE SKIP LOCKED` (so several workers share the work without waiting on each other), hands them to
 * the transport and marks them queued, all in one transaction: if the hand-over fails, the rows stay pending.
 * Woken by LISTEN/NOTIFY on PostgreSQL (a dedicated connection), by the in-process signal on PGlite, and
 * polls as a fallback. Rows queued longer than the retry window go back to pending and are handed over again.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  private stopped = true;
  private loopDone?: Promise<void>;
  private wake?: () => void;
  private woken = false;
  private listener?: Client;
  private listenerRetry?: NodeJS.Timeout;
  private lastSweep = 0;
  /** Set when the transport's connection came back: the loop checks for a lost queue at once. */
  private nudged = false;
  private reconnectWatched = false;
  private readonly onAppended = () => this.signal();

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: ProvincialClient,
    @Inject(PUSH_TRANSPORT) private readonly transport: PushTransport,
    @Inject(EXCHANGE_OPTIONS) private readonly options: ExchangeOptions,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly handoff: ClaimHandoff,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.client.configured) {
      this.logger.warn('no provincial platform URL (PROVINCIAL_API_URL): records stay in the outbox until one is configured');
      return;
    }
    this.start();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (!this.reconnectWatched && this.transport.onReconnect) {
      this.reconnectWatched = true;
      this.transport.onReconnect(() => this.nudge());
    }
    if (this.config.database.kind === 'postgres') void this.listen(this.config.database.url);
    else outboxAppended.on('appended', this.onAppended);
    this.loopDone = this.loop();
    this.logger.log(`relaying the outbox to ${this.client.url} through the ${this.transport.kind} transport`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    outboxAppended.off('appended', this.onAppended);
    clearTimeout(this.listenerRetry);
    this.signal();
    await this.loopDone;
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
  }

  private signal(): void {
    this.woken = true;
    this.wake?.();
  }

  /** The queue's connection is back: end any pause, even the one after a failure, and look at the queue now. */
  private nudge(): void {
    this.nudged = true;
    this.signal();
  }

  private async listen(url: string): Promise<void> {
    if (this.stopped) return;
    const c = new Client({ connectionString: url, application_name: 'etendering-outbox-relay' });
    const retry = (e?: Error) => {
      if (this.listener !== c) return;
      this.listener = undefined;
      c.end().catch(() => undefined);
      if (this.stopped) return;
      if (e) this.logger.warn(`LISTEN connection lost (${e.message}); polling every ${this.options.relayPollMs} ms until it is back`);
      this.listenerRetry = setTimeout(() => void this.listen(url), 2000);
      this.listenerRetry.unref();
    };
    this.listener = c;
    c.on('notification', () => this.signal());
    c.on('error', (e) => retry(e));
    c.on('end', () => retry(new Error('connection ended')));
    try {
      await c.connect();
      await c.query(`LISTEN ${OUTBOX_CHANNEL}`);
      // Rows committed while we were not listening.
      this.signal();
    } catch (e) {
      retry(e as Error);
    }
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let claimed: number;
      let nextDueMs: number | undefined;
      try {
        this.nudged = false;
        const lost = await this.requeueIfQueueLost();
        if (lost > 0) this.logger.warn(`the ${this.transport.kind} queue lost its jobs (Redis restarted without its data?): handing ${lost} queued records over again now`);
        const sweepEvery = Math.min(30_000, Math.max(1000, this.options.requeueAfterMs / 2));
        if (Date.now() - this.lastSweep >= sweepEvery) {
          this.lastSweep = Date.now();
          const n = await this.sweep();
          if (n > 0) this.logger.warn(`${n} records were queued for longer than ${this.options.requeueAfterMs} ms: handing them over again`);
        }
        this.woken = false;
        claimed = await this.claim();
        if (claimed < this.options.relayBatchSize) nextDueMs = await this.nextDueInMs();
        failures = 0;
      } catch (e) {
        failures++;
        const pause = Math.min(30_000, 250 * 2 ** Math.min(failures, 7));
        if (failures === 1 || failures % 20 === 0) this.logger.warn(`relay: ${(e as Error).message}; trying again in ${pause} ms`);
        await this.sleep(pause, false);
        continue;
      }
      if (claimed >= this.options.relayBatchSize) continue;
      await this.sleep(Math.min(this.options.relayPollMs, nextDueMs ?? Infinity), true);
      // Let the commits that arrive together be claimed together (one claim per burst, not per row).
      if (!this.stopped && this.woken) await this.sleep(COALESCE_MS, false);
    }
  }

  /** Waits for `ms`, or less when woken (a notification, a stop). */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopped || (wakeable && this.woken)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wake = wakeable ? done : () => (this.stopped || this.nudged ? done() : undefined);
    });
  }

  /** Claims one batch of due pending rows and hands them to the transport. Returns how many. */
  async claim(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(CLAIM_PLAN);
      const rows: ClaimedRow[] = await manager.query(CLAIM_SQL, [this.options.relayBatchSize]);
      if (rows.length === 0) return 0;
      // This process's deliveries will not read these rows again (those that run here, that is).
      this.handoff.offer(rows.map((r) => ({ id: String(r.id), body: r.body, status: r.status, attempts: Number(r.attempts), serial_number: r.serial_number, request_id: r.request_id })));
      // Bounded: a transport that cannot take the rows (Redis away) must not hold the claim's locks.
      await withTimeout(
        this.transport.enqueue(rows.map((r) => ({ outboxId: String(r.id), attempts: Number(r.attempts), requeue: r.requeue === true }))),
        ENQUEUE_TIMEOUT_MS,
        `the ${this.transport.kind} transport did not take ${rows.length} records within ${ENQUEUE_TIMEOUT_MS} ms`,
      );
      await manager.query(`UPDATE outbox SET status = 'queued', queued_at = clock_timestamp() WHERE id = ANY($1::bigint[])`, [rows.map((r) => String(r.id))]);
      return rows.length;
    });
  }

  /**
   * When the transport says its queue was lost (Redis back without its data), every row marked queued may have
   * lost its job: all of them go back to pending and are claimed again at once (a row waiting for a retry when
   * its retry is due, `next_attempt_at`), instead of after the requeue window. Safe for rows whose job survived: a job of the same id is not added twice, the receiver
   * deduplicates by serialNumber. Returns how many.
   */
  async requeueIfQueueLost(): Promise<number> {
    if (!this.transport.queueLost) return 0;
    const lost = await withTimeout(this.transport.queueLost(), ENQUEUE_TIMEOUT_MS, `the ${this.transport.kind} transport did not answer within ${ENQUEUE_TIMEOUT_MS} ms`);
    if (!lost) return 0;
    const [row]: { n: number }[] = await this.dataSource.query(
      `WITH u AS (UPDATE outbox SET status = 'pending' WHERE status = 'queued' RETURNING id)
       SELECT count(*)::int AS n FROM u`,
    );
    // only now: had the update failed, the next pass would see the loss again
    await this.transport.markQueue?.();
    return Number(row?.n ?? 0);
  }

  /** Puts rows queued for longer than the retry window back to pending. */
  async sweep(): Promise<number> {
    // (a CTE, so that the driver returns rows for every database: TypeORM answers a bare UPDATE differently;
    // now(), the transaction's start, not clock_timestamp(): a stable bound is a range of the index, a volatile
    // one a filter over every queued row)
    const [row]: { n: number }[] = await this.dataSource.transaction(async (manager) => {
      await manager.query(CLAIM_PLAN);
      return manager.query(
        `WITH u AS (
           UPDATE outbox SET status = 'pending', next_attempt_at = NULL
            WHERE id IN (
              SELECT id FROM outbox
               WHERE status = 'queued' AND queued_at < now() - $1::int * interval '1 millisecond'
               ORDER BY queued_at
               LIMIT 1000
               FOR UPDATE SKIP LOCKED)
            RETURNING id)
         SELECT count(*)::int AS n FROM u`,
        [this.options.requeueAfterMs],
      );
    });
    return Number(row?.n ?? 0);
  }

  private async nextDueInMs(): Promise<number | undefined> {
    const [row]: { ms: string | null }[] = await this.dataSource.query(
      `SELECT (EXTRACT(EPOCH FROM (min(next_attempt_at) - clock_timestamp())) * 1000)::bigint AS ms
         FROM outbox WHERE status = 'pending' AND next_attempt_at IS NOT NULL`,
    );
    return row?.ms === null || row?.ms === undefined ? undefined : Math.max(0, Number(row.ms));
  }
}

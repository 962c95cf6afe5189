import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { retryAfterDelayMs, retryDelayMs } from '../client/retry-delay';
import { PushService } from '../delivery/push.service';
import { EXCHANGE_OPTIONS, ExchangeOptions } from '../exchange.options';
import { PushItem, PushTransport } from './push-transport';

/**
 * The embedded default's transport: deliveries run in this process, at most `concurrency` at a time. A failed
 * attempt puts the row back to pending with its next attempt time (the same backoff with jitter and the same
 * Retry-After rule as BullMQ), so the retry schedule lives in the database and survives a restart; the relay
 * hands the row over again when it is due.
 */
@Injectable()
export class InProcessTransport implements PushTransport, BeforeApplicationShutdown {
  readonly kind = 'in-process' as const;
  private readonly logger = new Logger('InProcessTransport');
  private readonly waiting: string[] = [];
  private readonly known = new Set<string>();
  private active = 0;
  private stopping = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly push: PushService,
    private readonly dataSource: DataSource,
    @Inject(EXCHANGE_OPTIONS) private readonly options: ExchangeOptions,
  ) {}

  async enqueue(items: PushItem[]): Promise<void> {
    if (this.stopping) throw new Error('the in-process transport is shutting down');
    for (const item of items) {
      if (this.known.has(item.outboxId)) continue;
      this.known.add(item.outboxId);
      this.waiting.push(item.outboxId);
    }
    // Start after the relay's transaction has had its turn (the rows must be committed as queued first).
    setImmediate(() => this.pump());
  }

  /** Deliveries waiting or running in this process. */
  get inFlight(): number {
    return this.known.size;
  }

  private pump(): void {
    while (!this.stopping && this.active < this.options.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      this.active++;
      void this.run(id).finally(() => {
        this.active--;
        this.known.delete(id);
        if (this.active === 0) for (const resolve of this.idle.splice(0)) resolve();
        this.pump();
      });
    }
  }

  private async run(id: string): Promise<void> {
    try {
      const result = await this.push.attempt(id);
      if (result.kind !== 'outcome' || result.outcome.kind !== 'retry') return;
      const { outcome } = result;
      const delay =
        outcome.retryAfterMs !== undefined ? retryAfterDelayMs(outcome.retryAfterMs) : retryDelayMs(result.attempts, this.options.backoff);
      await this.push.recordRetry(id, outcome.error, delay, true);
    } catch (e) {
      // The database is away: the row stays queued and the relay's sweep hands it over again.
      this.logger.warn(`delivery of outbox ${id} interrupted: ${(e as Error).message}`);
    }
  }

  /** Stops taking work, gives back what has not started, and waits for running deliveries (each bounded by the HTTP timeout). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const release = this.waiting.splice(0);
    for (const id of release) this.known.delete(id);
    if (release.length > 0) {
      await this.dataSource
        .query(`UPDATE outbox SET status = 'pending' WHERE id = ANY($1::bigint[]) AND status = 'queued'`, [release])
        .catch((e: Error) => this.logger.warn(`could not release ${release.length} records (the relay's sweep will): ${e.message}`));
    }
    if (this.active > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}

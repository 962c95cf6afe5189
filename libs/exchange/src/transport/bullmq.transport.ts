import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { EXCHANGE_OPTIONS, ExchangeOptions } from '../exchange.options';
import { PROVINCIAL_PUSH_QUEUE, PUSH_JOB_NAMES, PushJobData, pushJobId } from '../queue/push-queue.constants';
import { PushItem, PushTransport } from './push-transport';

/**
 * Production transport: one BullMQ job per outbox row on `provincial-push`, jobId derived from the outbox id,
 * so that adding a row twice (a requeue after a crash) is a no-op while the job exists. A row handed over
 * again after its job finished (a replay, a resend after reconciliation, a job out of attempts) gets its
 * finished job removed first, so that the add is not swallowed as a duplicate.
 */
@Injectable()
export class BullmqTransport implements PushTransport {
  readonly kind = 'bullmq' as const;
  private readonly logger = new Logger('BullmqTransport');

  constructor(
    @InjectQueue(PROVINCIAL_PUSH_QUEUE) private readonly queue: Queue,
    @Inject(EXCHANGE_OPTIONS) private readonly options: ExchangeOptions,
  ) {
    let lastWarned = 0;
    queue.on('error', (e: Error) => {
      if (Date.now() - lastWarned < 10_000) return;
      lastWarned = Date.now();
      this.logger.warn(`${PROVINCIAL_PUSH_QUEUE} queue: ${e.message} (records stay in the outbox meanwhile)`);
    });
  }

  /**
   * Whether this queue's marker (`<prefix>:provincial-push:relay-marker`) is missing: the queue is new, or its
   * Redis lost its data (restarted without persistence), so the jobs of the rows marked queued may be gone.
   * The relay hands those rows over again and then writes the marker (markQueue).
   */
  async queueLost(): Promise<boolean> {
    const client = await this.queue.getBackend().client;
    return (await client.get(this.markerKey())) === null;
  }

  async markQueue(): Promise<void> {
    const client = await this.queue.getBackend().client;
    await client.set(this.markerKey(), new Date().toISOString());
  }

  markerKey(): string {
    return `${this.options.queuePrefix}:${PROVINCIAL_PUSH_QUEUE}:relay-marker`;
  }

  onReconnect(listener: () => void): void {
    void this.queue.getBackend().client.then(
      (client) => {
        let connected = client.status === 'ready';
        client.on('ready', () => {
          if (connected) return;
          connected = true;
          listener();
        });
        client.on('end', () => (connected = false));
        client.on('close', () => (connected = false));
      },
      () => undefined,
    );
  }

  async enqueue(items: PushItem[]): Promise<void> {
    for (const item of items) {
      if (!item.requeue) continue;
      const job = await this.queue.getJob(pushJobId(item.outboxId));
      if (!job) continue;
      const state = await job.getState();
      // A waiting, delayed or running job still holds the record: leave it, the add below is a no-op.
      if (state === 'completed' || state === 'failed') await job.remove();
    }
    await this.queue.addBulk(
      items.map((item) => ({
        name: PUSH_JOB_NAMES.push,
        data: { outboxId: item.outboxId, priorAttempts: item.attempts, backoff: this.options.backoff } satisfies PushJobData,
        opts: { jobId: pushJobId(item.outboxId) },
      })),
    );
  }
}

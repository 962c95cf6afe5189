import { Inject, Injectable, Optional } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { ExchangeStatusService } from '../operator/exchange-status.service';
import { PROVINCIAL_PUSH_QUEUE } from '../queue/push-queue.constants';

/**
 * Prometheus metrics of the exchange (and the process), in this registry rather than prom-client's global one
 * so that several applications in one process (tests) do not collide. Values are read at scrape time from
 * the outbox (cached briefly), so the API reports what every worker did.
 */
@Injectable()
export class ExchangeMetricsService {
  readonly registry = new Registry();

  constructor(
    status: ExchangeStatusService,
    @Optional() @Inject(getQueueToken(PROVINCIAL_PUSH_QUEUE)) queue?: Queue,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'etendering_' });
    new Gauge({
      name: 'exchange_outbox_records',
      help: 'Outbox records by status (pending, queued, delivered, dead)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const s = await status.status();
        for (const [k, v] of Object.entries(s.counts)) this.set({ status: k }, v);
      },
    });
    new Gauge({
      name: 'exchange_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest outbox record not yet delivered (pending or queued), 0 when none',
      registers: [this.registry],
      async collect() {
        this.set((await status.status()).oldestPendingAgeSeconds);
      },
    });
    new Gauge({
      name: 'exchange_delivery_latency_seconds',
      help: 'Commit-to-receive latency of the records delivered in the last 5 minutes, by quantile',
      labelNames: ['quantile'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const { latency } = await status.status();
        const q: [string, number | null][] = [
          ['0.5', latency.p50Seconds],
          ['0.95', latency.p95Seconds],
          ['0.99', latency.p99Seconds],
          ['1', latency.maxSeconds],
        ];
        for (const [quantile, v] of q) if (v !== null) this.set({ quantile }, v);
      },
    });
    new Gauge({
      name: 'exchange_delivered_recent',
      help: 'Records delivered in the last 5 minutes',
      registers: [this.registry],
      async collect() {
        this.set((await status.status()).latency.delivered);
      },
    });
    new Gauge({
      name: 'exchange_dead_records',
      help: 'Dead-lettered records by reason',
      labelNames: ['reason'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [reason, n] of Object.entries((await status.status()).deadByReason)) this.set({ reason }, n);
      },
    });
    if (queue) {
      new Gauge({
        name: 'exchange_queue_jobs',
        help: `Jobs of the BullMQ queue ${PROVINCIAL_PUSH_QUEUE} by state`,
        labelNames: ['state'],
        registers: [this.registry],
        async collect() {
          this.reset();
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
          for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
        },
      });
    }
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

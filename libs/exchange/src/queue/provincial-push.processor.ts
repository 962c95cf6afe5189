import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { EXCHANGE_OPTIONS, ExchangeOptions } from '../exchange.options';
import { PROVINCIAL_PUSH_QUEUE } from './push-queue.constants';
import { PushJobHandlers, pushBackoffStrategy } from './push-job.handler';
import { stallDetectionOf } from './stall-detection';

/** Where @nestjs/bullmq keeps a processor's worker options; it reads them after the processor is constructed. */
const WORKER_OPTIONS_METADATA = 'bullmq:worker_metadata';

/**
 * The BullMQ worker of `provincial-push`. Thin: each job goes to its handler by name. The worker starts only
 * after every job name has a handler; on shutdown it finishes its running jobs before the database closes
 * (jobs not started stay in Redis for the other workers).
 */
@Processor(PROVINCIAL_PUSH_QUEUE, {
  autorun: false,
  // lockDuration and stalledInterval: EXCHANGE_LOCK_MS and EXCHANGE_STALLED_CHECK_MS from the configuration, set by
  // the constructor below; a killed worker's jobs are taken over within their sum (stall-detection.ts).
  // A stall means a worker died, not that the job is bad: let it be taken over a few times.
  maxStalledCount: 10,
  settings: { backoffStrategy: pushBackoffStrategy },
})
export class ProvincialPushProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ProvincialPushWorker');

  constructor(
    private readonly handlers: PushJobHandlers,
    @Inject(EXCHANGE_OPTIONS) private readonly options: ExchangeOptions,
  ) {
    super();
    // How long a job of a killed worker waits before another worker takes it (EXCHANGE_LOCK_MS): the decorator's
    // options are fixed at import, so the configured lock joins them here, before @nestjs/bullmq creates the worker.
    const decorated = (Reflect.getMetadata(WORKER_OPTIONS_METADATA, ProvincialPushProcessor) ?? {}) as Record<string, unknown>;
    const stall = stallDetectionOf(options);
    Reflect.defineMetadata(WORKER_OPTIONS_METADATA, { ...decorated, lockDuration: stall.lockDuration, stalledInterval: stall.stalledInterval }, ProvincialPushProcessor);
  }

  process(job: Job, token?: string): Promise<unknown> {
    return this.handlers.run(job, token);
  }

  onApplicationBootstrap(): void {
    const missing = this.handlers.missingHandlers();
    if (missing.length > 0) {
      throw new Error(`the ${PROVINCIAL_PUSH_QUEUE} worker refuses to start: no handler for job name(s) ${missing.join(', ')}`);
    }
    this.worker.concurrency = this.options.concurrency;
    // Redis away, a job gone with it: say so (at most every 10 s), the worker reconnects by itself.
    let lastWarned = 0;
    this.worker.on('error', (e: Error) => {
      if (Date.now() - lastWarned < 10_000) return;
      lastWarned = Date.now();
      this.logger.warn(`${PROVINCIAL_PUSH_QUEUE} worker: ${e.message}`);
    });
    this.worker.run().catch((e: Error) => this.logger.error(`the ${PROVINCIAL_PUSH_QUEUE} worker stopped: ${e.message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }
}


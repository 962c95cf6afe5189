import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { EXCHANGE_OPTIONS, ExchangeOptions } from '../exchange.options';
import { PROVINCIAL_PUSH_QUEUE } from './push-queue.constants';
import { PushJobHandlers, pushBackoffStrategy } from './push-job.handler';
import { stallDetectionOf } from './stall-detection';

// Read when the class is declared (the decorator's options); loadExchangeOptions refuses invalid values at start.
const stall = stallDetectionOf(process.env);

/**
 * The BullMQ worker of `provincial-push`. Thin: each job goes to its handler by name. The worker starts only
 * after every job name has a handler; on shutdown it finishes its running jobs before the database closes
 * (jobs not started stay in Redis for the other workers).
 */
@Processor(PROVINCIAL_PUSH_QUEUE, {
  autorun: false,
  // A killed worker's jobs are taken over within lockDuration + stalledInterval (stall-detection.ts).
  lockDuration: stall.lockDuration,
  stalledInterval: stall.stalledInterval,
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


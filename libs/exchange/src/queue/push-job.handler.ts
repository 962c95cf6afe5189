import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DelayedError, Job, MinimalJob, UnrecoverableError } from 'bullmq';
import { retryAfterDelayMs, retryDelayMs } from '../client/retry-delay';
import { PushService } from '../delivery/push.service';
import { EXCHANGE_OPTIONS, ExchangeOptions } from '../exchange.options';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { PUSH_JOB_NAMES, PushJobData, PushJobName, pushJobId } from './push-queue.constants';

/**
 * A random number in [0, 1) fixed by the job and the attempt, so that the backoff BullMQ computes (in the
 * backoff strategy) and the next attempt time written on the row (in the handler) agree.
 */
export function jobJitter(jobId: string, failedAttempts: number): number {
  return createHash('sha256').update(`${jobId}:${failedAttempts}`).digest().readUIntBE(0, 6) / 2 ** 48;
}

/** The worker's custom backoff strategy (type `exponential-jitter`): the failed attempts of the record so far. */
export function pushBackoffStrategy(attemptsMade: number, _type?: string, _err?: Error, job?: MinimalJob): number {
  const data = job?.data as PushJobData | undefined;
  if (!data) return 1000;
  const failed = data.priorAttempts + attemptsMade;
  return retryDelayMs(failed, data.backoff, () => jobJitter(pushJobId(data.outboxId), failed));
}

type Handler = (job: Job, token?: string) => Promise<unknown>;

/** The handlers of the push queue's jobs, by job name. */
@Injectable()
export class PushJobHandlers {
  private readonly logger = new Logger('ProvincialPush');
  private readonly handlers: Record<PushJobName, Handler>;

  constructor(
    private readonly push: PushService,
    private readonly reconciliation: ReconciliationService,
    @Inject(EXCHANGE_OPTIONS) private readonly options: ExchangeOptions,
  ) {
    this.handlers = {
      [PUSH_JOB_NAMES.push]: (job, token) => this.pushRecord(job as Job<PushJobData>, token),
      [PUSH_JOB_NAMES.reconcile]: () => this.reconciliation.run(),
    };
  }

  /** Job names of the queue that have no handler (the worker refuses to start when there are any). */
  missingHandlers(): string[] {
    return Object.values(PUSH_JOB_NAMES).filter((name) => typeof (this.handlers as Record<string, Handler | undefined>)[name] !== 'function');
  }

  run(job: Job, token?: string): Promise<unknown> {
    const handler = (this.handlers as Record<string, Handler | undefined>)[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job name ${JSON.stringify(job.name)} on the push queue`);
    return handler(job, token);
  }

  private async pushRecord(job: Job<PushJobData>, token?: string): Promise<unknown> {
    const { outboxId } = job.data;
    const result = await this.push.attempt(outboxId);
    if (result.kind === 'skipped') return { skipped: result.status };
    const { outcome } = result;
    switch (outcome.kind) {
      case 'delivered':
        return { delivered: true, duplicate: outcome.duplicate, receiveTime: outcome.receiveTime.toISOString() };
      case 'dead':
        // Kept in the failed set for the dashboard; the row is dead with its reason.
        throw new UnrecoverableError(`${outcome.reason}: ${outcome.error}`);
      case 'retry': {
        if (outcome.retryAfterMs !== undefined && token) {
          // Rate limited: wait as asked; this does not use up one of the job's attempts.
          const delay = retryAfterDelayMs(outcome.retryAfterMs);
          await this.push.recordRetry(outboxId, outcome.error, delay, false);
          await job.moveToDelayed(Date.now() + delay, token);
          throw new DelayedError();
        }
        const failed = job.data.priorAttempts + job.attemptsMade + 1;
        const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (last) {
          // Out of attempts: the record goes back to the outbox and gets a new job when due. Retryable
          // failures never dead-letter a record.
          const delay = retryDelayMs(failed, this.options.backoff);
          await this.push.recordRetry(outboxId, outcome.error, delay, true);
          this.logger.warn(`record ${result.serialNumber} still failing after ${result.attempts} attempts (${outcome.error}); next try in ${Math.round(delay / 1000)} s`);
        } else {
          const delay = retryDelayMs(failed, job.data.backoff, () => jobJitter(pushJobId(outboxId), failed));
          await this.push.recordRetry(outboxId, outcome.error, delay, false);
        }
        throw new Error(outcome.error);
      }
    }
  }
}

import type { BackoffPolicy } from '../client/retry-delay';

/** The BullMQ queue of deliveries to the provincial platform (省平台推送). */
export const PROVINCIAL_PUSH_QUEUE = 'provincial-push';

/** Every job name on the queue; the worker refuses to start if one has no handler. */
export const PUSH_JOB_NAMES = {
  /** Deliver one outbox record. */
  push: 'push-record',
  /** Ask the receiver what it holds and re-send what is missing. */
  reconcile: 'reconcile',
} as const;
export type PushJobName = (typeof PUSH_JOB_NAMES)[keyof typeof PUSH_JOB_NAMES];

/** The custom backoff type of push jobs: exponential with jitter and a cap (retryDelayMs). */
export const PUSH_BACKOFF_TYPE = 'exponential-jitter';

export interface PushJobData {
  outboxId: string;
  /** Attempts the record had before this job (earlier jobs), so the backoff keeps growing across jobs. */
  priorAttempts: number;
  backoff: BackoffPolicy;
}

/** The job id of an outbox row: derived 1:1 from the outbox id (BullMQ refuses integer custom ids). */
export function pushJobId(outboxId: string): string {
  return `outbox-${outboxId}`;
}

export const RECONCILE_SCHEDULER_ID = 'provincial-reconcile';

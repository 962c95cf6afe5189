/** One outbox row handed to the transport by the relay. */
export interface PushItem {
  outboxId: string;
  /** Attempts the row had already. */
  attempts: number;
  /** The row was handed over before (a retry, a replay, a re-send after reconciliation, or a requeue of a row
   * stuck in queued): an adapter that keeps finished jobs must let this one run again. */
  requeue: boolean;
}

/**
 * The port between the relay and whatever moves deliveries (docs/design.md: ports with adapters chosen by
 * configuration). An adapter only moves jobs: every delivery runs PushService.attempt, and the retry rules
 * are the same functions for every adapter.
 */
export interface PushTransport {
  readonly kind: 'bullmq' | 'in-process';
  /** Accepts the items or throws (the relay then leaves the rows pending). Called inside the relay's claim
   * transaction: it must not wait for deliveries. */
  enqueue(items: PushItem[]): Promise<void>;
  /**
   * Whether the jobs handed over so far may be gone (a queue kept outside the process, e.g. Redis restarted
   * without its data, or a queue never used): the relay then hands every queued row over again at once and
   * calls markQueue. An adapter without such a queue leaves both out.
   */
  queueLost?(): Promise<boolean>;
  markQueue?(): Promise<void>;
  /** Calls `listener` each time the queue's connection is back after a loss of connection. */
  onReconnect?(listener: () => void): void;
}

export const PUSH_TRANSPORT = Symbol('PUSH_TRANSPORT');

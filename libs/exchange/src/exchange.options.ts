import type { PlatformConfig } from '@app/core';
import type { BackoffPolicy } from './client/retry-delay';

/**
 * Tuning of the exchange (EXCHANGE_* in the one configuration, libs/core/src/config), with defaults that suit one
 * municipal platform. Tests and the benchmark pass overrides.
 */
export interface ExchangeOptions {
  /** EXCHANGE_HTTP_TIMEOUT_MS: one request to the provincial platform. */
  httpTimeoutMs: number;
  /** EXCHANGE_JOB_ATTEMPTS: attempts of one BullMQ job; after them the record goes back to pending and the relay
   * gives it a new job after the backoff cap. Retryable failures never dead-letter a record. */
  jobAttempts: number;
  /** EXCHANGE_BACKOFF_BASE_MS, EXCHANGE_BACKOFF_MAX_MS, EXCHANGE_BACKOFF_JITTER. */
  backoff: BackoffPolicy;
  /** EXCHANGE_RELAY_BATCH: rows one relay claim takes. */
  relayBatchSize: number;
  /** EXCHANGE_RELAY_POLL_MS: the relay looks at the outbox at least this often (LISTEN/NOTIFY wakes it sooner). */
  relayPollMs: number;
  /** EXCHANGE_REQUEUE_AFTER_MS: the retry window; a row queued longer than this is handed to the transport
   * again (safe: jobId = outbox id deduplicates in BullMQ, the receiver deduplicates by serialNumber). */
  requeueAfterMs: number;
  /** EXCHANGE_CONCURRENCY: deliveries in flight per worker process. */
  concurrency: number;
  /** EXCHANGE_QUEUE_PREFIX: the BullMQ key prefix in Redis. */
  queuePrefix: string;
  /** EXCHANGE_RECONCILE_INTERVAL_MS: how often the worker reconciles with the receiver (0: never). */
  reconcileIntervalMs: number;
  /** EXCHANGE_LOCK_MS: a running delivery's job lock in Redis. */
  lockMs: number;
  /** EXCHANGE_STALLED_CHECK_MS: how often a dead worker's jobs are looked for (shorter than the lock). */
  stalledCheckMs: number;
  /** METRICS_TOKEN: when set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

export const EXCHANGE_OPTIONS = Symbol('EXCHANGE_OPTIONS');

/** Kept for callers that catch it; the configuration's problems are now a ConfigError from loadConfig. */
export class ExchangeOptionsError extends Error {}

/**
 * The exchange's options from the one validated configuration (PlatformConfig.exchange, read by loadConfig from
 * EXCHANGE_* and METRICS_TOKEN), with the overrides tests and the benchmark pass.
 */
export function loadExchangeOptions(config: Pick<PlatformConfig, 'exchange' | 'queuePrefix'>, overrides: Partial<ExchangeOptions> = {}): ExchangeOptions {
  const { metricsToken, ...tuning } = config.exchange;
  return { ...tuning, queuePrefix: config.queuePrefix, ...(metricsToken ? { metricsToken } : {}), ...overrides };
}

import type { BackoffPolicy } from './client/retry-delay';
import { stallDetectionOf } from './queue/stall-detection';

/**
 * Tuning of the exchange, read from the environment (EXCHANGE_*), with defaults that suit one municipal
 * platform. Tests and the benchmark pass overrides.
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
  /** METRICS_TOKEN: when set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

export const EXCHANGE_OPTIONS = Symbol('EXCHANGE_OPTIONS');

export class ExchangeOptionsError extends Error {}

export function loadExchangeOptions(env: Record<string, string | undefined> = process.env, overrides: Partial<ExchangeOptions> = {}): ExchangeOptions {
  const problems: string[] = [];
  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected an integer from ${min} to ${max}`);
      return def;
    }
    return n;
  };
  const jitterRaw = env.EXCHANGE_BACKOFF_JITTER;
  let jitter = 0.5;
  if (jitterRaw !== undefined && jitterRaw !== '') {
    jitter = Number(jitterRaw);
    if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(jitterRaw)) {
      problems.push(`EXCHANGE_BACKOFF_JITTER=${JSON.stringify(jitterRaw)} is not valid: expected a number from 0 to 1`);
      jitter = 0.5;
    }
  }
  const prefix = env.EXCHANGE_QUEUE_PREFIX || 'bull';
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(prefix)) problems.push(`EXCHANGE_QUEUE_PREFIX=${JSON.stringify(prefix)} is not valid: expected 1-64 of A-Z a-z 0-9 _ . : -`);
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && metricsToken.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters');
  // (read by the BullMQ worker's options; checked here so that a bad value stops the start with the others)
  problems.push(...stallDetectionOf(env).problems);
  const options: ExchangeOptions = {
    httpTimeoutMs: int('EXCHANGE_HTTP_TIMEOUT_MS', 10_000, 100, 300_000),
    jobAttempts: int('EXCHANGE_JOB_ATTEMPTS', 10, 1, 1000),
    backoff: {
      baseMs: int('EXCHANGE_BACKOFF_BASE_MS', 2_000, 1, 3600_000),
      maxMs: int('EXCHANGE_BACKOFF_MAX_MS', 600_000, 1, 86_400_000),
      jitter,
    },
    relayBatchSize: int('EXCHANGE_RELAY_BATCH', 200, 1, 5000),
    relayPollMs: int('EXCHANGE_RELAY_POLL_MS', 5_000, 10, 600_000),
    requeueAfterMs: int('EXCHANGE_REQUEUE_AFTER_MS', 600_000, 1_000, 86_400_000),
    concurrency: int('EXCHANGE_CONCURRENCY', 16, 1, 500),
    queuePrefix: prefix,
    reconcileIntervalMs: int('EXCHANGE_RECONCILE_INTERVAL_MS', 900_000, 0, 86_400_000),
    metricsToken,
    ...overrides,
  };
  if (problems.length) throw new ExchangeOptionsError(`Invalid configuration 配置错误:\n  - ${problems.join('\n  - ')}`);
  return options;
}

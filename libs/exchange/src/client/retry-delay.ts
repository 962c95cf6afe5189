export interface BackoffPolicy {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** Cap of the exponential growth. */
  maxMs: number;
  /** Share of the delay that is random, 0–1: the delay lies in [d·(1−jitter), d]. */
  jitter: number;
}

/**
 * Exponential backoff with jitter: after the n-th failed attempt (n ≥ 1) wait d = min(max, base·2^(n−1)),
 * less a random part of up to `jitter`·d, so that retries of many records spread out ("equal jitter": the
 * delay still grows with every failure). `random` returns [0, 1).
 */
export function retryDelayMs(failedAttempts: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(failedAttempts));
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 40));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.floor(exp * (1 - jitter) + random() * exp * jitter);
}

/**
 * The wait after a 429 (or 503) with Retry-After: at least what the receiver asked, plus up to 10 % so that
 * records throttled together do not return together.
 */
export function retryAfterDelayMs(retryAfterMs: number, random: () => number = Math.random): number {
  return Math.ceil(retryAfterMs * (1 + 0.1 * random()));
}

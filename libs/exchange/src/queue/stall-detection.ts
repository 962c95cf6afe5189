/**
 * How BullMQ notices that a worker died with jobs in hand, and how soon another worker takes them over.
 *
 * A running job holds a lock in Redis for `lockDuration`, renewed by its worker every half of it. Every worker
 * runs a stall check every `stalledInterval` (one check per interval across all workers): it takes back the
 * jobs whose lock is gone among those it had already seen running at the previous check, then notes the jobs
 * running now. So a killed worker's lock runs out at most `lockDuration` after the kill (it was renewed at most
 * half of that before), and the first check after that takes its jobs back, at most `stalledInterval` later,
 * as long as another worker runs: the bound is `lockDuration + stalledInterval` after the kill. This needs the
 * check to come more often than the lock lasts (stalledInterval < lockDuration); with them equal, as BullMQ's
 * defaults (30 s each) are, a job waits up to twice the lock.
 */
export interface StallDetection {
  /** EXCHANGE_LOCK_MS: a running job's lock (20 s). */
  lockDuration: number;
  /** EXCHANGE_STALLED_CHECK_MS: the stall check's interval (half the lock, 10 s by default). */
  stalledInterval: number;
  /** The longest a killed worker's jobs wait before another worker runs them again (30 s by default). */
  takeoverBoundMs: number;
}

/** The BullMQ worker's settings from the configured lock and check (PlatformConfig.exchange, validated there). */
export function stallDetectionOf(options: { lockMs: number; stalledCheckMs: number }): StallDetection {
  return { lockDuration: options.lockMs, stalledInterval: options.stalledCheckMs, takeoverBoundMs: options.lockMs + options.stalledCheckMs };
}

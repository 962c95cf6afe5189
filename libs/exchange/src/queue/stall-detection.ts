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

export const DEFAULT_LOCK_MS = 20_000;

/** Reads EXCHANGE_LOCK_MS and EXCHANGE_STALLED_CHECK_MS; returns the problems instead of throwing. */
export function stallDetectionOf(env: Record<string, string | undefined>): StallDetection & { problems: string[] } {
  const problems: string[] = [];
  const int = (name: string, def: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected an integer from ${min} to ${max}`);
      return def;
    }
    return Number(raw);
  };
  const lockDuration = int('EXCHANGE_LOCK_MS', DEFAULT_LOCK_MS, 1_000, 600_000);
  let stalledInterval = int('EXCHANGE_STALLED_CHECK_MS', Math.ceil(lockDuration / 2), 500, 600_000);
  if (stalledInterval >= lockDuration) {
    problems.push(
      `EXCHANGE_STALLED_CHECK_MS (${stalledInterval}) must be less than EXCHANGE_LOCK_MS (${lockDuration}): a killed worker's jobs would otherwise wait up to twice the lock`,
    );
    stalledInterval = Math.ceil(lockDuration / 2);
  }
  return { lockDuration, stalledInterval, takeoverBoundMs: lockDuration + stalledInterval, problems };
}

import type { MinimalJob } from 'bullmq';
import { jobJitter, pushBackoffStrategy } from './push-job.handler';

describe('the push queue’s backoff strategy', () => {
  const job = (priorAttempts: number) =>
    ({ data: { outboxId: '42', priorAttempts, backoff: { baseMs: 1000, maxMs: 600_000, jitter: 0.5 } } }) as unknown as MinimalJob;

  it('grows with the record’s failed attempts across jobs, within the jitter band', () => {
    const first = pushBackoffStrategy(1, 'exponential-jitter', undefined, job(0));
    expect(first).toBeGreaterThanOrEqual(500);
    expect(first).toBeLessThan(1000);
    const later = pushBackoffStrategy(1, 'exponential-jitter', undefined, job(4));
    expect(later).toBeGreaterThanOrEqual(8000);
    expect(later).toBeLessThan(16_000);
  });

  it('is the same for the same job and attempt (so the row can show the next attempt time)', () => {
    expect(pushBackoffStrategy(3, 'x', undefined, job(0))).toBe(pushBackoffStrategy(3, 'x', undefined, job(0)));
    expect(jobJitter('outbox-42', 3)).toBe(jobJitter('outbox-42', 3));
    expect(jobJitter('outbox-42', 3)).not.toBe(jobJitter('outbox-43', 3));
  });
});

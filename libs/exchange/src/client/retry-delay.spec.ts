import { retryAfterDelayMs, retryDelayMs } from './retry-delay';

const policy = { baseMs: 1000, maxMs: 60_000, jitter: 0.5 };

describe('retryDelayMs: exponential backoff with jitter', () => {
  it.each([
    [1, 500, 1000],
    [2, 1000, 2000],
    [3, 2000, 4000],
    [6, 16_000, 32_000],
    [7, 30_000, 60_000],
    [50, 30_000, 60_000],
  ])('after %i failed attempts waits between %i and %i ms', (n, min, max) => {
    expect(retryDelayMs(n, policy, () => 0)).toBe(min);
    expect(retryDelayMs(n, policy, () => 0.999999)).toBe(max - 1);
    for (let i = 0; i < 50; i++) {
      const d = retryDelayMs(n, policy);
      expect(d).toBeGreaterThanOrEqual(min);
      expect(d).toBeLessThan(max);
    }
  });

  it('spreads the retries of records that failed together', () => {
    const delays = new Set(Array.from({ length: 100 }, () => retryDelayMs(4, policy)));
    expect(delays.size).toBeGreaterThan(50);
  });

  it('without jitter is plain exponential', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, { ...policy, jitter: 0 }, () => 0.7))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('treats a count below 1 as the first retry', () => {
    expect(retryDelayMs(0, policy, () => 0)).toBe(500);
  });
});

describe('retryAfterDelayMs', () => {
  it('waits at least what the receiver asked, and at most 10 % more', () => {
    expect(retryAfterDelayMs(5000, () => 0)).toBe(5000);
    expect(retryAfterDelayMs(5000, () => 0.999)).toBe(5500);
  });
});

import type { TestApp } from '../../test/support/test-app';

/** The median; of an even number of values, the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th percentile of times sorted ascending. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** `fn` run `n` times in turn: each run's milliseconds, sorted ascending. */
export async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

/** GET `path` `requests` times after `warmUp` requests, each answer read whole and required to be 200: p50 and p95 in ms. */
export async function httpPercentiles(t: TestApp, path: string, requests: number, warmUp = 20): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < warmUp; i++) await (await t.fetch(path)).arrayBuffer();
  const times = await timed(requests, async () => {
    const r = await t.fetch(path);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
  });
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

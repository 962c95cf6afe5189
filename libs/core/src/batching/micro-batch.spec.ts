import { MicroBatch } from './micro-batch';

describe('MicroBatch', () => {
  it('runs the calls of one turn of the event loop as one batch, each caller getting its own result', async () => {
    const runs: number[][] = [];
    const batch = new MicroBatch<number, string>(async (keys) => {
      runs.push(keys);
      return keys.map((k) => `r${k}`);
    });
    const results = await Promise.all([1, 2, 3].map((k) => batch.call(k)));
    expect(results).toEqual(['r1', 'r2', 'r3']);
    expect(runs).toEqual([[1, 2, 3]]);

    // A later turn is a new batch.
    expect(await batch.call(4)).toBe('r4');
    expect(runs).toEqual([[1, 2, 3], [4]]);
  });

  it('starts a batch as soon as it holds maxSize calls', async () => {
    const runs: number[][] = [];
    const batch = new MicroBatch<number, number>(async (keys) => {
      runs.push(keys);
      return keys;
    }, { maxSize: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((k) => batch.call(k)));
    expect(runs).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('with maxRunning, gathers the calls that arrive while the batches run into the next one (group commit)', async () => {
    const runs: number[][] = [];
    const gates: (() => void)[] = [];
    const batch = new MicroBatch<number, number>(
      (keys) => {
        runs.push(keys);
        return new Promise((resolve) => gates.push(() => resolve(keys.map((k) => -k))));
      },
      { maxRunning: 1 },
    );
    const first = batch.call(1);
    await new Promise((r) => setImmediate(r));
    expect(runs).toEqual([[1]]);

    // The first batch is still running: these wait, over several turns of the event loop, and then go together.
    const later: Promise<number>[] = [];
    for (const k of [2, 3, 4]) {
      later.push(batch.call(k));
      await new Promise((r) => setImmediate(r));
    }
    expect(runs).toEqual([[1]]);
    gates.shift()!();
    expect(await first).toBe(-1);
    await new Promise((r) => setImmediate(r));
    expect(runs).toEqual([[1], [2, 3, 4]]);
    gates.shift()!();
    expect(await Promise.all(later)).toEqual([-2, -3, -4]);

    // Idle again: a lone call starts at once.
    const lone = batch.call(5);
    await new Promise((r) => setImmediate(r));
    expect(runs).toEqual([[1], [2, 3, 4], [5]]);
    gates.shift()!();
    expect(await lone).toBe(-5);
  });

  it('with maxRunning, a failed batch frees its place for the calls waiting behind it', async () => {
    let calls = 0;
    const batch = new MicroBatch<number, number>(
      async (keys) => {
        if (calls++ === 0) throw new Error('deadlock detected');
        return keys;
      },
      { maxRunning: 1 },
    );
    const failing = batch.call(1);
    const waiting = batch.call(2); // same turn: same batch, fails with it
    await expect(failing).rejects.toThrow('deadlock detected');
    await expect(waiting).rejects.toThrow('deadlock detected');
    expect(await batch.call(3)).toBe(3);
  });

  it('with maxWeight, closes a batch before it would weigh more (a heavier call alone still goes)', async () => {
    const runs: number[][] = [];
    const batch = new MicroBatch<number, number>(
      async (keys) => {
        runs.push(keys);
        return keys;
      },
      { weigh: (k) => k, maxWeight: 10 },
    );
    await Promise.all([4, 5, 2, 30, 1, 9].map((k) => batch.call(k)));
    expect(runs).toEqual([[4, 5], [2], [30], [1, 9]]);
  });

  it("rejects every call of a failed batch with the batch's error, and goes on with the next batch", async () => {
    let fail = true;
    const batch = new MicroBatch<number, number>(async (keys) => {
      if (fail) throw new Error('database gone');
      return keys.map((k) => k * 10);
    });
    const failed = await Promise.allSettled([1, 2].map((k) => batch.call(k)));
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((failed[0] as PromiseRejectedResult).reason).toEqual(new Error('database gone'));
    fail = false;
    expect(await batch.call(3)).toBe(30);
  });
});

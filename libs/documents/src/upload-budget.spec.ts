import { PassThrough } from 'node:stream';
import { UploadBudget } from './upload-budget';

describe('UploadBudget: the memory of all uploads together', () => {
  it('grants at once while there is room, then makes uploads wait, first come first served', async () => {
    const budget = new UploadBudget(10);
    const a = await budget.reserve(6);
    const b = await budget.reserve(4);
    expect(budget.inUse).toBe(10);
    const order: string[] = [];
    const c = budget.reserve(5).then((r) => (order.push('c'), r));
    const d = budget.reserve(1).then((r) => (order.push('d'), r)); // small, but behind c: no overtaking
    await new Promise((resolve) => setImmediate(resolve));
    expect(budget.waiting).toBe(2);
    expect(order).toEqual([]);
    a.release();
    a.release(); // a second release gives nothing back twice
    await Promise.all([c, d]);
    expect(order).toEqual(['c', 'd']);
    expect(budget.inUse).toBe(10);
    b.release();
    (await c).release();
    (await d).release();
    expect(budget.inUse).toBe(0);
  });

  it('cuts a reservation larger than the budget to the budget, so that one upload alone always starts', async () => {
    const budget = new UploadBudget(10);
    const big = await budget.reserve(1000);
    expect(big.bytes).toBe(10);
    big.release();
    expect(budget.inUse).toBe(0);
  });

  it('ends the wait of an upload whose client went away, holding nothing, and lets the next one in', async () => {
    const budget = new UploadBudget(10);
    const first = await budget.reserve(10);
    const source = new PassThrough();
    const gone = budget.reserve(5, source);
    const next = budget.reserve(5);
    source.destroy();
    await expect(gone).rejects.toMatchObject({ code: 'UPLOAD_INCOMPLETE' });
    expect(budget.waiting).toBe(1);
    first.release();
    expect((await next).bytes).toBe(5);
    expect(budget.inUse).toBe(5);
  });
});

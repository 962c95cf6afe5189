import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@app/core';
import { DeadlineGuard } from './deadline-guard';

/** A platform clock the spec moves by hand, over jest's fake timers. */
function fakeClock(start: number) {
  let offset = 0;
  return {
    now: () => new Date(start + offset + (Date.now() - started)),
    move: (ms: number) => (offset += ms),
  };
}
let started = 0;

async function drain(guard: DeadlineGuard): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of guard) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('DeadlineGuard (R15: the deadline is the server clock alone)', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    started = Date.now();
  });
  afterEach(() => jest.useRealTimers());

  it('passes a body that completes before 截止 unchanged and stamps its completion', async () => {
    const clock = fakeClock(1_000_000);
    const guard = new DeadlineGuard(clock, new Date(1_000_000 + 60_000));
    const out = drain(guard);
    guard.write(Buffer.from('abc'));
    jest.advanceTimersByTime(10_000);
    guard.end(Buffer.from('def'));
    expect((await out).toString()).toBe('abcdef');
    expect(guard.completedAt?.getTime()).toBe(1_000_000 + 10_000);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('refuses a body whose last byte arrives at or after 截止 (R15)', async () => {
    const clock = fakeClock(1_000_000);
    const guard = new DeadlineGuard(clock, new Date(1_000_000 + 1000));
    const out = drain(guard);
    guard.write(Buffer.from('abc'));
    clock.move(1000); // the clock reaches 截止 with no timer firing (someone moved the platform clock)
    guard.end();
    await expect(out).rejects.toMatchObject({ code: 'BID_DEADLINE_PASSED' });
    expect(guard.completedAt).toBeUndefined();
  });

  it('cuts off an upload still running at 截止, even when no byte arrives any more (R15)', async () => {
    const clock = fakeClock(1_000_000);
    const guard = new DeadlineGuard(clock, new Date(1_000_000 + 12_345));
    const source = new PassThrough();
    const done = pipeline(source, guard, new PassThrough().resume());
    source.write(Buffer.alloc(10));
    jest.advanceTimersByTime(12_344);
    expect(guard.destroyed).toBe(false);
    jest.advanceTimersByTime(1);
    await expect(done).rejects.toBeInstanceOf(DomainError);
    expect(guard.failure?.code).toBe('BID_DEADLINE_PASSED');
    expect(source.destroyed).toBe(true);
  });

  it('looks at the clock again when it is moved while the upload waits', async () => {
    const clock = fakeClock(1_000_000);
    const guard = new DeadlineGuard(clock, new Date(1_000_000 + 3_600_000));
    const out = drain(guard);
    clock.move(3_600_000);
    jest.advanceTimersByTime(5_000);
    await expect(out).rejects.toMatchObject({ code: 'BID_DEADLINE_PASSED' });
  });

  it('refuses at once when 截止 has already passed', async () => {
    const guard = new DeadlineGuard(fakeClock(1_000_000), new Date(1_000_000));
    await expect(drain(guard)).rejects.toMatchObject({ code: 'BID_DEADLINE_PASSED' });
  });
});

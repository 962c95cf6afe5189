import { InProcessScheduleRunner } from './scheduler.module';
import { ScheduleRegistry } from './schedule-registry';
import { ReadinessService } from '../health/readiness.service';

function readyService(): ReadinessService {
  const r = new ReadinessService();
  r.onApplicationBootstrap();
  return r;
}

/** A promise with its resolve function, to wait on what a task does instead of on time. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ScheduleRegistry', () => {
  it('refuses a task declared twice and an interval that is not positive', () => {
    const r = new ScheduleRegistry();
    r.register({ name: 'a', everyMs: 10, run: async () => undefined });
    expect(() => r.register({ name: 'a', everyMs: 10, run: async () => undefined })).toThrow('declared twice');
    expect(() => r.register({ name: 'b', everyMs: 0, run: async () => undefined })).toThrow('positive');
    expect(r.list().map((t) => t.name)).toEqual(['a']);
  });
});

describe('InProcessScheduleRunner (the embedded default)', () => {
  it('runs every declared task, again after each pass, never two passes of one task at once', async () => {
    const registry = new ScheduleRegistry();
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const third = deferred();
    registry.register({
      name: 'count',
      everyMs: 1,
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setImmediate(r));
        active--;
        if (++runs === 3) third.resolve();
      },
    });
    const other = deferred();
    registry.register({ name: 'other', everyMs: 1, run: async () => other.resolve() });
    const runner = new InProcessScheduleRunner(registry, readyService());
    runner.onApplicationBootstrap();
    await Promise.all([third.promise, other.promise]);
    await runner.onApplicationShutdown();
    expect(maxActive).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(3);
  });

  it('keeps running a task whose pass failed, and waits for a running pass at shutdown', async () => {
    const registry = new ScheduleRegistry();
    let calls = 0;
    const second = deferred();
    const release = deferred();
    let finished = false;
    registry.register({
      name: 'flaky',
      everyMs: 1,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('database down');
        second.resolve();
        await release.promise;
        finished = true;
      },
    });
    const runner = new InProcessScheduleRunner(registry, readyService());
    runner.onApplicationBootstrap();
    await second.promise;
    const stopping = runner.onApplicationShutdown();
    expect(finished).toBe(false);
    release.resolve();
    await stopping;
    expect(finished).toBe(true);
    expect(calls).toBe(2);
  });

  it('runs no pass until start-up has finished (the demo seed records the past meanwhile)', async () => {
    const registry = new ScheduleRegistry();
    const readiness = readyService();
    const release = readiness.hold('demo data');
    let passes = 0;
    let skippedWhileHeld = 0;
    const ran = deferred();
    registry.register({
      name: 'deadlines',
      everyMs: 1,
      run: async () => {
        passes++;
        ran.resolve();
      },
    });
    // a second task counts the passes that were due while start-up was still held
    const heldTicks = deferred();
    registry.register({
      name: 'probe',
      everyMs: 1,
      run: async () => {
        if (++skippedWhileHeld === 1) heldTicks.resolve();
      },
    });
    const runner = new InProcessScheduleRunner(registry, readiness);
    runner.onApplicationBootstrap();
    // let the runner come round several times while held: neither task runs
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 1));
    expect(passes).toBe(0);
    expect(skippedWhileHeld).toBe(0);
    release();
    await Promise.all([ran.promise, heldTicks.promise]);
    await runner.onApplicationShutdown();
    expect(passes).toBeGreaterThan(0);
  });
});


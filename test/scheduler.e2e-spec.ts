import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { BullmqScheduleRunner, PlatformConfig, ReadinessService, ScheduleRegistry, SCHEDULES_QUEUE } from '@app/core';

const ready = new ReadinessService();
ready.onApplicationBootstrap();

/** Waits until `check` holds, polling; fails after `ms` (a bound for a loaded machine, not an expectation). */
async function until(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The one scheduler on Redis: BullMQ job schedulers, one run per interval across processes, back after a reset. */
describe('the scheduler on Redis (BullMQ job schedulers)', () => {
  const url = process.env.TEST_REDIS_URL!;
  const prefix = `test-sched-${randomBytes(4).toString('hex')}`;
  const config = { redisUrl: url, queuePrefix: prefix, worker: { shutdownTimeoutMs: 10_000 } } as PlatformConfig;
  let queue: Queue;
  const runners: BullmqScheduleRunner[] = [];

  beforeAll(() => {
    queue = new Queue(SCHEDULES_QUEUE, { connection: { url }, prefix });
  });
  // each runner closes within 5 s, or is disconnected (BullMQ's close can hang on a reconnecting connection)
  afterAll(async () => {
    for (const r of runners) await r.onApplicationShutdown();
    await queue.obliterate({ force: true });
    await queue.close();
  }, 60_000);

  it('declares one job scheduler per task, runs it, and two runners share one schedule', async () => {
    const runs: string[] = [];
    const make = (who: string) => {
      const registry = new ScheduleRegistry();
      registry.register({ name: 'test.pass', everyMs: 200, run: async () => void runs.push(who) });
      const runner = new BullmqScheduleRunner(registry, config, ready);
      runners.push(runner);
      return runner;
    };
    await make('a').onApplicationBootstrap();
    await make('b').onApplicationBootstrap();
    const schedulers = await queue.getJobSchedulers(0, -1);
    expect(schedulers.map((s) => [s.key, s.every])).toEqual([['test.pass', 200]]);
    await until(async () => runs.length >= 3);
    // each job of the schedule ran in exactly one of the two runners
    const done = await queue.getJobs(['completed'], 0, -1);
    expect(done.length).toBeGreaterThanOrEqual(3);
    expect(new Set(done.map((j) => j.id)).size).toBe(done.length);
  }, 90_000);

  it('re-creates the schedules when Redis comes back without them', async () => {
    const redis = new IORedis(url);
    try {
      // what a Redis restarted empty looks like: none of the queue's keys
      const keys = await redis.keys(`${prefix}:${SCHEDULES_QUEUE}:*`);
      if (keys.length) await redis.del(...keys);
      expect(await queue.getJobSchedulers(0, -1)).toEqual([]);
      // the runners' connections drop and come back, as they do when Redis restarts (only this test's: BullMQ names
      // its connections after the prefix, and so does the runner; other test files share this Redis)
      const clients = (await redis.client('LIST')) as string;
      const ids = clients
        .split('\n')
        .filter((l) => l.includes(` name=${prefix}:`))
        .map((l) => /id=(\d+)/.exec(l)?.[1])
        .filter((x): x is string => !!x);
      for (const id of ids) await redis.client('KILL', 'ID', id).catch(() => undefined);
      await until(async () => (await queue.getJobSchedulers(0, -1)).some((s) => s.key === 'test.pass'));
    } finally {
      redis.disconnect();
    }
  }, 90_000);
});

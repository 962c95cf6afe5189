import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { ReadinessService } from '../health/readiness.service';
import { PeriodicTask, ScheduleRegistry } from './schedule-registry';

/** The BullMQ queue whose job schedulers drive every periodic task. */
export const SCHEDULES_QUEUE = 'platform-schedules';

const logger = new Logger('Scheduler');

/**
 * One pass of a task. Passes wait for start-up to finish: the demo seed records a tender of weeks ago at explicit
 * times, and a deadline pass running meanwhile would judge that past by today's clock (a section with its bids
 * still to come would fail for want of bids).
 */
async function runTask(task: PeriodicTask, readiness: ReadinessService): Promise<void> {
  if (!readiness.ready) return;
  try {
    await task.run();
  } catch (error) {
    logger.error(`periodic task ${task.name} failed: ${(error as Error).stack ?? String(error)}`);
    throw error;
  }
}

/**
 * The one scheduler on Redis: one BullMQ job scheduler per declared task (`upsertJobScheduler(task.name,
 * { every })`), so that across any number of workers each interval produces one run, and a worker that is
 * down misses nothing the next run does not catch up (the passes read what is due from the database).
 * When the Redis connection comes back (a restart, possibly with its data lost), the schedulers are upserted
 * again: upserting is idempotent, so a Redis that kept its data is left as it was.
 */
@Injectable()
export class BullmqScheduleRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private queue?: Queue;
  private worker?: Worker;
  private redis?: IORedis;

  constructor(
    private readonly registry: ScheduleRegistry,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly readiness: ReadinessService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = { url: this.config.redisUrl!, maxRetriesPerRequest: null };
    const prefix = this.config.queuePrefix;
    // The queue's own connection, so that its reconnections can be seen: each 'ready' after the first one is
    // a Redis that came back, perhaps empty.
    // named after the queue's prefix like BullMQ's own connections, so that CLIENT LIST shows whose it is
    this.redis = new IORedis(this.config.redisUrl!, { maxRetriesPerRequest: null, connectionName: `${prefix}:schedules` });
    this.queue = new Queue(SCHEDULES_QUEUE, { connection: this.redis, prefix });
    await this.upsertAll();
    this.redis.on('ready', () => void this.upsertAll().catch((e: Error) => logger.warn(`re-creating the schedules failed: ${e.message}`)));
    this.worker = new Worker(
      SCHEDULES_QUEUE,
      async (job: Job) => {
        const task = this.registry.get(job.name);
        if (!task) throw new Error(`no periodic task named ${job.name} in this process`);
        await runTask(task, this.readiness);
      },
      { connection, prefix, concurrency: Math.max(1, this.registry.list().length) },
    );
    this.worker.on('error', (e) => logger.warn(`schedule worker: ${e.message}`));
  }

  /** Creates or updates the scheduler of every declared task and removes the schedulers of tasks no longer declared. */
  async upsertAll(): Promise<void> {
    const queue = this.queue!;
    const tasks = this.registry.list();
    for (const task of tasks) {
      await queue.upsertJobScheduler(task.name, { every: task.everyMs }, { name: task.name, opts: { removeOnComplete: 100, removeOnFail: 100, attempts: 1 } });
    }
    const declared = new Set(tasks.map((t) => t.name));
    for (const s of await queue.getJobSchedulers(0, -1)) {
      if (s.key && !declared.has(s.key)) await queue.removeJobScheduler(s.key);
    }
  }

  /**
   * Lets running passes finish for half the worker's shutdown time (the process's own exit timer has the whole), then
   * drops the connections without waiting: BullMQ's close() can wait forever on a connection that is reconnecting
   * (taskforcesh/bullmq#4656; seen here after Redis dropped the runner's connections).
   */
  async onApplicationShutdown(): Promise<void> {
    const bound = this.config.worker.shutdownTimeoutMs / 2;
    const closed = (await within(bound, this.worker?.close())) && (await within(bound, this.queue?.close()));
    if (!closed) {
      logger.warn(`the schedule runner did not close within ${bound} ms: dropping its connections`);
      void this.worker?.disconnect().catch(() => undefined);
    }
    this.redis?.disconnect();
  }
}

/** Whether `work` settled within `ms` (a rejection counts as settled: there is nothing left to wait for). */
async function within(ms: number, work: Promise<unknown> | undefined): Promise<boolean> {
  if (!work) return true;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work.then(() => true, () => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The embedded default's scheduler: one timer per declared task in this process. A pass starts again
 * `everyMs` after the previous one ended, so passes of one task never overlap; shutdown waits for running ones.
 */
@Injectable()
export class InProcessScheduleRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly registry: ScheduleRegistry,
    private readonly readiness: ReadinessService,
  ) {}

  onApplicationBootstrap(): void {
    for (const task of this.registry.list()) this.schedule(task, 0);
  }

  private schedule(task: PeriodicTask, delay: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      const pass = runTask(task, this.readiness)
        .catch(() => undefined)
        .finally(() => {
          this.running.delete(pass);
          this.schedule(task, task.everyMs);
        });
      this.running.add(pass);
    }, delay);
    timer.unref();
    this.timers.set(task.name, timer);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    await Promise.all([...this.running]);
  }
}

/**
 * Runs the periodic tasks that modules declared in the ScheduleRegistry: BullMQ job schedulers with
 * REDIS_URL, timers in this process without. Imported by the worker, and by the api on the embedded default;
 * a process that does not import it declares its tasks but runs none.
 */
@Module({})
export class SchedulerModule {
  static forRoot(config: Pick<PlatformConfig, 'redisUrl'>): DynamicModule {
    const runner = config.redisUrl ? BullmqScheduleRunner : InProcessScheduleRunner;
    return { module: SchedulerModule, providers: [runner], exports: [runner] };
  }
}

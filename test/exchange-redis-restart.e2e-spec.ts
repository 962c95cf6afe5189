import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { SCHEDULES_QUEUE } from '@app/core';
import {
  appendRecords,
  exchangeTestConfig,
  outboxCounts,
  PrivateRedis,
  privateRedis,
  receiverProblems,
  startExchangeContext,
  startReceiver,
  TestReceiver,
  waitFor,
} from './support/exchange-harness';
import { createTestDatabase } from './support/test-db';

jest.setTimeout(240_000);

/**
 * Redis restarted without its data (issue 19, item 13; R38): the jobs of the rows marked `queued` are gone, and
 * so are the job schedulers. The relay sees the lost queue (its marker key is missing) and hands every queued
 * row over again at once, not after the 10-minute requeue window; the reconciliation's schedule is re-created
 * as soon as Redis is back, without a worker restart.
 */
describe('exchange after Redis restarted empty (R38)', () => {
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: PrivateRedis;
  let receiver: TestReceiver;
  let app: INestApplicationContext;
  let schedules: Queue;
  let cleanup: () => void;

  beforeAll(async () => {
    db = await createTestDatabase('test_exchange_restart');
    redis = await privateRedis();
    receiver = await startReceiver(db.url);
    const c = exchangeTestConfig(db.url, receiver.url, { REDIS_URL: redis.url, EXCHANGE_QUEUE_PREFIX: prefix });
    cleanup = c.cleanup;
    app = await startExchangeContext(c.config, {
      worker: true,
      scheduler: true,
      options: {
        queuePrefix: prefix,
        relayPollMs: 500,
        // the production window: only the detection of the lost queue can explain a quick hand-over
        requeueAfterMs: 600_000,
        // a first retry 20 s away: the jobs wait in Redis (delayed) while the receiver is away
        backoff: { baseMs: 20_000, maxMs: 40_000, jitter: 0 },
        reconcileIntervalMs: 3_600_000,
      },
    });
    schedules = new Queue(SCHEDULES_QUEUE, { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix });
  });
  afterAll(async () => {
    await schedules?.close();
    await app?.close();
    await redis?.stop();
    await receiver?.close();
    await db?.drop();
    cleanup?.();
  });

  it('hands the queued records over again at once, and re-creates the reconciliation schedule', async () => {
    const scheduled = async () => (await schedules.getJobSchedulers(0, -1)).map((s) => s.key);
    await waitFor('the reconciliation schedule', async () => (await scheduled()).includes('exchange.reconcile'), 30_000, 100);

    // The receiver is away: every record's job waits in Redis for its retry, the rows are queued.
    await receiver.faults({ paused: true });
    const expected = await appendRecords(app, 60, { projects: 3, prefix: 'LOST' });
    await waitFor('every record queued, each tried once', async () => (await outboxCounts(app)).queued === 60 && (await receiver.stats()).requests.total >= 60, 60_000, 100);

    // Redis restarts without its data (no persistence): the jobs and the schedules are gone.
    await redis.stop();
    await redis.start();
    await receiver.faults({ paused: false });

    await waitFor('every record delivered long before the requeue window', async () => (await outboxCounts(app)).delivered === 60, 90_000, 250);
    expect(await receiverProblems(receiver, expected)).toEqual([]);
    await waitFor('the reconciliation schedule back', async () => (await scheduled()).includes('exchange.reconcile'), 30_000, 100);
  });
});

import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
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

jest.setTimeout(150_000);

/**
 * Redis stopped for 30 s while changes keep committing (R38). A private redis-server on its own port (the
 * machine's Redis is shared with the other test files), without persistence: when it comes back its jobs are
 * gone too, so the records handed over before the outage must be handed over again from the outbox.
 */
describe('exchange through a Redis outage (R38)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: PrivateRedis;
  let receiver: TestReceiver;
  let app: INestApplicationContext;
  let cleanup: () => void;

  beforeAll(async () => {
    db = await createTestDatabase('test_exchange_redis');
    redis = await privateRedis();
    receiver = await startReceiver(db.url);
    const c = exchangeTestConfig(db.url, receiver.url, { REDIS_URL: redis.url });
    cleanup = c.cleanup;
    app = await startExchangeContext(c.config, {
      worker: true,
      options: {
        queuePrefix: `test-${randomBytes(4).toString('hex')}`,
        relayPollMs: 500,
        requeueAfterMs: 5000,
        backoff: { baseMs: 200, maxMs: 2000, jitter: 0.5 },
        reconcileIntervalMs: 0,
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await receiver?.close();
    await db?.drop();
    cleanup?.();
  });

  it('loses nothing while Redis is away for 30 s, and delivers everything once it is back', async () => {
    // Slow the receiver so that jobs are waiting in Redis when it goes.
    await receiver.faults({ latencyMs: 50 });
    let expected = await appendRecords(app, 300, { projects: 5, prefix: 'BEFORE' });
    await waitFor('deliveries under way', async () => ((await outboxCounts(app)).delivered ?? 0) >= 20, 30_000, 50);

    await redis.stop();
    const outageStarted = Date.now();
    // Changes keep committing meanwhile.
    let round = 0;
    while (Date.now() - outageStarted < 30_000) {
      expected = expected.concat(await appendRecords(app, 20, { projects: 5, prefix: `DURING${round++}` }));
      await new Promise((r) => setTimeout(r, 1000));
    }
    const during = await outboxCounts(app);
    expect(during.delivered ?? 0).toBeLessThan(expected.length);
    await redis.start();
    await receiver.faults({ latencyMs: 0 });
    expected = expected.concat(await appendRecords(app, 50, { projects: 5, prefix: 'AFTER' }));

    await waitFor('everything delivered', async () => (await outboxCounts(app)).delivered === expected.length, 60_000, 250);
    expect(await receiverProblems(receiver, expected)).toEqual([]);
    expect((await receiver.stats()).requests.byOutcome.STORED).toBe(expected.length);
  });
});

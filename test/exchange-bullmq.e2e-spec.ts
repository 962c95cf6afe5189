import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '@app/core';
import { ExchangeOperatorService } from '@app/exchange';
import {
  appendRecords,
  exchangeTestConfig,
  obliterateQueue,
  outboxCounts,
  receiverProblems,
  startExchangeContext,
  startReceiver,
  TestReceiver,
  waitFor,
} from './support/exchange-harness';
import { startTestApp, TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-db';

jest.setTimeout(120_000);

/**
 * The BullMQ transport against a misbehaving receiver (R38): 5xx half of the time, timeouts, 429 with
 * Retry-After, 422. Real PostgreSQL, the machine's Redis (a queue prefix of this file's own), the receiver.
 */
describe('exchange over BullMQ with a misbehaving receiver (R38)', () => {
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  const backoff = { baseMs: 200, maxMs: 5000, jitter: 0.5 };
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let receiver: TestReceiver;
  let app: INestApplicationContext;
  let cleanup: () => void;

  beforeAll(async () => {
    db = await createTestDatabase('test_exchange_bull');
    receiver = await startReceiver(db.url);
    const c = exchangeTestConfig(db.url, receiver.url, { REDIS_URL: process.env.TEST_REDIS_URL! });
    cleanup = c.cleanup;
    app = await startExchangeContext(c.config, {
      worker: true,
      options: { queuePrefix: prefix, backoff, httpTimeoutMs: 1000, relayPollMs: 500, concurrency: 8, jobAttempts: 20, reconcileIntervalMs: 0 },
    });
  });
  afterAll(async () => {
    if (app) await obliterateQueue(app);
    await app?.close();
    await receiver?.close();
    await db?.drop();
    cleanup?.();
  });

  const row = async (id: string) => (await app.get(DataSource).query(`SELECT * FROM outbox WHERE id = $1`, [id]))[0];
  const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

  it('delivers everything while the receiver fails half the requests with 5xx, backing off exponentially with jitter', async () => {
    await receiver.faults({ errorRate: 0.5 });
    const records = await appendRecords(app, 40, { projects: 4, prefix: 'E5XX' });
    await waitFor('all delivered', async () => (await outboxCounts(app)).delivered === 40, 60_000, 250);
    await receiver.faults({ errorRate: 0 });
    expect(await receiverProblems(receiver, records)).toEqual([]);

    const stats = await receiver.stats();
    expect(stats.requests.byOutcome.SIMULATED_ERROR).toBeGreaterThan(5);
    expect(stats.requests.byOutcome.STORED).toBe(40);
    // Every retry waited at least base·2^(n−1)·(1−jitter) after the n-th failure.
    let checked = 0;
    const spread: number[] = [];
    for (const r of records) {
      const attempts = await receiver.attempts(r.serialNumber);
      expect(attempts[attempts.length - 1].status).toBe(200);
      const g = gaps(attempts.map((a) => a.arrivedAtMs));
      g.forEach((gap, i) => {
        const floor = Math.min(backoff.maxMs, backoff.baseMs * 2 ** i) * (1 - backoff.jitter);
        expect(gap).toBeGreaterThanOrEqual(floor - 25);
        checked++;
        if (i === 0) spread.push(gap);
      });
      expect((await row(r.id)).attempts).toBe(attempts.length);
    }
    expect(checked).toBeGreaterThan(5);
    // jitter: first retries of different records do not all wait the same
    expect(new Set(spread.map((s) => Math.round(s / 10))).size).toBeGreaterThan(1);
  });

  it('survives timeouts: the resend carries the same bytes and gets the first receiveTime back', async () => {
    await receiver.faults({ timeoutNext: 5, timeoutHoldMs: 3000 });
    const records = await appendRecords(app, 5, { projects: 1, prefix: 'ETIMEOUT', parallel: 1 });
    await waitFor('all delivered', async () => (await outboxCounts(app)).delivered === 45, 30_000, 250);
    const stored = new Map((await receiver.stored()).map((s) => [s.serial_number, s]));
    let timedOut = 0;
    for (const r of records) {
      // The receiver logs a held request when it finally answers (after the hold).
      const attempts = await waitFor('the held attempt in the traffic log', async () => {
        const a = await receiver.attempts(r.serialNumber);
        return a.some((x) => x.fault === 'timeout') && a;
      }, 10_000);
      if (attempts[0].fault === 'timeout') {
        timedOut++;
        expect(attempts[0].responded).toBe(false);
        expect(attempts[attempts.length - 1]).toEqual(expect.objectContaining({ status: 200, duplicate: true }));
      }
      expect(stored.has(r.serialNumber)).toBe(true);
      const { receive_time, last_error } = await row(r.id);
      expect(receive_time).toEqual(stored.get(r.serialNumber)!.receive_time);
      expect(last_error).toBeNull();
    }
    expect(timedOut).toBe(5);
    const all: { serialNumber: string; project: string; sequence: number }[] = await app
      .get(DataSource)
      .query(`SELECT serial_number AS "serialNumber", tender_project_code AS project, sequence FROM outbox`);
    expect(await receiverProblems(receiver, all)).toEqual([]);
  });

  it('honours 429 Retry-After', async () => {
    await receiver.faults({ throttleNext: 4, retryAfterSeconds: 2 });
    const records = await appendRecords(app, 4, { projects: 2, prefix: 'E429', parallel: 1 });
    await waitFor('all delivered', async () => (await outboxCounts(app)).delivered === 49, 30_000, 250);
    let throttled = 0;
    for (const r of records) {
      const attempts = await receiver.attempts(r.serialNumber);
      attempts.forEach((a, i) => {
        if (a.status !== 429) return;
        throttled++;
        const next = attempts[i + 1];
        expect(next).toBeDefined();
        expect(next.arrivedAtMs - a.arrivedAtMs).toBeGreaterThanOrEqual(2000);
        expect(next.arrivedAtMs - a.arrivedAtMs).toBeLessThan(2000 * 1.1 + 1500);
      });
    }
    expect(throttled).toBe(4);
  });

  it('dead-letters a 422 without retrying, and a replay after the fix delivers it', async () => {
    await receiver.faults({ rejectDatasets: ['GCJS_COMPLAINT'] });
    const [r] = await appendRecords(app, 1, { projects: 1, prefix: 'E422', datasetCode: 'GCJS_COMPLAINT' });
    await waitFor('the record to die', async () => (await row(r.id)).status === 'dead', 15_000);
    await new Promise((res) => setTimeout(res, 1500));
    expect((await receiver.attempts(r.serialNumber)).map((a) => a.status)).toEqual([422]);
    const dead = await row(r.id);
    expect(dead).toEqual(expect.objectContaining({ status: 'dead', dead_reason: 'SIMULATED_REJECTION', attempts: 1 }));
    expect(dead.last_error).toContain('HTTP 422 SIMULATED_REJECTION');

    await receiver.faults({ rejectDatasets: [] });
    await app.get(ExchangeOperatorService).replay(SYSTEM_ACTOR, r.id);
    await waitFor('delivery after the replay', async () => (await row(r.id)).status === 'delivered', 15_000);
    expect((await receiver.attempts(r.serialNumber)).map((a) => a.status)).toEqual([422, 200]);
    expect((await receiver.stored()).filter((s) => s.serial_number === r.serialNumber)).toHaveLength(1);
  });
});

/** The API with BullMQ on Redis: the queue dashboard behind an administrator's session, /metrics, /health. */
describe('exchange queue dashboard and metrics on the API (R38)', () => {
  const metricsToken = `metrics-${randomBytes(12).toString('hex')}`;
  let t: TestApp;
  let admin: string;
  let staff: string;

  beforeAll(async () => {
    // the configuration is read by loadConfig from what the app is given, never from this process's environment
    t = await startTestApp({ env: { REDIS_URL: process.env.TEST_REDIS_URL!, EXCHANGE_QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`, METRICS_TOKEN: metricsToken } });
    admin = await t.token(await t.user('admin'));
    staff = await t.token(await t.user('staff'));
  });
  afterAll(async () => {
    if (t) await obliterateQueue(t.app);
    await t?.close();
  });

  it('opens the dashboard only with an administrator’s short-lived session cookie', async () => {
    const anonymous = await t.fetch('/api/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { code: string }).code).toBe('DASHBOARD_SESSION_REQUIRED');
    expect((await t.fetch('/api/admin/exchange/dashboard-session', { method: 'POST', token: staff })).status).toBe(403);

    const session = await t.fetch('/api/admin/exchange/dashboard-session', { method: 'POST', token: admin });
    expect(session.status).toBe(200);
    const cookie = session.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^etendering_queues=[^;]+; Max-Age=900; Path=\/api\/admin\/queues; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    const value = cookie.split(';')[0];

    const page = await t.fetch('/api/admin/queues', { headers: { cookie: value } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('省平台推送队列');
    const api = await t.fetch('/api/admin/queues/api/queues', { headers: { cookie: value } });
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain('provincial-push');
    const forged = value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await t.fetch('/api/admin/queues/api/queues', { headers: { cookie: forged } })).status).toBe(401);
  });

  it('serves /metrics to the holder of METRICS_TOKEN, with the queue’s jobs', async () => {
    expect((await t.fetch('/metrics')).status).toBe(401);
    const r = await t.fetch('/metrics', { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text).toMatch(/^exchange_queue_jobs\{state="waiting"\} 0$/m);
    expect(text).toMatch(/^exchange_outbox_records\{status="pending"\} 0$/m);
  });

  it('reports Redis in /health', async () => {
    const r = await t.fetch('/health');
    expect(await r.json()).toEqual(expect.objectContaining({ status: 'ok', checks: expect.objectContaining({ redis: { status: 'up' } }) }));
  });
});

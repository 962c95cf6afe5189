import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { obliterateQueue, spawnWorker, startReceiver, TEST_SECRET, TestReceiver, waitFor, waitForWorkerStart, WorkerProcess } from './support/exchange-harness';
import { startTestApp, TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-db';

jest.setTimeout(180_000);

interface LogLine {
  msg?: string;
  requestId?: string;
  req?: { url?: string; method?: string };
}

/**
 * One request id follows a change from the request to the province: the api's log lines of the request, the
 * outbox row the change wrote, and the worker's log line of its delivery all carry it (nestjs-pino + nestjs-cls).
 */
describe('one request id from the request to the province', () => {
  const prefix = `test-rid-${randomBytes(4).toString('hex')}`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let receiver: TestReceiver;
  let t: TestApp;
  let worker: WorkerProcess | undefined;
  const apiLines: LogLine[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('test_request_id');
    receiver = await startReceiver(db.url);
    const logTo = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) apiLines.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    t = await startTestApp({
      env: {
        DATABASE_URL: db.url,
        REDIS_URL: process.env.TEST_REDIS_URL!,
        EXCHANGE_QUEUE_PREFIX: prefix,
        PROVINCIAL_API_URL: receiver.url,
        PROVINCIAL_SECRET: TEST_SECRET,
        LOG_LEVEL: 'info',
      },
      logTo,
    });
  });
  afterAll(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    if (t) await obliterateQueue(t.app);
    await t?.close();
    await receiver?.close();
    await db?.drop();
  });

  it('appears in the api log, the outbox row and the worker log of the same change', async () => {
    const staff = await t.token(await t.user('staff'));
    const requestId = `req-${randomBytes(8).toString('hex')}`;
    const r = await t.fetch('/api/projects', {
      method: 'POST',
      token: staff,
      headers: { 'x-request-id': requestId },
      json: {
        name: '请求标识追踪工程',
        procedureType: 'construction',
        regionCode: '210100',
        fundingSource: '财政资金',
        sections: [{ name: '第1标段', estimatedPrice: '1000000.00', bidSecurity: '20000.00', bidDeadline: '2027-03-22T09:30:00+08:00' }],
      },
    });
    expect(r.status).toBe(201);
    expect(r.headers.get('x-request-id')).toBe(requestId);
    const project = (await r.json()) as { code: string };

    // the api's access log line of that request
    const logged = apiLines.filter((l) => l.requestId === requestId);
    expect(logged.some((l) => l.req?.method === 'POST' && l.req?.url === '/api/projects')).toBe(true);

    // the outbox row the change wrote
    const rows: { id: string; request_id: string | null }[] = await t.app
      .get(DataSource)
      .query(`SELECT id, request_id FROM outbox WHERE tender_project_code = $1`, [project.code]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.request_id === requestId)).toBe(true);

    // the worker that delivers it logs the delivery with the same id
    worker = spawnWorker({
      NODE_ENV: 'test',
      DATA_DIR: t.config.dataDir,
      DATABASE_URL: db.url,
      MIGRATIONS_RUN: 'false',
      DEMO_DATA: 'false',
      REDIS_URL: process.env.TEST_REDIS_URL!,
      PROVINCIAL_API_URL: receiver.url,
      PROVINCIAL_SECRET: TEST_SECRET,
      EXCHANGE_QUEUE_PREFIX: prefix,
      EXCHANGE_RELAY_POLL_MS: '500',
      LOG_LEVEL: 'info',
    });
    await waitForWorkerStart(worker, 120_000);
    const delivered = await waitFor(
      'the worker to log the delivery',
      async () => {
        const lines = worker!.output().split('\n').filter((l) => l.startsWith('{'));
        const parsed = lines.map((l) => JSON.parse(l) as LogLine & { outboxId?: string });
        return parsed.find((l) => l.msg === 'record delivered' && l.outboxId === rows[0].id);
      },
      120_000,
    );
    expect(delivered.requestId).toBe(requestId);
  });
});

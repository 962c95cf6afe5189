/**
 * Exchange benchmark (libs/exchange): 20,000 records from the outbox to the reference receiver through the
 * production path (relay → BullMQ → worker process → signed POST → receiver storing in PostgreSQL), against
 * raw BullMQ on the same Redis in the same run (the same number of jobs added in bulk and taken by a no-op
 * processor of the same concurrency).
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/exchange.bench.ts
 *
 * Figures: drain throughput (records committed beforehand, then one worker process started; first to last
 * receiveTime), its ratio to raw BullMQ (target ≥ 0.3), and the commit-to-receive latency (p50, p99) of a
 * paced run at about half that throughput, where latency is the pipeline's and not a backlog's.
 * EXCHANGE_BENCH_COUNT (20000), EXCHANGE_BENCH_CONCURRENCY (32) change it. Needs PostgreSQL and Redis
 * (TEST_DATABASE_URL, TEST_REDIS_URL or the defaults of the test setup).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Queue, Worker } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ChangeService, SYSTEM_ACTOR } from '@app/core';
import { canonicalBody, OutboxService, PROVINCIAL_PUSH_QUEUE, serialNumber, signRequest } from '@app/exchange';
import { HttpExchange } from '@app/exchange/client/http-exchange';
import { SAMPLE_RECORDS } from '@app/exchange/contract/sample-records';
import {
  appendRecords,
  exchangeTestConfig,
  freePort,
  REPO_ROOT,
  spawnWorker,
  startExchangeContext,
  TEST_SECRET,
  waitFor,
  waitForWorkerStart,
} from '@app/exchange/testing/exchange-harness';
import { createTestDatabase } from '../test/support/test-db';

const DB_BASE = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Raw BullMQ: `count` jobs added in bulks of `bulk`, taken by a no-op processor of `concurrency`. Jobs per second. */
async function rawBullmq(count: number, concurrency: number, bulk: number): Promise<number> {
  const prefix = `bench-raw-${randomBytes(4).toString('hex')}`;
  const connection = { url: REDIS };
  const queue = new Queue('bench-raw', { connection, prefix });
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const worker = new Worker('bench-raw', async () => undefined, { connection, prefix, concurrency, autorun: false });
  worker.on('completed', () => {
    if (++done === count) finish();
  });
  await worker.waitUntilReady();
  const started = Date.now();
  void worker.run();
  for (let i = 0; i < count; i += bulk) {
    await queue.addBulk(
      Array.from({ length: Math.min(bulk, count - i) }, (_, j) => ({ name: 'push-record', data: { outboxId: String(i + j), priorAttempts: 0 }, opts: { jobId: `outbox-${i + j}`, removeOnComplete: { age: 3600 } } })),
    );
  }
  await finished;
  const seconds = (Date.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return count / seconds;
}

/**
 * The receiver alone: `count` signed POSTs of ready-made bodies at `concurrency`, with the client the worker
 * uses. The ceiling of any sender on this machine. Requests per second.
 */
function readyBodies(platformCode: string, count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) =>
    canonicalBody({
      specVersion: '1.0',
      serialNumber: serialNumber(platformCode, '2026-11-25', i + 1),
      datasetCode: 'GCJS_RESULT_NOTICE',
      platformCode,
      tenderProjectCode: `${platformCode}-${i % 100}`,
      sequence: Math.floor(i / 100) + 1,
      dataTimestamp: '2026-11-25T09:30:00.000+08:00',
      record: SAMPLE_RECORDS.GCJS_RESULT_NOTICE,
    }),
  );
}

async function signedPost(http: HttpExchange, url: string, platformCode: string, body: Buffer): Promise<void> {
  const ts = Math.floor(Date.now() / 1000);
  const r = await http.send(
    'POST',
    `${url}/v1/exchange/records`,
    { 'Content-Type': 'application/json; charset=utf-8', 'X-Platform-Code': platformCode, 'X-Timestamp': String(ts), 'X-Signature': signRequest(TEST_SECRET, ts, body) },
    body,
    30_000,
  );
  if (r.status !== 200) throw new Error(`receiver answered ${r.status} ${r.body}`);
}

async function receiverAlone(url: string, count: number, concurrency: number): Promise<number> {
  const http = new HttpExchange(concurrency);
  const bodies = readyBodies('CEILING', count);
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await signedPost(http, url, 'CEILING', bodies[next++]);
    }),
  );
  http.close();
  return count / ((Date.now() - started) / 1000);
}

/**
 * Raw BullMQ whose processor does the signed POST (bodies ready in memory, no outbox, no database on the
 * sender's side): what the exchange costs above the queue and the HTTP call. Jobs per second.
 */
async function rawBullmqPost(url: string, count: number, concurrency: number): Promise<number> {
  const prefix = `bench-rawpost-${randomBytes(4).toString('hex')}`;
  const connection = { url: REDIS };
  const bodies = readyBodies('RAWPOST', count);
  const http = new HttpExchange(concurrency);
  const queue = new Queue('bench-rawpost', { connection, prefix });
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const worker = new Worker('bench-rawpost', (job) => signedPost(http, url, 'RAWPOST', bodies[job.data.i as number]), { connection, prefix, concurrency, autorun: false });
  worker.on('completed', () => {
    if (++done === count) finish();
  });
  await worker.waitUntilReady();
  const started = Date.now();
  void worker.run();
  for (let i = 0; i < count; i += 200) {
    await queue.addBulk(Array.from({ length: Math.min(200, count - i) }, (_, j) => ({ name: 'push-record', data: { i: i + j }, opts: { jobId: `outbox-${i + j}` } })));
  }
  await finished;
  const rate = count / ((Date.now() - started) / 1000);
  await worker.close();
  http.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return rate;
}

export async function run(): Promise<Record<string, number | string>> {
  const count = Number(process.env.EXCHANGE_BENCH_COUNT ?? 20_000);
  const concurrency = Number(process.env.EXCHANGE_BENCH_CONCURRENCY ?? 32);
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  process.env.TEST_DATABASE_URL ??= DB_BASE;
  const db = await createTestDatabase('bench_test_exchange');
  const dataDir = mkdtempSync(join(tmpdir(), 'exchange-bench-'));
  const port = await freePort();
  const receiverUrl = `http://127.0.0.1:${port}`;
  // The receiver in its own process, as the province would be.
  const receiver = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/provincial-sim/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PROVINCIAL_SIM_PORT: String(port), PROVINCIAL_SIM_SECRET: TEST_SECRET, PROVINCIAL_SIM_DATABASE_URL: db.url, NODE_ENV: 'test' },
    stdio: 'ignore',
  });
  const workers: ReturnType<typeof spawnWorker>[] = [];
  const { config, cleanup } = exchangeTestConfig(db.url, receiverUrl, { REDIS_URL: REDIS });
  const app = await startExchangeContext(config);
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  const received = async () => Number((await pg.query(`SELECT count(*)::int AS n FROM provincial_sim.records`).catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n);
  try {
    await waitFor('the receiver', async () => (await fetch(`${receiverUrl}/v1/exchange/records?limit=1`)).ok, 60_000, 200);

    console.log(`raw BullMQ: ${count} jobs, concurrency ${concurrency} …`);
    const raw = await rawBullmq(count, concurrency, 200);
    console.log(`  ${raw.toFixed(0)} jobs/s`);

    console.log(`committing ${count} records to the outbox (no worker running) …`);
    const committedAt = Date.now();
    await appendRecords(app, count, { projects: 200, prefix: 'BENCH', parallel: 16 });
    const commitRate = count / ((Date.now() - committedAt) / 1000);
    console.log(`  ${commitRate.toFixed(0)} commits/s`);

    const env = {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      MIGRATIONS_RUN: 'false',
      DEMO_DATA: 'false',
      REDIS_URL: REDIS,
      PROVINCIAL_API_URL: receiverUrl,
      PROVINCIAL_SECRET: TEST_SECRET,
      EXCHANGE_QUEUE_PREFIX: prefix,
      EXCHANGE_CONCURRENCY: String(concurrency),
      EXCHANGE_RECONCILE_INTERVAL_MS: '0',
      WORKER_LOG_LEVEL: 'warn',
    };
    console.log('draining the outbox with one worker process …');
    // EXCHANGE_BENCH_WORKER_NODE_ARGS, e.g. "--prof", to profile the worker.
    const w = spawnWorker(env, process.env.EXCHANGE_BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? []);
    workers.push(w);
    await waitForWorkerStart(w, 120_000);
    await waitFor('every record received', async () => (await received()) >= count || undefined, 600_000, 250);
    const span = (
      await pg.query(`SELECT EXTRACT(EPOCH FROM (max(receive_time) - min(receive_time)))::float8 AS s FROM provincial_sim.records`)
    ).rows[0].s as number;
    const throughput = (count - 1) / span;
    console.log(`  ${throughput.toFixed(0)} records/s (ratio to raw BullMQ ${(throughput / raw).toFixed(3)})`);
    await waitFor('every row marked delivered', async () => {
      const r = await pg.query(`SELECT count(*)::int AS n FROM outbox WHERE status = 'delivered'`);
      return r.rows[0].n === count || undefined;
    }, 120_000, 250);

    // Paced: commits at about half the drain rate; latency from commit to the receiver's receiveTime.
    const paced = Math.min(2000, count);
    const rate = Math.max(50, Math.floor(throughput / 2));
    console.log(`paced run: ${paced} records at ${rate}/s …`);
    const outbox = app.get(OutboxService);
    const change = app.get(ChangeService);
    const t0 = Date.now();
    const inflight: Promise<unknown>[] = [];
    for (let i = 0; i < paced; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(
        change.run(SYSTEM_ACTOR, (ctx) =>
          outbox.append(ctx.manager, { tenderProjectCode: `PACED-${i % 50}`, datasetCode: 'GCJS_RESULT_NOTICE', record: SAMPLE_RECORDS.GCJS_RESULT_NOTICE, at: ctx.at }),
        ),
      );
    }
    await Promise.all(inflight);
    await waitFor('the paced records', async () => (await received()) >= count + paced || undefined, 300_000, 250);
    const latencies = (
      await pg.query(
        `SELECT EXTRACT(EPOCH FROM (r.receive_time - o.created_at))::float8 * 1000 AS ms
           FROM outbox o JOIN provincial_sim.records r ON r.serial_number = o.serial_number
          WHERE o.tender_project_code LIKE 'PACED-%'`,
      )
    ).rows
      .map((r: { ms: number }) => r.ms)
      .sort((a: number, b: number) => a - b);
    // sanity: nothing lost, nothing doubled
    const held = (await pg.query(`SELECT count(*)::int AS n FROM provincial_sim.records`)).rows[0].n;
    if (held !== count + paced) throw new Error(`the receiver holds ${held} records, expected ${count + paced}`);

    const ceilingCount = Math.min(count, 5000);
    console.log(`the receiver alone: ${ceilingCount} signed POSTs at concurrency ${concurrency} …`);
    const ceiling = await receiverAlone(receiverUrl, ceilingCount, concurrency);
    console.log(`raw BullMQ with the signed POST as its processor: ${ceilingCount} jobs …`);
    const rawPost = await rawBullmqPost(receiverUrl, ceilingCount, concurrency);
    const figures = {
      'records': count,
      'raw BullMQ jobs/s': raw,
      'outbox commits/s (16 parallel)': commitRate,
      'exchange records/s (outbox → receiver)': throughput,
      'ratio to raw BullMQ (target ≥ 0.3)': throughput / raw,
      'receiver alone, signed POSTs/s (ceiling of any sender here)': ceiling,
      'ratio to the receiver alone': throughput / ceiling,
      'raw BullMQ + signed POST jobs/s (no outbox)': rawPost,
      'ratio to raw BullMQ + signed POST': throughput / rawPost,
      [`paced ${rate}/s: p50 commit-to-receive ms`]: quantile(latencies, 0.5),
      [`paced ${rate}/s: p99 commit-to-receive ms`]: quantile(latencies, 0.99),
    };
    for (const [k, v] of Object.entries(figures)) console.log(`  ${k}: ${typeof v === 'number' ? +v.toFixed(3) : v}`);
    return figures;
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    receiver.kill('SIGTERM');
    await pg.end().catch(() => undefined);
    const queue = new Queue(PROVINCIAL_PUSH_QUEUE, { connection: { url: REDIS }, prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await app.get(DataSource).destroy().catch(() => undefined);
    await app.close().catch(() => undefined);
    await db.drop();
    cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

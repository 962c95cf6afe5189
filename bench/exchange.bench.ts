/**
 * Exchange benchmark (libs/exchange): 20,000 records from the outbox to the reference receiver through the
 * production path (relay → BullMQ → worker process → signed POST → receiver storing in PostgreSQL), against
 * raw BullMQ on the same Redis in the same run (the same number of jobs added in bulk and taken by a no-op
 * processor of the same concurrency).
 *
 *   npm run bench -- exchange
 *
 * The worker and the receiver run from the build (`nest build`, done first), as production runs them; the
 * baselines run in plain Node processes too (bench/exchange-baselines.js). The machine's other load moves both
 * figures from one minute to the next (raw BullMQ alone has measured anywhere from 4,400 to 8,200 jobs/s within
 * one command), so the target compares runs taken side by side:
 * - paired runs (EXCHANGE_BENCH_RUNS, 5): with the worker stopped (SIGSTOP), 20,000 records are committed to
 *   the outbox and raw BullMQ runs (the same number of jobs, added in bulk, taken by a no-op processor of the
 *   same concurrency, in a fresh process); then the worker is continued and drains the records (first to last
 *   receiveTime at the receiver: the steady state of a running worker). The target (≥ 0.3) is the median of
 *   the pairs' ratios; the ratio of the fastest drain to the fastest raw run is printed too, and the CPU time
 *   per record of each process (worker, receiver, PostgreSQL, Redis) beside raw BullMQ's per job (its
 *   process, Redis);
 * - cold drain, before the pairs: records committed with no worker running, then one worker process started
 *   (its start-up and JIT warm-up included), against a raw BullMQ run just before it;
 * - a paced run at half the warm rate, for the commit-to-receive latency (p50, p99) of the pipeline rather
 *   than of a backlog;
 * - the receiver alone, and raw BullMQ whose processor does the signed POST, for reference.
 * EXCHANGE_BENCH_COUNT (20000), EXCHANGE_BENCH_CONCURRENCY (128: the worker's EXCHANGE_CONCURRENCY and the
 * baselines'), EXCHANGE_BENCH_RUNS (5); EXCHANGE_BENCH_WORKER_NODE_ARGS / EXCHANGE_BENCH_RECEIVER_NODE_ARGS
 * (e.g. "--cpu-prof") to profile. Needs PostgreSQL and Redis (TEST_DATABASE_URL, TEST_REDIS_URL or the defaults of the test setup).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ChangeService, SYSTEM_ACTOR } from '@app/core';
import { OutboxService, PROVINCIAL_PUSH_QUEUE } from '@app/exchange';
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
} from '../test/support/exchange-harness';
import { createTestDatabase } from '../test/support/test-db';

const DB_BASE = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const COMPILED_RECEIVER = 'dist/apps/provincial-sim/apps/provincial-sim/src/main.js';
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** CPU seconds (user + system, all threads) used so far by each of the given processes; Linux /proc. */
function cpuSeconds(pids: number[]): Map<number, number> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      used.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    } catch {
      // gone, or not Linux
    }
  }
  return used;
}

/** CPU seconds the processes alive at `after` used since `before` (a process started since counts whole). */
function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, t] of after) total += t - (before.get(pid) ?? 0);
  return total;
}

/** Every process of the machine whose command is `comm` (PostgreSQL's backends, Redis). */
function pidsOf(comm: string): number[] {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === comm;
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

function median(xs: number[]): number {
  return quantile([...xs].sort((a, b) => a - b), 0.5);
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

interface BaselineResult {
  perSecond: number;
  /** raw and raw-post: CPU ms per job of the baseline's process and of Redis over the timed part */
  cpuMsPerJob?: { process: number; redis: number };
}

/** One baseline (bench/exchange-baselines.js) in a plain Node process. */
function baseline(mode: 'raw' | 'raw-post' | 'receiver', count: number, concurrency: number, receiverUrl: string): Promise<BaselineResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'exchange-baselines.js'), mode, String(count), String(concurrency), REDIS, receiverUrl, TEST_SECRET], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`exchange-baselines.js ${mode} exited ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as BaselineResult);
    });
  });
}

/** The worker and the receiver run from the build, as in production: built here first. */
function build(): void {
  console.log('building the worker and the receiver (nest build) …');
  for (const app of ['worker', 'provincial-sim']) {
    const r = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', app], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`nest build ${app} failed`);
  }
}

export async function run(): Promise<Record<string, number | string>> {
  const count = Number(process.env.EXCHANGE_BENCH_COUNT ?? 20_000);
  const concurrency = Number(process.env.EXCHANGE_BENCH_CONCURRENCY ?? 128);
  const runCount = Math.max(1, Number(process.env.EXCHANGE_BENCH_RUNS ?? 5));
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  build();
  process.env.TEST_DATABASE_URL ??= DB_BASE;
  const db = await createTestDatabase('bench_test_exchange');
  const dataDir = mkdtempSync(join(tmpdir(), 'exchange-bench-'));
  const port = await freePort();
  const receiverUrl = `http://127.0.0.1:${port}`;
  // The receiver in its own process, as the province would be.
  const receiverArgs = process.env.EXCHANGE_BENCH_RECEIVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const receiver = spawn(process.execPath, [...receiverArgs, COMPILED_RECEIVER], {
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
      LOG_LEVEL: 'silent',
    };
    const drainRate = async (batch: string) =>
      ((await pg.query(
        `SELECT count(*)::int AS n, EXTRACT(EPOCH FROM (max(r.receive_time) - min(r.receive_time)))::float8 AS s
           FROM provincial_sim.records r WHERE r.tender_project_code LIKE $1`,
        [`${batch}-%`],
      )).rows.map((r: { n: number; s: number }) => (r.n - 1) / r.s)[0] as number);

    // Logging at its production level (info: one line per delivered record, with its request id) against
    // logging off, in alternating rounds of a fresh worker each (the same batch size, drained alone).
    const loggingFigures = async (): Promise<Record<string, number | string>> => {
      const logCount = Number(process.env.EXCHANGE_BENCH_LOG_COUNT ?? Math.min(count, 10_000));
      const logRounds = Math.max(5, Number(process.env.EXCHANGE_BENCH_LOG_ROUNDS ?? 7));
      // counted now: whatever the runs before stored in the receiver
      let expectedHeld = await received();
      const logRates: Record<'info' | 'silent', number[]> = { info: [], silent: [] };
      // round 0 warms the receiver, PostgreSQL and Redis up and is not counted: without it the first round ran 15–20% slower
      for (let i = 0; i <= logRounds; i++) {
        const order: ('info' | 'silent')[] = i === 0 ? ['silent'] : i % 2 ? ['info', 'silent'] : ['silent', 'info'];
        for (const level of order) {
          const batch = `LOG${level.toUpperCase()}${i}`;
          console.log(`logging ${level}, ${i === 0 ? 'warm-up round (not counted)' : `round ${i} of ${logRounds}`}: ${logCount} records drained by a fresh worker …`);
          await appendRecords(app, logCount, { projects: 200, prefix: batch, parallel: 16 });
          const lw = spawnWorker({ ...env, LOG_LEVEL: level }, process.env.EXCHANGE_BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [], { compiled: true });
          workers.push(lw);
          await waitForWorkerStart(lw, 120_000);
          expectedHeld += logCount;
          await waitFor('every record received', async () => (await received()) >= expectedHeld || undefined, 600_000, 1000);
          const rate = await drainRate(batch);
          if (i > 0) logRates[level].push(rate);
          console.log(`    ${rate.toFixed(0)} records/s`);
          lw.child.kill('SIGTERM');
          await lw.exited;
        }
      }
      return {
        [`push records/s with logging at info (production level), the ${logRounds} rounds`]: logRates.info.map((r) => r.toFixed(0)).join(' / '),
        [`push records/s with logging off, the ${logRounds} rounds`]: logRates.silent.map((r) => r.toFixed(0)).join(' / '),
        'push with logging on / off, every round': logRates.info.map((r, i) => (r / logRates.silent[i]).toFixed(3)).join(' / '),
        'push with logging on / off, median of the rounds (target ≥ 0.95)': median(logRates.info.map((r, i) => r / logRates.silent[i])),
        'push with logging on / off, median to median': median(logRates.info) / median(logRates.silent),
      };
    };
    if (process.env.EXCHANGE_BENCH_ONLY === 'logging') {
      const figures = await loggingFigures();
      for (const [k, v] of Object.entries(figures)) console.log(`  ${k}: ${typeof v === 'number' ? +v.toFixed(3) : v}`);
      return figures;
    }

    const rawRuns: number[] = [];
    const rawCpu: { process: number; redis: number }[] = [];
    const rawRun = async (label: string) => {
      console.log(`  raw BullMQ (${label}): ${count} jobs, concurrency ${concurrency} …`);
      const r = await baseline('raw', count, concurrency, receiverUrl);
      if (r.cpuMsPerJob) rawCpu.push(r.cpuMsPerJob);
      console.log(`    ${r.perSecond.toFixed(0)} jobs/s`);
      return r.perSecond;
    };
    // The first run of a fresh Redis is slower (its memory, the scripts' cache): once, not counted.
    await baseline('raw', count, concurrency, receiverUrl);

    // Cold: the records are committed with no worker running, then one worker process starts and drains them
    // (its start-up, JIT warm-up included).
    console.log(`cold: committing ${count} records to the outbox (no worker running) …`);
    const committedAt = Date.now();
    await appendRecords(app, count, { projects: 200, prefix: 'COLD', parallel: 16 });
    const commitRate = count / ((Date.now() - committedAt) / 1000);
    console.log(`  ${commitRate.toFixed(0)} commits/s`);
    const coldRaw = await rawRun('beside the cold drain');
    console.log('  draining the outbox with one worker process, just started …');
    const w = spawnWorker(env, process.env.EXCHANGE_BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [], { compiled: true });
    workers.push(w);
    await waitForWorkerStart(w, 120_000);
    // (once a second: the count reads the receiver's whole table, load on the database being measured; the
    // drain rate comes from the receive times, not from when this notices the end)
    await waitFor('every record received', async () => (await received()) >= count || undefined, 600_000, 1000);
    const cold = await drainRate('COLD');
    console.log(`    ${cold.toFixed(0)} records/s (ratio to raw BullMQ ${(cold / coldRaw).toFixed(3)})`);
    const delivered = (n: number) =>
      waitFor('every row marked delivered', async () => {
        const r = await pg.query(`SELECT count(*)::int AS n FROM outbox WHERE status = 'delivered'`);
        return r.rows[0].n === n || undefined;
      }, 120_000, 250);
    await delivered(count);

    // Paired runs: raw BullMQ and the warm drain of the same worker, side by side. The worker is stopped
    // (SIGSTOP) while a batch is committed and raw BullMQ runs, then continued (SIGCONT): it drains the batch.
    const warmRuns: number[] = [];
    const ratios: number[] = [];
    const cpuPerRecord: Record<string, number>[] = [];
    for (let i = 1; i <= runCount; i++) {
      console.log(`pair ${i} of ${runCount}: committing ${count} records with the worker stopped …`);
      w.child.kill('SIGSTOP');
      let rawRate: number;
      try {
        await appendRecords(app, count, { projects: 200, prefix: `WARM${i}`, parallel: 16 });
        rawRate = await rawRun(`pair ${i}`);
      } finally {
        w.child.kill('SIGCONT');
      }
      rawRuns.push(rawRate);
      console.log('  draining them with the same worker, continued …');
      // Where the CPU goes while it drains. Every PostgreSQL process counts, whatever database it serves: run
      // nothing else on the machine meanwhile.
      const groups: Record<string, () => number[]> = {
        worker: () => [w.child.pid!],
        receiver: () => [receiver.pid!],
        postgres: () => pidsOf('postgres'),
        redis: () => pidsOf('redis-server'),
      };
      const before = Object.fromEntries(Object.entries(groups).map(([k, pids]) => [k, cpuSeconds(pids())]));
      await waitFor('every record received', async () => (await received()) >= (1 + i) * count || undefined, 600_000, 1000);
      cpuPerRecord.push(Object.fromEntries(Object.entries(groups).map(([k, pids]) => [k, (cpuSince(before[k], cpuSeconds(pids())) * 1000) / count])));
      warmRuns.push(await drainRate(`WARM${i}`));
      ratios.push(warmRuns[i - 1] / rawRate);
      console.log(`    ${warmRuns[i - 1].toFixed(0)} records/s (ratio to raw BullMQ ${ratios[i - 1].toFixed(3)})`);
      await delivered((1 + i) * count);
    }
    const throughput = Math.max(...warmRuns);
    const drained = (1 + runCount) * count;

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
    await waitFor('the paced records', async () => (await received()) >= drained + paced || undefined, 300_000, 250);
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
    if (held !== drained + paced) throw new Error(`the receiver holds ${held} records, expected ${drained + paced}`);

    // References, as many as a drain and at the same concurrency (fewer would mostly measure the opening of
    // the connections and the JIT's warm-up).
    console.log(`the receiver alone: ${count} signed POSTs at concurrency ${concurrency} …`);
    const ceiling = (await baseline('receiver', count, concurrency, receiverUrl)).perSecond;
    console.log(`raw BullMQ with the signed POST as its processor: ${count} jobs …`);
    const rawPost = (await baseline('raw-post', count, concurrency, receiverUrl)).perSecond;
    w.child.kill('SIGTERM');
    await w.exited;
    const logFigures = await loggingFigures();
    const figures = {
      'records': count,
      'concurrency (worker and raw BullMQ)': concurrency,
      'outbox commits/s (16 parallel)': commitRate,
      'exchange records/s, cold (worker just started)': cold,
      'ratio to raw BullMQ, cold (to the raw run just before)': cold / coldRaw,
      [`raw BullMQ jobs/s, the ${runCount} paired runs`]: rawRuns.map((r) => r.toFixed(0)).join(' / '),
      [`exchange records/s, warm (outbox → receiver), the ${runCount} paired runs`]: warmRuns.map((r) => r.toFixed(0)).join(' / '),
      'ratio of each pair': ratios.map((r) => r.toFixed(3)).join(' / '),
      'exchange records/s, warm, median': median(warmRuns),
      'ratio to raw BullMQ, warm, median of the pairs (target ≥ 0.3)': median(ratios),
      'ratio to raw BullMQ, warm, fastest run to fastest run': throughput / Math.max(...rawRuns),
      'CPU ms per record in the warm drains (median), worker / receiver / PostgreSQL / Redis': ['worker', 'receiver', 'postgres', 'redis']
        .map((k) => median(cpuPerRecord.map((c) => c[k])).toFixed(3))
        .join(' / '),
      'CPU ms per job of raw BullMQ (median), its process / Redis': ['process', 'redis']
        .map((k) => median(rawCpu.map((c) => c[k as 'process' | 'redis'])).toFixed(3))
        .join(' / '),
      'receiver alone, signed POSTs/s (ceiling of any sender here)': ceiling,
      'ratio to the receiver alone (median warm drain)': median(warmRuns) / ceiling,
      'raw BullMQ + signed POST jobs/s (no outbox)': rawPost,
      'ratio to raw BullMQ + signed POST (median warm drain)': median(warmRuns) / rawPost,
      ...logFigures,
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

/**
 * Bids (libs/bids), end to end through the API running as its own process:
 *
 * - Rush: BIDS_BENCH_COUNTS (300 and 1000) bidders submit sealed bids of BIDS_BENCH_MIB (2) MiB to one section
 *   at once, in BIDS_BENCH_ROUNDS (at least 5) rounds with the baseline (putting the same bytes straight into the
 *   same object store, same adapter and options) and the rush alternating. Every one must get a receipt (201)
 *   and no request may fail. Prints the medians of the rounds: p50 / p99 latency, the throughput as a ratio to
 *   the baseline (target: at least 0.6), and the API's peak RSS growth during a rush (target: < 150 MiB at
 *   both sizes; the shared upload budget, UPLOAD_BUFFER_MIB, bounds it whatever the number of uploads).
 *   Beside it, what the largest peak was made of (the API's own process.memoryUsage() nearest its peak: V8's heap,
 *   the buffers outside it).
 * - Logging: the same rush of BIDS_BENCH_LOG_COUNT (300; 0 skips it) bids through two API processes, one logging
 *   at its production level (LOG_LEVEL=info, REQUEST_LOGGING=true), one with logging off, alternating over the
 *   rounds; prints both throughputs and the median of the rounds' ratios (target: at least 0.95).
 * - Large bid: one sealed bid of BIDS_BENCH_LARGE_MIB (1024; 0 skips it) MiB through the API; the API process's
 *   RSS is sampled from /proc while it streams (target: it grows by less than 100 MiB).
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/bids.bench.ts
 *
 * The object store is the MinIO adapter on the test S3 server (scripts/services/s3.js, or S3_* from the
 * environment) unless BIDS_BENCH_STORE=local (the local-disk adapter of the embedded default). PostgreSQL:
 * TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a database of its own is made and dropped.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client as PgClient } from 'pg';
import { JwtService } from '@nestjs/jwt';
import { loadConfig, PlatformConfig } from '@app/core';
import { LocalObjectStore, MinioObjectStore, ObjectStore } from '@app/documents';
import { withCheckCharacter } from '@app/identity';
import { newKey, seal } from '@app/sealing';
import { createPublishedSection } from '../test/support/bids-test-fixtures';
import { createTestDatabase } from '../test/support/test-db';
import { median } from './support/timing';
import { s3Env } from '../test/support/s3-env';

const MiB = 1024 * 1024;
const SECURITY = { 'x-bid-security-amount': '20000.00', 'x-bid-security-form': 'bank_guarantee' };


function objectStoreOf(config: PlatformConfig): ObjectStore {
  return config.s3
    ? new MinioObjectStore({ ...config.s3 })
    : new LocalObjectStore({ root: join(config.dataDir, 'objects'), linkSecret: config.linkSecret });
}

// ---------------------------------------------------------------------------------------------------------
// The API child process (BIDS_BENCH_ROLE=api): the real application, plus the bidders, the section and their
// tokens, reported on stdout as one JSON line.

interface ApiReady {
  port: number;
  pid: number;
  /** One section per round, every bidder a holder of each. */
  sectionIds: string[];
  tokens: string[];
}

async function apiChild(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApiApp } = require('../apps/api/src/bootstrap') as typeof import('../apps/api/src/bootstrap');
  const config = loadConfig(process.env);
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const pg = new PgClient({ connectionString: (config.database as { url: string }).url });
  await pg.connect();
  const count = Number(process.env.BIDS_BENCH_BIDDERS ?? 1);
  const now = new Date();
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const org = async (kind: string, i: number) => {
    const id = randomUUID();
    const base = `91210100MA${String(i).padStart(2, '0')}${randomBytes(3).toString('hex').toUpperCase().replace(/[IOSVZ]/g, '1')}`.slice(0, 17);
    await pg.query(`INSERT INTO organisation (id, uscc, name, kind, region_code, created_at) VALUES ($1, $2, $3, $4, '210100', $5)`, [
      id,
      withCheckCharacter(base),
      `压测单位 ${tag}-${i}`,
      kind,
      now,
    ]);
    const account = randomUUID();
    await pg.query(
      `INSERT INTO account (id, username, display_name, password_hash, role, organisation_id, created_at) VALUES ($1, $2, $2, 'bench: no login', $3, $4, $5)`,
      [account, `bench-${tag}-${kind}-${i}`, kind === 'bidder' ? 'bidder' : 'staff', id, now],
    );
    return { id, account, username: `bench-${tag}-${kind}-${i}` };
  };
  const tenderer = await org('tenderer', 0);
  const bidders = [];
  for (let i = 1; i <= count; i++) bidders.push(await org('bidder', i));
  const { DataSource } = await import('typeorm');
  const sectionIds: string[] = [];
  for (let i = 0; i < Number(process.env.BIDS_BENCH_SECTIONS ?? 1); i++) {
    const section = await createPublishedSection(app.get(DataSource), {
      bidDeadline: new Date(now.getTime() + 6 * 3600_000),
      tendererOrgId: tenderer.id,
      holders: bidders.map((b) => b.id),
    });
    sectionIds.push(section.sectionId);
  }
  const jwt = new JwtService();
  const tokens = await Promise.all(
    bidders.map((b) =>
      jwt.signAsync(
        { sub: b.account, org: b.id, role: 'bidder', usr: b.username, iat: Math.floor(Date.now() / 1000) },
        { algorithm: 'HS256', secret: config.jwt.secret, issuer: config.jwt.issuer, audience: config.jwt.audience, expiresIn: 6 * 3600 },
      ),
    ),
  );
  await pg.end();
  const ready: ApiReady = { port, pid: process.pid, sectionIds, tokens };
  process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdin.on('end', stop).resume();
  // Where the memory goes: process.memoryUsage() at the highest RSS seen since the parent last asked ("peak" on
  // stdin; "reset" starts a new window). Sampled on this event loop, so a busy loop samples late: the RSS figure
  // the targets use is the parent's, from /proc; this one says what the peak was made of.
  let peak = process.memoryUsage();
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    if (now.rss > peak.rss) peak = now;
  }, 20);
  sampler.unref();
  process.stdin.on('data', (d: Buffer) => {
    for (const command of d.toString().split('\n')) {
      if (command === 'peak') process.stdout.write(`PEAK ${JSON.stringify(peak)}\n`);
      if (command === 'reset' || command === 'peak') peak = process.memoryUsage();
    }
  });
}

interface ApiHandle extends ApiReady {
  child: ChildProcess;
  stop(): Promise<void>;
  /** Starts a new window of the child's own memory sampling. */
  resetPeak(): void;
  /** process.memoryUsage() of the child at its highest RSS of the window. */
  peak(): Promise<NodeJS.MemoryUsage>;
}

function startApi(env: Record<string, string>, bidders: number, sections = 1): Promise<ApiHandle> {
  // BIDS_BENCH_CPU_PROF=<folder>: the API child writes a V8 CPU profile there when it stops
  const profile = process.env.BIDS_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BIDS_BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', __filename], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, ...env, BIDS_BENCH_ROLE: 'api', BIDS_BENCH_BIDDERS: String(bidders), BIDS_BENCH_SECTIONS: String(sections), TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json') },
    // the child reads stdin only to notice the parent's end: it exits when the pipe closes
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    // the child's stdout: its READY line, its PEAK answers, and its log lines (LOG_LEVEL), read as a log
    // collector would and dropped (only the unfinished last line is kept)
    let partial = '';
    let ready: ApiReady | undefined;
    const peaks: ((m: NodeJS.MemoryUsage) => void)[] = [];
    const timer = setTimeout(() => reject(new Error('the API child did not start within 600 s')), 600_000); // a loaded machine: 1,000 bidders to create
    child.once('exit', (code) => reject(new Error(`the API child exited with ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('PEAK ')) peaks.shift()?.(JSON.parse(line.slice(5)) as NodeJS.MemoryUsage);
        if (ready || !line.startsWith('READY ')) continue;
        clearTimeout(timer);
        ready = JSON.parse(line.slice(6)) as ApiReady;
        resolve({
          ...ready,
          child,
          stop: () =>
            new Promise<void>((done) => {
              child.removeAllListeners('exit');
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
          resetPeak: () => void child.stdin!.write('reset\n'),
          peak: () =>
            new Promise((answer) => {
              peaks.push(answer);
              child.stdin!.write('peak\n');
            }),
        });
      }
    });
  });
}

/** Resident set size of a process now, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

// ---------------------------------------------------------------------------------------------------------
// The client.

function put(port: number, sectionId: string, token: string, body: Readable | Buffer, agent: Agent, length?: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `/api/sections/${sectionId}/bids`,
        method: 'PUT',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/octet-stream',
          ...(length !== undefined ? { 'content-length': String(length) } : { 'transfer-encoding': 'chunked' }),
          ...SECURITY,
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (Buffer.isBuffer(body)) req.end(body);
    else pipeline(body, req).catch(reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function sealedBids(count: number, plaintextSize: number): Promise<Buffer[]> {
  const key = newKey();
  const file = randomBytes(plaintextSize);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    file.writeUInt32BE(i, 0); // every bid its own bytes
    const parts: Buffer[] = [];
    for await (const part of seal(file, key, { price: `${1000000 + i}.00`, durationDays: 100, items: [] })) parts.push(part as Buffer);
    out.push(Buffer.concat(parts));
  }
  return out;
}

/** Pieces of 64 KiB, as an upload arrives from a socket. */
function inPieces(buffer: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < buffer.length; at += 64 * 1024) yield buffer.subarray(at, at + 64 * 1024);
    })(),
    { objectMode: false },
  );
}

async function removeStored(config: PlatformConfig, store: ObjectStore, keys: string[]): Promise<void> {
  for (const key of keys) await store.delete(key).catch(() => undefined);
  if (!config.s3) rmSync(join(config.dataDir, 'objects'), { recursive: true, force: true });
}

/**
 * One rush: every bid put at once through the API to the section, each bidder with its own connection. The
 * API's RSS is sampled from /proc meanwhile (its peak), and the child's own memory breakdown at its peak.
 */
async function rushOnce(api: ApiHandle, sectionId: string, bids: Buffer[], failures: string[], pg: PgClient) {
  const agent = new Agent({ keepAlive: true, maxSockets: bids.length });
  const latencies: number[] = [];
  api.resetPeak();
  let peakRss = rssOf(api.pid);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssOf(api.pid));
  }, 20);
  const started = performance.now();
  try {
    await Promise.all(
      bids.map(async (b, i) => {
        const t = performance.now();
        try {
          const r = await put(api.port, sectionId, api.tokens[i], b, agent, b.length);
          if (r.status !== 201) failures.push(`${r.status} ${r.body.slice(0, 200)}`);
        } catch (error) {
          failures.push((error as Error).message);
        }
        latencies.push(performance.now() - t);
      }),
    );
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const peakMemory = await api.peak();
  const [{ n: receipts }] = (await pg.query(`SELECT count(*)::int AS n FROM bid WHERE section_id = $1 AND status = 'received'`, [sectionId])).rows;
  const stored = (await pg.query(`SELECT object_key FROM document WHERE purpose = 'bid'`)).rows.map((r: { object_key: string }) => r.object_key);
  return { seconds, latencies, peakRss, peakMemory, receipts: receipts as number, stored };
}

/**
 * One rush size: `count` bidders submit at once, in `rounds` rounds, each round the baseline (the same bytes
 * put straight into the store) and the rush through the API, in alternating order (baseline first in even
 * rounds, rush first in odd ones), so that neither always runs on a warmer or a more loaded machine. The API's
 * RSS is sampled from /proc during every rush; its growth is counted from its RSS after a warm-up, before the
 * first rush, so the figure is the most any rush took on top of an API that has served bids already.
 */
async function rushFigures(
  count: number,
  rounds: number,
  sizeMiB: number,
  env: Record<string, string>,
  config: PlatformConfig,
  store: ObjectStore,
  pg: PgClient,
  baselineKeys: string[],
): Promise<Record<string, number | string>> {
  const bids = await sealedBids(count, sizeMiB * MiB);
  const totalMiB = bids.reduce((n, b) => n + b.length, 0) / MiB;
  const api = await startApi(env, count, rounds + 1); // the last section for the warm-up
  const ratios: number[] = [];
  const growths: number[] = [];
  const p50s: number[] = [];
  const p99s: number[] = [];
  const walls: number[] = [];
  const baselines: number[] = [];
  const failures: string[] = [];
  let fewestReceipts = Infinity;
  let rssBefore = 0;
  let memoryBefore: NodeJS.MemoryUsage | undefined;
  const peaks: NodeJS.MemoryUsage[] = [];
  try {
    const warmAgent = new Agent({ keepAlive: true });
    const warm = await sealedBids(3, sizeMiB * MiB);
    for (let i = 0; i < warm.length; i++) await put(api.port, api.sectionIds[rounds], api.tokens[i], warm[i], warmAgent, warm[i].length);
    warmAgent.destroy();
    await new Promise((r) => setTimeout(r, 500));
    rssBefore = rssOf(api.pid);
    api.resetPeak();
    memoryBefore = await api.peak();

    const baselineRound = async (round: number): Promise<number> => {
      const prefix = `bench-bids-${Date.now().toString(36)}-${count}-${round}`;
      const started = performance.now();
      await Promise.all(
        bids.map((b, i) => {
          const key = `${prefix}/${i}`;
          baselineKeys.push(key);
          return store.put(key, inPieces(b), { contentType: 'application/octet-stream' });
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      await removeStored(config, store, baselineKeys.splice(0));
      return seconds;
    };
    const rushRound = async (round: number): Promise<number> => {
      const r = await rushOnce(api, api.sectionIds[round], bids, failures, pg);
      p50s.push(percentile(r.latencies, 50));
      p99s.push(percentile(r.latencies, 99));
      growths.push((r.peakRss - rssBefore) / MiB);
      peaks.push(r.peakMemory);
      fewestReceipts = Math.min(fewestReceipts, r.receipts);
      await removeStored(config, store, r.stored);
      return r.seconds;
    };

    for (let round = 0; round < rounds; round++) {
      let baseline: number;
      let rush: number;
      if (round % 2 === 0) {
        baseline = await baselineRound(round);
        rush = await rushRound(round);
      } else {
        rush = await rushRound(round);
        baseline = await baselineRound(round);
      }
      baselines.push(baseline);
      walls.push(rush);
      ratios.push(baseline / rush);
    }
  } finally {
    await api.stop();
  }
  const label = `rush ${count}`;
  const figures: Record<string, number | string> = {};
  figures[`${label}: bids × MiB (all at once), rounds`] = `${count} × ${(bids[0].length / MiB).toFixed(3)}, ${rounds} rounds (baseline and rush alternating)${rounds < 5 ? '; FEWER THAN 5: a quick look, not a headline' : ''}`;
  figures[`${label}: receipts (fewest in a round)`] = fewestReceipts;
  figures[`${label}: failed requests (all rounds)`] = failures.length;
  if (failures.length) figures[`${label}: first failure`] = failures[0];
  figures[`${label}: wall s (median)`] = median(walls);
  figures[`${label}: MiB/s (median)`] = totalMiB / median(walls);
  figures[`${label}: latency p50 ms (median)`] = median(p50s);
  figures[`${label}: latency p99 ms (median)`] = median(p99s);
  figures[`${label}: baseline (store.put, same bytes) MiB/s (median)`] = totalMiB / median(baselines);
  figures[`${label}: rush / baseline throughput, median (target ≥ 0.6)`] = median(ratios);
  figures[`${label}: rush / baseline, every round`] = ratios.map((r) => r.toFixed(3)).join(' ');
  figures[`${label}: API RSS after warm-up MiB`] = rssBefore / MiB;
  figures[`${label}: API peak RSS growth MiB, most of any round (target < 150)`] = Math.max(...growths);
  figures[`${label}: API peak RSS growth MiB, every round`] = growths.map((g) => g.toFixed(0)).join(' ');
  // what the largest peak was made of (the child's own sample nearest its peak, against the same after warm-up)
  const worst = peaks.reduce((a, b) => (b.rss > a.rss ? b : a));
  const grew = (k: keyof NodeJS.MemoryUsage) => ((worst[k] - memoryBefore![k]) / MiB).toFixed(0);
  figures[`${label}: at the largest peak, growth MiB of rss / V8 heap total / heap used / external (of which array buffers)`] =
    `${grew('rss')} / ${grew('heapTotal')} / ${grew('heapUsed')} / ${grew('external')} (${grew('arrayBuffers')})`;
  return figures;
}

/**
 * Request logging at its production level against logging off, on the same rush: two API processes, one with
 * LOG_LEVEL=info and REQUEST_LOGGING=true (production's default: an access line per request, the services'
 * lines), one with LOG_LEVEL=silent and REQUEST_LOGGING=false; in each of `rounds` rounds both take the same
 * rush, in alternating order. Their log lines go to stdout, a pipe that this process reads and drops (as a log
 * collector would). Target: the logged rush's throughput at least 0.95 of the silent one (median of the rounds'
 * ratios).
 */
async function loggingFigures(
  count: number,
  setup: { rounds: number; sizeMiB: number; env: Record<string, string>; config: PlatformConfig; store: ObjectStore; pg: PgClient },
): Promise<Record<string, number | string>> {
  const { rounds, sizeMiB, env, config, store, pg } = setup;
  const bids = await sealedBids(count, sizeMiB * MiB);
  const totalMiB = bids.reduce((n, b) => n + b.length, 0) / MiB;
  const levels = { on: { LOG_LEVEL: 'info', REQUEST_LOGGING: 'true' }, off: { LOG_LEVEL: 'silent', REQUEST_LOGGING: 'false' } };
  const apis: Partial<Record<keyof typeof levels, ApiHandle>> = {};
  const rates: Record<keyof typeof levels, number[]> = { on: [], off: [] };
  const ratios: number[] = [];
  const failures: string[] = [];
  try {
    for (const level of ['on', 'off'] as const) {
      const api = await startApi({ ...env, ...levels[level] }, count, rounds + 1);
      apis[level] = api;
      const warmAgent = new Agent({ keepAlive: true });
      const warm = await sealedBids(3, sizeMiB * MiB);
      for (let i = 0; i < warm.length; i++) await put(api.port, api.sectionIds[rounds], api.tokens[i], warm[i], warmAgent, warm[i].length);
      warmAgent.destroy();
    }
    for (let round = 0; round < rounds; round++) {
      for (const level of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        const r = await rushOnce(apis[level]!, apis[level]!.sectionIds[round], bids, failures, pg);
        await removeStored(config, store, r.stored);
        rates[level].push(totalMiB / r.seconds);
      }
      ratios.push(rates.on[round] / rates.off[round]);
      console.log(`  logging round ${round + 1} of ${rounds}: on ${rates.on[round].toFixed(1)} MiB/s, off ${rates.off[round].toFixed(1)} MiB/s`);
    }
  } finally {
    for (const api of Object.values(apis)) await api.stop();
  }
  const label = `logging ${count}`;
  const figures: Record<string, number | string> = {};
  figures[`${label}: failed requests (all rounds)`] = failures.length;
  if (failures.length) figures[`${label}: first failure`] = failures[0];
  figures[`${label}: rush MiB/s with logging at info + access lines, every round`] = rates.on.map((r) => r.toFixed(1)).join(' ');
  figures[`${label}: rush MiB/s with logging off, every round`] = rates.off.map((r) => r.toFixed(1)).join(' ');
  figures[`${label}: on / off, every round`] = ratios.map((r) => r.toFixed(3)).join(' ');
  figures[`${label}: on / off throughput, median of the rounds (target ≥ 0.95)`] = median(ratios);
  return figures;
}

export async function run(): Promise<Record<string, number | string>> {
  const counts = (process.env.BIDS_BENCH_COUNTS ?? process.env.BIDS_BENCH_COUNT ?? '300,1000').split(',').map(Number).filter((n) => n > 0);
  const logCount = Number(process.env.BIDS_BENCH_LOG_COUNT ?? 300);
  const sizeMiB = Number(process.env.BIDS_BENCH_MIB ?? 2);
  const largeMiB = Number(process.env.BIDS_BENCH_LARGE_MIB ?? 1024);
  // fewer than 5 rounds only for a quick look (the figures then say so): the medians need at least 5
  const rounds = Math.max(1, Number(process.env.BIDS_BENCH_ROUNDS ?? 5));
  const storeKind = process.env.BIDS_BENCH_STORE === 'local' ? 'local' : 's3';
  const s3 = storeKind === 's3' ? await s3Env() : undefined;
  const db = await createTestDatabase('bench_bids_test');
  const dataDir = mkdtempSync(join(tmpdir(), 'bids-bench-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    MIGRATIONS_RUN: 'true',
    DEMO_DATA: 'false',
    ...(s3 ? { ...s3 } : {}),
  };
  for (const k of ['S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_REGION', 'S3_BUCKET']) if (!s3) env[k] = '';
  const config = loadConfig(env);
  const store = objectStoreOf(config);
  if (store instanceof MinioObjectStore) await store.ensureBucket();
  const pg = new PgClient({ connectionString: db.url });
  const figures: Record<string, number | string> = {
    'object store': s3 ? `MinIO adapter on ${s3.S3_ENDPOINT}` : 'local disk adapter',
    'API upload budget (UPLOAD_BUFFER_MIB)': config.uploadBufferMiB,
  };
  const baselineKeys: string[] = [];
  try {
    await pg.connect();
    for (const count of counts) Object.assign(figures, await rushFigures(count, rounds, sizeMiB, env, config, store, pg, baselineKeys));
    if (logCount > 0) Object.assign(figures, await loggingFigures(logCount, { rounds, sizeMiB, env, config, store, pg }));
    if (largeMiB <= 0) return figures;

    // --- One large bid: the API's memory must not grow with it
    const large = await startApi(env, 1);
    try {
      const agent = new Agent({ keepAlive: false });
      const warm = await sealedBids(3, 4 * MiB);
      for (const w of warm) await put(large.port, large.sectionIds[0], large.tokens[0], w, agent, w.length);
      await new Promise((r) => setTimeout(r, 500));
      const before = rssOf(large.pid);
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssOf(large.pid));
      }, 20);
      const started = performance.now();
      const body = seal(
        Readable.from(
          (function* () {
            const piece = Buffer.alloc(MiB, 7);
            for (let i = 0; i < largeMiB; i++) yield piece;
          })(),
          { objectMode: false },
        ),
        newKey(),
        { price: '88888888.00', durationDays: 720, items: [] },
      );
      let r: { status: number; body: string };
      try {
        r = await put(large.port, large.sectionIds[0], large.tokens[0], body, agent);
      } finally {
        clearInterval(sampler);
      }
      const seconds = (performance.now() - started) / 1000;
      const size = r.status === 201 ? (JSON.parse(r.body) as { size: number }).size : 0;
      figures['large bid: status'] = r.status;
      figures['large bid: MiB'] = size / MiB;
      figures['large bid: wall s'] = seconds;
      figures['large bid: MiB/s'] = size / MiB / seconds;
      figures['large bid: API RSS before MiB'] = before / MiB;
      figures['large bid: API peak RSS growth MiB (target < 100)'] = (peak - before) / MiB;
    } finally {
      await large.stop();
    }
    const storedLarge = (await pg.query(`SELECT object_key FROM document WHERE purpose = 'bid'`)).rows.map((r: { object_key: string }) => r.object_key);
    await removeStored(config, store, storedLarge);
  } finally {
    await removeStored(config, store, baselineKeys).catch(() => undefined);
    await pg.end().catch(() => undefined);
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

if (require.main === module) {
  if (process.env.BIDS_BENCH_ROLE === 'api') {
    apiChild().catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  } else {
    run().then(
      (figures) => {
        for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(52)} ${typeof v === 'number' ? +v.toFixed(3) : v}`);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  }
}

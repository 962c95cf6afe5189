/**
 * Test and benchmark support for the exchange (not exported by the library's index): the reference receiver
 * on the test database, the platform's exchange in this process or as worker child processes, records in
 * bulk, a private Redis.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ChangeService, CoreModule, loadConfig, PlatformConfig, SchedulerModule, SYSTEM_ACTOR } from '@app/core';
import { platformSchema } from '@app/platform';
import { startProvincialSim } from '@app/provincial-receiver';
import { type DatasetCode, ExchangeModule, ExchangeModuleOptions, ExchangeWorkerModule, OutboxService, PROVINCIAL_PUSH_QUEUE } from '@app/exchange';
import { SAMPLE_RECORDS } from '@app/exchange/contract/sample-records';

export const REPO_ROOT = resolve(__dirname, '../..');
/**
 * The tsconfig for processes the tests start from TypeScript through ts-node: the project's own, plus a transpiler
 * that keeps TypeScript's output on disk (test/ts-node/cached-transpiler.js), so that each of them does not spend
 * seconds of CPU transpiling the same files again.
 */
export const TS_NODE_TEST_PROJECT = join(REPO_ROOT, 'test', 'ts-node', 'tsconfig.json');
export const TEST_SECRET = 'exchange-test-secret-0123456789abcdef';

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface TestReceiver {
  url: string;
  /** PATCH /admin/faults (only the knobs named). */
  faults(patch: Record<string, unknown>): Promise<void>;
  stats(): Promise<{ records: { total: number }; requests: { total: number; byStatus: Record<string, number>; byOutcome: Record<string, number> } }>;
  attempts(serialNumber: string): Promise<{ arrivedAtMs: number; status: number; fault?: string; duplicate?: boolean; responded: boolean }[]>;
  /** What the receiver stored, straight from its table. */
  stored(): Promise<{ serial_number: string; tender_project_code: string; sequence: number; receive_time: Date }[]>;
  close(): Promise<void>;
}

/** The reference receiver, storing in its own schema of the test database. */
export async function startReceiver(databaseUrl: string, opts: { faults?: Record<string, unknown>; secret?: string } = {}): Promise<TestReceiver> {
  const secret = opts.secret ?? TEST_SECRET;
  const schema = 'provincial_sim';
  const sim = await startProvincialSim({ secret, port: 0, databaseUrl, schema, logger: false, faults: opts.faults });
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(sim.url + path, { ...init, headers: { 'X-Admin-Token': secret, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  return {
    url: sim.url,
    async faults(patch) {
      const r = await admin('/admin/faults', { method: 'PATCH', body: JSON.stringify(patch) });
      if (r.status !== 200) throw new Error(`faults: ${r.status} ${await r.text()}`);
    },
    async stats() {
      return (await (await admin('/admin/stats')).json()) as Awaited<ReturnType<TestReceiver['stats']>>;
    },
    async attempts(serialNumber) {
      const r = await admin(`/admin/attempts?serialNumber=${encodeURIComponent(serialNumber)}`);
      return ((await r.json()) as { attempts: Awaited<ReturnType<TestReceiver['attempts']>> }).attempts;
    },
    async stored() {
      return (await pg.query(`SELECT serial_number, tender_project_code, sequence, receive_time FROM "${schema}".records ORDER BY id`)).rows;
    },
    async close() {
      await pg.end().catch(() => undefined);
      await sim.close();
    },
  };
}

/** The platform's configuration for a test database, pointing at the receiver. */
export function exchangeTestConfig(databaseUrl: string, receiverUrl: string | undefined, env: Record<string, string> = {}): { config: PlatformConfig; cleanup(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'exchange-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    MIGRATIONS_RUN: 'true',
    DEMO_DATA: 'false',
    PROVINCIAL_SECRET: TEST_SECRET,
    ...(receiverUrl ? { PROVINCIAL_API_URL: receiverUrl } : {}),
    ...env,
  });
  return { config, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

@Module({})
class ExchangeTestModule {
  static forRoot(config: PlatformConfig, worker: boolean, extra: ExchangeModuleOptions, scheduler = false): DynamicModule {
    return {
      module: ExchangeTestModule,
      imports: [
        CoreModule.forRoot({ config, schema: platformSchema }),
        ExchangeModule.forRoot(config, extra),
        ...(worker ? [ExchangeWorkerModule.forRoot(config, extra)] : []),
        ...(scheduler ? [SchedulerModule.forRoot(config)] : []),
      ],
    };
  }
}

/**
 * The platform's exchange in this process without HTTP (migrations applied): OutboxService, ChangeService and
 * the operators' services, with `worker` the relay and transport too, and with `scheduler` the periodic tasks
 * (the reconciliation) as the worker runs them.
 */
export async function startExchangeContext(config: PlatformConfig, opts: { worker?: boolean; scheduler?: boolean } & ExchangeModuleOptions = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(ExchangeTestModule.forRoot(config, !!opts.worker, { options: opts.options, target: opts.target }, !!opts.scheduler), {
    logger: process.env.EXCHANGE_TEST_LOG ? ['log', 'warn', 'error'] : false,
  });
  await app.init();
  return app;
}

/** Appends `count` records spread over `projects` tender projects, `parallel` changes at a time. */
export async function appendRecords(
  app: INestApplicationContext,
  count: number,
  opts: { projects?: number; parallel?: number; prefix?: string; datasetCode?: DatasetCode } = {},
): Promise<{ id: string; serialNumber: string; project: string; sequence: number }[]> {
  const outbox = app.get(OutboxService);
  const change = app.get(ChangeService);
  const projects = opts.projects ?? 10;
  const prefix = opts.prefix ?? 'TP';
  const datasetCode = opts.datasetCode ?? 'GCJS_RESULT_NOTICE';
  const out: { id: string; serialNumber: string; project: string; sequence: number }[] = [];
  let next = 0;
  const work = async () => {
    while (next < count) {
      const i = next++;
      const project = `${prefix}-${String(i % projects).padStart(4, '0')}`;
      const r = await change.run(SYSTEM_ACTOR, (ctx) =>
        outbox.append(ctx.manager, { tenderProjectCode: project, datasetCode, record: SAMPLE_RECORDS[datasetCode], at: ctx.at }),
      );
      out.push({ ...r, project });
    }
  };
  await Promise.all(Array.from({ length: opts.parallel ?? 8 }, work));
  return out;
}

/** Removes this test's queue from Redis (tests share the machine's Redis under their own prefixes). */
export async function obliterateQueue(app: INestApplicationContext): Promise<void> {
  const queue = app.get<Queue>(getQueueToken(PROVINCIAL_PUSH_QUEUE), { strict: false });
  await queue.obliterate({ force: true });
}

export async function outboxCounts(app: INestApplicationContext): Promise<Record<string, number>> {
  const rows: { status: string; n: number }[] = await app.get(DataSource).query(`SELECT status, count(*)::int AS n FROM outbox GROUP BY status`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Checks the receiver holds exactly the given records, each project's sequence 1..n without gaps. */
export async function receiverProblems(receiver: TestReceiver, expected: { serialNumber: string; project: string; sequence: number }[]): Promise<string[]> {
  const stored = await receiver.stored();
  const problems: string[] = [];
  const bySerial = new Map(stored.map((s) => [s.serial_number, s]));
  if (stored.length !== expected.length) problems.push(`receiver holds ${stored.length} records, expected ${expected.length}`);
  for (const e of expected) {
    const s = bySerial.get(e.serialNumber);
    if (!s) problems.push(`missing ${e.serialNumber}`);
    else if (s.tender_project_code !== e.project || Number(s.sequence) !== e.sequence) problems.push(`${e.serialNumber} stored as ${s.tender_project_code}/${s.sequence}`);
    if (problems.length > 20) break;
  }
  const perProject = new Map<string, number[]>();
  for (const s of stored) perProject.set(s.tender_project_code, [...(perProject.get(s.tender_project_code) ?? []), Number(s.sequence)]);
  for (const [project, seqs] of perProject) {
    seqs.sort((a, b) => a - b);
    if (seqs.some((v, i) => v !== i + 1)) problems.push(`project ${project}: sequences not contiguous from 1`);
  }
  return problems;
}

/** A worker process (apps/worker/src/main.ts under ts-node), as in production. */
export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** Whether the worker has sent its readiness message (`{ worker: 'ready' }` on the IPC channel). */
  ready(): boolean;
  /** Resolves with the exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The worker's compiled entry point (`npm run build`), as production starts it. */
export const COMPILED_WORKER = 'dist/apps/worker/apps/worker/src/main.js';

/**
 * Starts apps/worker in a child process: from its TypeScript sources through ts-node (tests), or, with
 * `compiled`, from the build as production runs it (the benchmark: ts-node's hooks would weigh on its figures).
 */
export function spawnWorker(env: Record<string, string>, nodeArgs: string[] = [], options: { compiled?: boolean; onlyEnv?: boolean; cwd?: string } = {}): WorkerProcess {
  let out = '';
  const entry = options.compiled
    ? [join(REPO_ROOT, COMPILED_WORKER)]
    : ['-r', require.resolve('ts-node/register/transpile-only'), '-r', require.resolve('tsconfig-paths/register'), join(REPO_ROOT, 'apps/worker/src/main.ts')];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: options.cwd ?? REPO_ROOT,
    // onlyEnv: the worker sees `env` alone (a production configuration), not this process's environment
    env: { ...(options.onlyEnv ? {} : process.env), TS_NODE_PROJECT: TS_NODE_TEST_PROJECT, ...env },
    // the IPC channel carries the worker's readiness message (apps/worker/src/main.ts), whatever LOG_LEVEL says
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let ready = false;
  child.on('message', (m: unknown) => {
    if ((m as { worker?: string } | null)?.worker === 'ready') ready = true;
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => out, ready: () => ready, exited };
}

/**
 * Waits for the worker's own readiness message (not a log line: LOG_LEVEL=silent, the default under
 * NODE_ENV=test, prints none). The bound is generous, for a loaded 2-core machine where ts-node alone takes
 * long; a worker that exits before it is ready fails the wait at once, with its output.
 */
export async function waitForWorkerStart(w: WorkerProcess, timeoutMs = 120_000): Promise<void> {
  if (w.ready()) return;
  const { child } = w;
  await new Promise<void>((resolve, reject) => {
    const done = (e?: Error) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (e) reject(e);
      else resolve();
    };
    const onMessage = () => {
      if (w.ready()) done();
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => done(new Error(`worker exited (${code ?? signal}) before it was ready: ${w.output().slice(-2000)}`));
    const timer = setTimeout(() => done(new Error(`timed out after ${timeoutMs} ms waiting for the worker to be ready: ${w.output().slice(-2000)}`)), timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
    if (child.exitCode !== null || child.signalCode !== null) onExit(child.exitCode, child.signalCode);
  });
}

/** A private redis-server on a free loopback port (no persistence), which a test may stop and start. */
export interface PrivateRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function privateRedis(maxmemoryPolicy = 'noeviction'): Promise<PrivateRedis> {
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const r: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', maxmemoryPolicy], {
        stdio: 'ignore',
      });
      await waitFor(
        'redis to listen',
        () =>
          new Promise<boolean>((resolve) => {
            const s = connect(port, '127.0.0.1');
            s.once('connect', () => {
              s.destroy();
              resolve(true);
            });
            s.once('error', () => resolve(false));
          }),
        10_000,
        50,
      );
    },
    async stop() {
      if (!proc || proc.exitCode !== null) return;
      const p = proc;
      p.kill('SIGKILL');
      await once(p, 'exit');
    },
  };
  await r.start();
  return r;
}

import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { freePort, privateRedis, PrivateRedis, REPO_ROOT, spawnWorker, TS_NODE_TEST_PROJECT, startReceiver, TestReceiver, waitForWorkerStart, WorkerProcess } from './support/exchange-harness';
import { s3Env } from './support/s3-env';
import { createTestDatabase } from './support/test-db';

jest.setTimeout(420_000);

type Env = Record<string, string>;
interface ComposeService {
  environment?: Env;
  command?: string[];
}

/**
 * What an operator's `.env` beside docker/compose.yaml holds: a value for every `${NAME:?…}` the file asks
 * for. A name the file asks for that is not known here fails the test, so that a new required setting is
 * added here on purpose.
 */
function operatorEnv(names: string[], fixed: Env): Env {
  const out: Env = {};
  for (const name of names) {
    if (fixed[name] !== undefined) out[name] = fixed[name];
    else throw new Error(`docker/compose.yaml asks for ${name}: say here what an operator sets it to`);
  }
  return out;
}

/** `${NAME}`, `${NAME:?message}` and `${NAME:-default}` as docker compose substitutes them. */
function substitute(value: string, env: Env): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    if (kind === '?') throw new Error(`compose would refuse to start: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });
}

/**
 * The production configuration as docker/compose.yaml writes it (issue 19, item 14): the migration step, the
 * api and the worker started with the compose file's own environment lists (and nothing else of this test's
 * environment), `NODE_ENV=production`; only the addresses of the compose services (postgres, redis, minio)
 * are this machine's test services, and DEMO_DATA=true is added on a data folder that does not exist yet.
 */
describe('production start-up from docker/compose.yaml', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: PrivateRedis;
  let receiver: TestReceiver;
  let api: ChildProcess | undefined;
  let worker: WorkerProcess | undefined;
  const cwd = mkdtempSync(join(tmpdir(), 'etendering-production-'));

  beforeAll(async () => {
    db = await createTestDatabase('test_production');
    redis = await privateRedis();
  });
  afterAll(async () => {
    for (const child of [api, worker?.child]) {
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
    await receiver?.close();
    await redis?.stop();
    await db?.drop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('starts the api (with demo data on a missing DATA_DIR) and the worker from the compose file’s environment', async () => {
    const text = readFileSync(join(REPO_ROOT, 'docker/compose.yaml'), 'utf8');
    const compose = load(text) as { services: Record<string, ComposeService> };
    const asked = [...new Set([...text.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]))];

    const s3 = await s3Env();
    const provincialSecret = randomBytes(24).toString('hex');
    const receiptKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n');
    receiver = await startReceiver(db.url, { secret: provincialSecret });
    const dotEnv = operatorEnv(asked, {
      POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
      MINIO_ROOT_USER: s3.S3_ACCESS_KEY,
      MINIO_ROOT_PASSWORD: s3.S3_SECRET_KEY,
      JWT_SECRET: randomBytes(24).toString('hex'),
      LINK_SECRET: randomBytes(24).toString('hex'),
      PROVINCIAL_API_URL: receiver.url,
      PROVINCIAL_SECRET: provincialSecret,
      PLATFORM_CODE: 'E2104000001',
      RECEIPT_SIGNING_KEY: receiptKey,
    });
    // the compose services' addresses, and only them, are this machine's
    const addresses = (env: Env): Env => {
      const out = { ...env };
      expect(out.DATABASE_URL).toMatch(/^postgres:\/\/etendering:[^@]+@postgres:5432\/etendering$/);
      out.DATABASE_URL = db.url;
      expect(out.REDIS_URL).toBe('redis://redis:6379');
      out.REDIS_URL = redis.url;
      expect(out.S3_ENDPOINT).toBe('http://minio:9000');
      out.S3_ENDPOINT = s3.S3_ENDPOINT;
      out.S3_REGION = s3.S3_REGION;
      return out;
    };
    const serviceEnv = (name: string): Env => {
      // (a YAML merge key, `<<: *app-env`, as compose reads it)
      const { '<<': merged, ...own } = (compose.services[name].environment ?? {}) as Env & { '<<'?: Env };
      const raw: Env = { ...(merged ?? {}), ...own };
      const env: Env = {};
      for (const [k, v] of Object.entries(raw)) env[k] = substitute(String(v), dotEnv);
      expect(env.NODE_ENV).toBe('production');
      return addresses(env);
    };
    // a process sees the compose environment, not this test's
    const base = { PATH: process.env.PATH ?? '', HOME: cwd, TS_NODE_PROJECT: TS_NODE_TEST_PROJECT };
    const tsNode = ['-r', require.resolve('ts-node/register/transpile-only'), '-r', require.resolve('tsconfig-paths/register')];
    const run = (entry: string, env: Env) =>
      spawn(process.execPath, [...tsNode, join(REPO_ROOT, entry)], { cwd, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

    // the migration step (compose: `migrate`, then the api and the worker)
    const migrate = run('apps/api/src/migrate.ts', serviceEnv('migrate'));
    let migrateOut = '';
    migrate.stdout!.on('data', (d: Buffer) => (migrateOut += d.toString()));
    migrate.stderr!.on('data', (d: Buffer) => (migrateOut += d.toString()));
    const migrated = await new Promise<number | null>((r) => migrate.once('exit', r));
    expect({ code: migrated, out: migrateOut.slice(-2000) }).toEqual({ code: 0, out: expect.stringContaining('applied') });

    // the api, with DEMO_DATA=true; DATA_DIR is the default ./data of a working directory where it does not exist
    expect(existsSync(join(cwd, 'data'))).toBe(false);
    const port = await freePort();
    const apiEnv: Env = { ...serviceEnv('api'), PORT: String(port), DEMO_DATA: 'true' };
    expect(apiEnv.DATA_DIR).toBeUndefined();
    api = run('apps/api/src/main.ts', apiEnv);
    let out = '';
    api.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    api.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    let apiExited = false;
    const exited = new Promise<number | null>((r) => api!.once('exit', r)).finally(() => (apiExited = true));
    const ready = (async () => {
      while (!apiExited) {
        const r = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
        if (r?.status === 200) return true;
        await new Promise((res) => setTimeout(res, 250));
      }
      return false;
    })();
    // the api says it is ready, or exits (a refused configuration, a crash): whichever comes first
    const outcome = await Promise.race([ready, exited.then((code) => ({ exited: code }))]);
    expect({ outcome, out: typeof outcome === 'object' ? out.slice(-3000) : '' }).toEqual({ outcome: true, out: '' });
    const credentials = JSON.parse(readFileSync(join(cwd, 'data', 'demo-credentials.json'), 'utf8')) as { username: string; password: string }[];
    expect(credentials.length).toBeGreaterThan(0);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: credentials[0].username, password: credentials[0].password }),
    });
    expect(login.status).toBe(200);

    // the worker, with the compose file's worker environment
    const workerEnv = serviceEnv('worker');
    worker = spawnWorker({ ...base, ...workerEnv }, [], { onlyEnv: true, cwd });
    await waitForWorkerStart(worker, 240_000);
  });
});

import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT, TS_NODE_TEST_PROJECT, waitFor } from './support/exchange-harness';

interface Observation {
  ready: number;
  offsetMs?: number;
}

/**
 * The api as `npm start` runs it (embedded defaults, demo data), watched from outside while it starts: nothing
 * half done is visible. /health/live answers as soon as the server listens; /health/ready answers 503 until
 * the migrations and the demo seed have finished; the seed never moves the shared platform clock under live
 * requests (it records the past at explicit times).
 */
describe('start-up is not visible half done (/health/ready, the demo seed and the shared clock)', () => {
  let child: ChildProcess | undefined;
  let out = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'etendering-startup-'));
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds readiness until the demo data is in, and the clock never moves meanwhile', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TS_NODE_PROJECT: TS_NODE_TEST_PROJECT,
        NODE_ENV: 'development',
        DATA_DIR: dataDir,
        PORT: String(port),
        PROVINCIAL_SIM_PORT: String(await freePort()),
        DATABASE_URL: '',
        REDIS_URL: '',
        S3_ENDPOINT: '',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const base = `http://127.0.0.1:${port}`;
    const seen: Observation[] = [];
    let liveBeforeReady = false;

    let demoAtFirstReady: number | undefined;
    await waitFor(
      'the api to be ready and say so',
      async () => {
        if (child!.exitCode !== null) throw new Error(`api exited ${child!.exitCode}: ${out.slice(-3000)}`);
        let ready: Response;
        try {
          ready = await fetch(`${base}/health/ready`);
        } catch {
          return undefined; // not listening yet
        }
        const time = (await (await fetch(`${base}/api/time`)).json()) as { offsetMs: number };
        seen.push({ ready: ready.status, offsetMs: time.offsetMs });
        if (ready.status === 503) {
          const body = (await ready.json()) as { code: string; health: { details: { startup: { status: string } } } };
          expect(body.code).toBe('NOT_READY');
          expect(body.health.details.startup.status).toBe('down');
          if ((await fetch(`${base}/health/live`)).status === 200) liveBeforeReady = true;
          return undefined;
        }
        expect(ready.status).toBe(200);
        // the first time it says ready, the demo data is there (the road-lighting tender of the bids demo)
        if (demoAtFirstReady === undefined) {
          const notices = (await (await fetch(`${base}/api/public/notices?q=${encodeURIComponent('照明改造')}`)).json()) as { items: unknown[] };
          demoAtFirstReady = notices.items.length;
        }
        return out.includes('is ready 已就绪') || undefined;
      },
      300_000,
      50,
    );

    // it answered while the seed ran, and said "not ready" then; the shared clock never moved
    expect(seen.filter((o) => o.ready === 503).length).toBeGreaterThan(0);
    expect(liveBeforeReady).toBe(true);
    expect(seen.filter((o) => o.offsetMs !== 0)).toEqual([]);
    expect(demoAtFirstReady).toBeGreaterThan(0);
    expect(out).toMatch(/open http:\/\/localhost:\d+\/ in a browser/);
  }, 320_000);
});

import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/exchange-harness';

/**
 * The S3 test server's life across test runs (scripts/services/s3.js), on ports of its own so that the suite's
 * server is left alone: a run stops what it started, a second checkout reuses a running server, the last run
 * out stops it, KEEP_TEST_SERVICES=1 keeps it, and a leftover of another state folder is replaced.
 */
describe('the S3 test server is stopped after a run and shared safely between checkouts', () => {
  const root = mkdtempSync(join(tmpdir(), 's3-service-'));
  chmodSync(root, 0o755); // the servers run as the swift user, which must reach their configuration
  const ports = { S3_SERVICE_PROXY_PORT: '8389', S3_SERVICE_STORAGE_PORT: '6510' };
  const stateA = join(root, 'a', 'etender-test-services', 'swift');
  const stateB = join(root, 'b', 'etender-test-services', 'swift');
  const runs: ChildProcess[] = [];

  /** A stand-in for a test run: a live process whose pid registers as a user of the server. */
  function fakeRun(): number {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    runs.push(child);
    return child.pid!;
  }

  function call(what: string, dir: string, extraEnv: Record<string, string> = {}) {
    const env: Record<string, string | undefined> = { ...process.env, ...ports, S3_SERVICE_DIR: dir, ...extraEnv };
    for (const k of ['S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'KEEP_TEST_SERVICES']) if (!(k in extraEnv)) delete env[k];
    const r = spawnSync(process.execPath, ['-e', `require('./scripts/services/s3.js').${what}.then((v) => console.log(JSON.stringify(v ?? null)), (e) => { console.error(e.message); process.exit(1); })`], {
      cwd: REPO_ROOT,
      env,
      encoding: 'utf8',
      timeout: 15 * 60_000,
    });
    if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`);
    return { value: JSON.parse(r.stdout.trim().split('\n').pop()!) as unknown, log: r.stderr };
  }

  const up = async () => {
    try {
      return (await fetch(`http://127.0.0.1:${ports.S3_SERVICE_PROXY_PORT}/healthcheck`)).status === 200;
    } catch {
      return false;
    }
  };

  afterAll(() => {
    for (const dir of [stateA, stateB]) {
      try {
        call('stop()', dir);
      } catch {
        // already stopped
      }
    }
    for (const r of runs) r.kill();
    rmSync(root, { recursive: true, force: true });
  });

  it('reuses the running server for a second run, and the last run out stops it', async () => {
    mkdirSync(stateA, { recursive: true });
    const first = fakeRun();
    const second = fakeRun();
    const env = call(`ensure({ user: ${first} })`, stateA).value as { S3_ENDPOINT: string };
    expect(env.S3_ENDPOINT).toBe(`http://127.0.0.1:${ports.S3_SERVICE_PROXY_PORT}`);
    expect(await up()).toBe(true);
    const again = call(`ensure({ user: ${second} })`, stateA);
    expect(again.log).toMatch(/reusing the Swift already running/);
    expect(call(`release({ user: ${first} })`, stateA).value).toBe(false);
    expect(await up()).toBe(true); // the second run still uses it
    expect(call(`release({ user: ${second} })`, stateA).value).toBe(true);
    expect(await up()).toBe(false);
  }, 20 * 60_000);

  it('keeps it with KEEP_TEST_SERVICES=1, and replaces a leftover of another state folder', async () => {
    const run = fakeRun();
    call(`ensure({ user: ${run} })`, stateA);
    expect(call(`release({ user: ${run} })`, stateA, { KEEP_TEST_SERVICES: '1' }).value).toBe(false);
    expect(await up()).toBe(true);
    // another checkout with another state folder finds the leftover, replaces it and owns the new one
    mkdirSync(stateB, { recursive: true });
    const other = fakeRun();
    const replaced = call(`ensure({ user: ${other} })`, stateB);
    expect(replaced.log).toMatch(/replacing a leftover Swift of this project/);
    expect(await up()).toBe(true);
    expect(call(`release({ user: ${other} })`, stateB).value).toBe(true);
    expect(await up()).toBe(false);
  }, 20 * 60_000);
});

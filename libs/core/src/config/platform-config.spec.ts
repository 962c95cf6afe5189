import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './platform-config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'cfg-'));
const secret = 'x'.repeat(40);

function refusal(env: Record<string, string>): string {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message;
  }
  throw new Error('the configuration was accepted');
}

describe('configuration validated at boot', () => {
  it('runs on the embedded defaults with no configuration', () => {
    const c = loadConfig({ DATA_DIR: dataDir() });
    expect(c.database.kind).toBe('pglite');
    expect(c.embedded).toEqual({ database: true, queue: true, objectStore: true, provincial: true });
    expect(c.migrationsRun).toBe(true);
    expect(c.port).toBe(3000);
    expect(c.jwt.secret.length).toBeGreaterThanOrEqual(32);
  });

  it('waits an hour for a whole request by default (a bid over a slow line is not cut off at Node\'s 300 s), at least a minute', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).requestTimeoutSeconds).toBe(3600);
    expect(loadConfig({ DATA_DIR: dataDir(), HTTP_REQUEST_TIMEOUT_S: '7200' }).requestTimeoutSeconds).toBe(7200);
    expect(refusal({ HTTP_REQUEST_TIMEOUT_S: '10' })).toContain('HTTP_REQUEST_TIMEOUT_S');
  });

  it('reads 128 connections at once by default, at least 8', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).activeConnections).toBe(128);
    expect(loadConfig({ DATA_DIR: dataDir(), HTTP_ACTIVE_CONNECTIONS: '512' }).activeConnections).toBe(512);
    expect(refusal({ HTTP_ACTIVE_CONNECTIONS: '0' })).toContain('HTTP_ACTIVE_CONNECTIONS');
  });

  it('keeps the embedded JWT secret across restarts of one data folder', () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir }).jwt.secret).toBe(loadConfig({ DATA_DIR: dir }).jwt.secret);
  });

  it('uses PostgreSQL with DATABASE_URL and does not migrate unless told to', () => {
    const c = loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://u@db:5432/app' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/app' });
    expect(c.migrationsRun).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://u@db/app', MIGRATIONS_RUN: 'true' }).migrationsRun).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT="eighty" is not valid: expected an integer from 0 to 65535'],
    [{ PORT: '70000' }, 'PORT="70000" is not valid'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL="mysql://x@y/z" is not valid: expected a URL starting with postgres: or postgresql:'],
    [{ DATABASE_URL: 'postgres://user:hunter2@db/app', NODE_ENV: 'staging' }, 'NODE_ENV="staging" is not valid: expected production, development or test'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL'],
    [{ S3_ENDPOINT: 'http://127.0.0.1:8089' }, 'S3_ACCESS_KEY is required when S3_ENDPOINT is set'],
    [{ MIGRATIONS_RUN: 'maybe' }, 'MIGRATIONS_RUN="maybe" is not valid: expected true or false'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET must be at least 32 characters'],
    [{ PLATFORM_CODE: 'e21' }, 'PLATFORM_CODE="e21" is not valid'],
  ])('refuses %j naming the variable', (env, message) => {
    expect(refusal(env)).toContain(message);
  });

  it('does not print a database password in the refusal', () => {
    expect(refusal({ DATABASE_URL: 'mysql://user:hunter2@db/app' })).not.toContain('hunter2');
  });

  it('refuses a production start with no configured secrets', () => {
    const m = refusal({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@db/app' });
    expect(m).toContain('JWT_SECRET is required when NODE_ENV=production');
    expect(m).toContain('LINK_SECRET is required when NODE_ENV=production');
    expect(m).toContain('PROVINCIAL_SECRET is required when NODE_ENV=production');
  });

  it('refuses a production start on the embedded database or with a moved clock', () => {
    const base = { NODE_ENV: 'production', JWT_SECRET: secret, LINK_SECRET: secret, PROVINCIAL_SECRET: secret };
    expect(refusal(base)).toContain('DATABASE_URL is required when NODE_ENV=production');
    expect(refusal({ ...base, DATABASE_URL: 'postgres://u@db/app', CLOCK_OFFSET_MS: '86400000' })).toContain(
      'CLOCK_OFFSET_MS must be 0 when NODE_ENV=production',
    );
    expect(refusal({ ...base, DATABASE_URL: 'postgres://u@db/app', CLOCK_CONTROL: 'true' })).toContain('CLOCK_CONTROL cannot be enabled');
    const ok = loadConfig({ ...base, DATABASE_URL: 'postgres://u@db/app', PROVINCIAL_API_URL: 'https://prov.example/api' });
    expect(ok.clockControl).toBe(false);
    expect(ok.demoData).toBe(false);
  });

  it('lists every problem at once', () => {
    const m = refusal({ PORT: 'x', REDIS_URL: 'nope', MIGRATIONS_RUN: 'maybe' });
    expect(m.split('\n  - ')).toHaveLength(4);
  });

  it('reads the exchange and bids settings too: one reader, one list of problems', () => {
    const c = loadConfig({ DATA_DIR: dataDir(), EXCHANGE_LOCK_MS: '3000', EXCHANGE_BACKOFF_JITTER: '0.25', BID_SCHEDULER_INTERVAL_MS: '200', METRICS_TOKEN: 'm'.repeat(16) });
    expect(c.exchange).toMatchObject({ lockMs: 3000, backoff: { baseMs: 2000, maxMs: 600_000, jitter: 0.25 }, concurrency: 16, metricsToken: 'm'.repeat(16) });
    expect(c.bids).toEqual({ schedulerIntervalMs: 200, openingSettleMs: 5000 });
    const m = refusal({ EXCHANGE_CONCURRENCY: '0', EXCHANGE_BACKOFF_JITTER: '2', METRICS_TOKEN: 'short', RECEIPT_SIGNING_KEY: 'a', RECEIPT_SIGNING_KEY_FILE: 'b' });
    for (const name of ['EXCHANGE_CONCURRENCY', 'EXCHANGE_BACKOFF_JITTER', 'METRICS_TOKEN', 'RECEIPT_SIGNING_KEY_FILE']) expect(m).toContain(name);
  });
});

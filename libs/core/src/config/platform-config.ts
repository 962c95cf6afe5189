import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The platform's configuration, read once from the environment and validated at boot.
 * A missing or wrong value stops the process with a message naming the variable and what it expects.
 * Without DATABASE_URL / REDIS_URL / S3_ENDPOINT / PROVINCIAL_API_URL the platform runs on its embedded
 * defaults (PGlite, in-process queue, local object store, the bundled provincial receiver).
 */
export interface PlatformConfig {
  nodeEnv: 'production' | 'development' | 'test';
  port: number;
  dataDir: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  migrationsRun: boolean;
  redisUrl?: string;
  /** The BullMQ key prefix in Redis of every queue: the exchange's and the schedules'. */
  queuePrefix: string;
  /**
   * Logging: pino's level (LOG_LEVEL: fatal, error, warn, info, debug, trace or silent; info by default, silent
   * under NODE_ENV=test) and whether each HTTP request gets its access-log line (REQUEST_LOGGING, true).
   * `destination` is for tests that read the log lines.
   */
  log: { level: string; requests: boolean; destination?: NodeJS.WritableStream };
  /**
   * Requests per client address and window for the routes anyone can call without an account (RATE_LIMIT_LOGIN,
   * RATE_LIMIT_REGISTRATION, RATE_LIMIT_SEARCH, RATE_LIMIT_FEED, each `count/seconds`). Shared by every api
   * instance through Redis when REDIS_URL is set.
   */
  rateLimits: Record<RateLimitKind, RateLimit>;
  /** The worker process: how long a shutdown may take, and the port of its health probe (none if absent). */
  worker: { shutdownTimeoutMs: number; healthPort?: number };
  s3?: {
    endPoint: string;
    port: number;
    useSSL: boolean;
    accessKey: string;
    secretKey: string;
    region: string;
    bucket: string;
  };
  /** The memory all uploads of a process may hold together, in MiB (UPLOAD_BUFFER_MIB, default 64); more wait. */
  uploadBufferMiB: number;
  /**
   * How long the API waits for a whole request, in seconds (HTTP_REQUEST_TIMEOUT_S, default 3600): a bid uploaded
   * over a slow line, or waiting its turn in the upload budget, must not be cut off by Node's default of 300 s.
   */
  requestTimeoutSeconds: number;
  /**
   * Connections the API reads at once (HTTP_ACTIVE_CONNECTIONS, default 128): those with a request in progress or
   * just accepted; more wait unread in the kernel, so a rush of uploads holds the memory of this many, not of all.
   */
  activeConnections: number;
  /** Secret that signs local object-store links (embedded default). */
  linkSecret: string;
  jwt: { secret: string; issuer: string; audience: string; ttlSeconds: number; refreshTtlSeconds: number };
  platformCode: string;
  provincial: { url?: string; secret: string; embeddedPort: number };
  /** Tests and the demo may set and move the clock; a production start refuses a moved clock. */
  clockControl: boolean;
  clockOffsetMs: number;
  demoData: boolean;
  /**
   * The audit log's sequencer (docs/audit-log.md): whether this process may be it (AUDIT_SEQUENCER, true) and
   * the period of its poll fallback and of its re-election when another process leads (AUDIT_SEQUENCER_POLL_MS, 1000).
   */
  audit: { sequencer: boolean; pollMs: number };
  /** Which parts run embedded, said at start-up. */
  embedded: { database: boolean; queue: boolean; objectStore: boolean; provincial: boolean };
  /** The exchange with the provincial platform (libs/exchange): EXCHANGE_* and METRICS_TOKEN. */
  exchange: ExchangeConfig;
  /** Bids (libs/bids): the receipt signing key and the opening's timing, RECEIPT_SIGNING_KEY* and BID_*. */
  bids: BidsConfig;
}

export interface ExchangeConfig {
  /** EXCHANGE_HTTP_TIMEOUT_MS: one request to the provincial platform. */
  httpTimeoutMs: number;
  /** EXCHANGE_JOB_ATTEMPTS: attempts of one BullMQ job. */
  jobAttempts: number;
  /** EXCHANGE_BACKOFF_BASE_MS, EXCHANGE_BACKOFF_MAX_MS, EXCHANGE_BACKOFF_JITTER (0–1). */
  backoff: { baseMs: number; maxMs: number; jitter: number };
  /** EXCHANGE_RELAY_BATCH: rows one relay claim takes. */
  relayBatchSize: number;
  /** EXCHANGE_RELAY_POLL_MS: the relay looks at the outbox at least this often. */
  relayPollMs: number;
  /** EXCHANGE_REQUEUE_AFTER_MS: a row queued longer than this is handed to the transport again. */
  requeueAfterMs: number;
  /** EXCHANGE_CONCURRENCY: deliveries in flight per worker process. */
  concurrency: number;
  /** EXCHANGE_RECONCILE_INTERVAL_MS: how often the worker reconciles with the receiver (0: never). */
  reconcileIntervalMs: number;
  /** EXCHANGE_LOCK_MS: a running delivery's BullMQ job lock (20 s). */
  lockMs: number;
  /**
   * EXCHANGE_STALLED_CHECK_MS: how often BullMQ looks for jobs of a dead worker (half the lock by default; must
   * be shorter than the lock). A killed worker's jobs run again within lockMs + stalledCheckMs.
   */
  stalledCheckMs: number;
  /** METRICS_TOKEN (16+ characters): when set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

export interface BidsConfig {
  /** RECEIPT_SIGNING_KEY: PEM of an Ed25519 private key (PKCS#8), `\n` written as two characters allowed. */
  receiptSigningKey?: string;
  /** RECEIPT_SIGNING_KEY_FILE: a file holding that PEM. */
  receiptSigningKeyFile?: string;
  /** BID_DECRYPTION_WINDOW_MINUTES (1–1440): replaces the rules table's decryption window (R18). */
  decryptionWindowMinutes?: number;
  /** BID_SCHEDULER_INTERVAL_MS (200–60000, 1000): how often the deadline scheduler looks. */
  schedulerIntervalMs: number;
  /** BID_OPENING_SETTLE_MS (0–60000, 5000): how long after 截止 the section is opened. */
  openingSettleMs: number;
}

export type RateLimitKind = 'login' | 'registration' | 'search' | 'feed';
export interface RateLimit {
  limit: number;
  ttlMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration 配置错误:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  str(name: string, opts: { default?: string; pattern?: RegExp; expect?: string; maxLength?: number } = {}): string | undefined {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return opts.default;
    if (opts.maxLength && raw.length > opts.maxLength) {
      this.problems.push(`${name} is longer than ${opts.maxLength} characters`);
      return opts.default;
    }
    if (opts.pattern && !opts.pattern.test(raw)) {
      this.problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected ${opts.expect ?? opts.pattern.source}`);
      return opts.default;
    }
    return raw;
  }

  int(name: string, def: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw) || n < min || n > max) {
      this.problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected an integer from ${min} to ${max}`);
      return def;
    }
    return n;
  }

  bool(name: string, def: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return def;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    this.problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected true or false`);
    return def;
  }

  /** An integer when set, else undefined. */
  optionalInt(name: string, min: number, max: number): number | undefined {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? undefined : this.int(name, min, min, max);
  }

  /** A number from 0 to 1. */
  fraction(name: string, def: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return def;
    if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(raw)) {
      this.problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected a number from 0 to 1`);
      return def;
    }
    return Number(raw);
  }

  rate(name: string, def: RateLimit): RateLimit {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return def;
    const m = /^(\d{1,6})\/(\d{1,6})$/.exec(raw);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
      this.problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected count/seconds, e.g. 10/60`);
      return def;
    }
    return { limit: Number(m[1]), ttlMs: Number(m[2]) * 1000 };
  }

  url(name: string, protocols: string[]): string | undefined {
    const raw = this.str(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      this.problems.push(`${name}=${JSON.stringify(redact(raw))} is not valid: expected a URL starting with ${protocols.join(' or ')}//`);
      return undefined;
    }
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}

/** A secret kept in the data folder so that an embedded start keeps its tokens valid across restarts. */
function embeddedSecret(dataDir: string, name: string): string {
  const file = join(dataDir, 'secrets', name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: Env = process.env): PlatformConfig {
  const r = new Reader(env);
  const nodeEnv = (r.str('NODE_ENV', {
    default: 'development',
    pattern: /^(production|development|test)$/,
    expect: 'production, development or test',
  }) ?? 'development') as PlatformConfig['nodeEnv'];
  const production = nodeEnv === 'production';
  const port = r.int('PORT', 3000, 0, 65535);
  const dataDir = resolve(r.str('DATA_DIR', { default: './data' }) ?? './data');
  const databaseUrl = r.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = r.url('REDIS_URL', ['redis:', 'rediss:']);
  const s3Endpoint = r.url('S3_ENDPOINT', ['http:', 'https:']);
  const provincialUrl = r.url('PROVINCIAL_API_URL', ['http:', 'https:']);
  const platformCode =
    r.str('PLATFORM_CODE', { default: 'E2104000001', pattern: /^[A-Z0-9]{6,20}$/, expect: 'the platform code (交易平台标识码), 6–20 upper-case letters or digits' }) ??
    'E2104000001';

  let s3: PlatformConfig['s3'];
  if (s3Endpoint) {
    const u = new URL(s3Endpoint);
    const accessKey = r.str('S3_ACCESS_KEY');
    const secretKey = r.str('S3_SECRET_KEY');
    if (!accessKey) r.problems.push('S3_ACCESS_KEY is required when S3_ENDPOINT is set');
    if (!secretKey) r.problems.push('S3_SECRET_KEY is required when S3_ENDPOINT is set');
    s3 = {
      endPoint: u.hostname,
      port: u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80,
      useSSL: u.protocol === 'https:',
      accessKey: accessKey ?? '',
      secretKey: secretKey ?? '',
      region: r.str('S3_REGION', { default: 'us-east-1' }) ?? 'us-east-1',
      bucket: r.str('S3_BUCKET', { default: 'etendering', pattern: /^[a-z0-9][a-z0-9.-]{2,62}$/, expect: 'an S3 bucket name' }) ?? 'etendering',
    };
  }

  const secret = (name: string, file: string): string => {
    const v = r.str(name);
    if (v !== undefined && v.length < 32) r.problems.push(`${name} must be at least 32 characters`);
    if (v) return v;
    if (production) {
      r.problems.push(`${name} is required when NODE_ENV=production (a production start with no configured secrets refuses to run)`);
      return '';
    }
    return embeddedSecret(dataDir, file);
  };
  const jwtSecret = secret('JWT_SECRET', 'jwt');
  const linkSecret = secret('LINK_SECRET', 'link');
  const provincialSecret = provincialUrl || production ? secret('PROVINCIAL_SECRET', 'provincial') : embeddedSecret(dataDir, 'provincial');

  const clockControl = r.bool('CLOCK_CONTROL', !production);
  const clockOffsetMs = r.int('CLOCK_OFFSET_MS', 0, -10 * 365 * 86400_000, 10 * 365 * 86400_000);
  if (production && clockControl) r.problems.push('CLOCK_CONTROL cannot be enabled when NODE_ENV=production');
  if (production && clockOffsetMs !== 0) r.problems.push('CLOCK_OFFSET_MS must be 0 when NODE_ENV=production (a production start refuses a moved clock)');
  if (production && !databaseUrl) r.problems.push('DATABASE_URL is required when NODE_ENV=production (embedded PGlite is for trying the platform)');

  const metricsToken = r.str('METRICS_TOKEN');
  const exchangeLockMs = r.int('EXCHANGE_LOCK_MS', 20_000, 1_000, 600_000);
  let exchangeStalledCheckMs = r.int('EXCHANGE_STALLED_CHECK_MS', Math.ceil(exchangeLockMs / 2), 500, 600_000);
  if (exchangeStalledCheckMs >= exchangeLockMs) {
    r.problems.push(
      `EXCHANGE_STALLED_CHECK_MS (${exchangeStalledCheckMs}) must be less than EXCHANGE_LOCK_MS (${exchangeLockMs}): a killed worker's jobs would otherwise wait up to twice the lock`,
    );
    exchangeStalledCheckMs = Math.ceil(exchangeLockMs / 2);
  }
  if (metricsToken !== undefined && metricsToken.length < 16) r.problems.push('METRICS_TOKEN must be at least 16 characters');
  const receiptSigningKey = r.str('RECEIPT_SIGNING_KEY');
  const receiptSigningKeyFile = r.str('RECEIPT_SIGNING_KEY_FILE');
  if (receiptSigningKey && receiptSigningKeyFile) r.problems.push('set either RECEIPT_SIGNING_KEY or RECEIPT_SIGNING_KEY_FILE, not both');
  const decryptionWindowMinutes = r.optionalInt('BID_DECRYPTION_WINDOW_MINUTES', 1, 1440);

  const config: PlatformConfig = {
    nodeEnv,
    port,
    dataDir,
    database: databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dataDir: join(dataDir, 'pglite') },
    migrationsRun: r.bool('MIGRATIONS_RUN', !databaseUrl),
    redisUrl,
    queuePrefix: r.str('EXCHANGE_QUEUE_PREFIX', { default: 'bull', pattern: /^[A-Za-z0-9_.:-]{1,64}$/, expect: '1-64 of A-Z a-z 0-9 _ . : -' }) ?? 'bull',
    log: {
      level:
        r.str('LOG_LEVEL', { default: nodeEnv === 'test' ? 'silent' : 'info', pattern: /^(fatal|error|warn|info|debug|trace|silent)$/, expect: 'fatal, error, warn, info, debug, trace or silent' }) ??
        'info',
      requests: r.bool('REQUEST_LOGGING', true),
    },
    rateLimits: {
      login: r.rate('RATE_LIMIT_LOGIN', { limit: 20, ttlMs: 60_000 }),
      registration: r.rate('RATE_LIMIT_REGISTRATION', { limit: 10, ttlMs: 3600_000 }),
      search: r.rate('RATE_LIMIT_SEARCH', { limit: 120, ttlMs: 60_000 }),
      feed: r.rate('RATE_LIMIT_FEED', { limit: 60, ttlMs: 60_000 }),
    },
    worker: {
      shutdownTimeoutMs: r.int('WORKER_SHUTDOWN_TIMEOUT_MS', 30_000, 1000, 600_000),
      healthPort: r.str('WORKER_HEALTH_PORT') === undefined ? undefined : r.int('WORKER_HEALTH_PORT', 0, 0, 65535),
    },
    s3,
    uploadBufferMiB: r.int('UPLOAD_BUFFER_MIB', 64, 16, 16384),
    requestTimeoutSeconds: r.int('HTTP_REQUEST_TIMEOUT_S', 3600, 60, 86400),
    activeConnections: r.int('HTTP_ACTIVE_CONNECTIONS', 128, 8, 100_000),
    linkSecret,
    jwt: {
      secret: jwtSecret,
      issuer: r.str('JWT_ISSUER', { default: 'etendering', maxLength: 200 }) ?? 'etendering',
      audience: r.str('JWT_AUDIENCE', { default: 'etendering-api', maxLength: 200 }) ?? 'etendering-api',
      ttlSeconds: r.int('JWT_TTL_SECONDS', 900, 60, 86400),
      refreshTtlSeconds: r.int('JWT_REFRESH_TTL_SECONDS', 7 * 86400, 300, 90 * 86400),
    },
    platformCode,
    provincial: { url: provincialUrl, secret: provincialSecret, embeddedPort: r.int('PROVINCIAL_SIM_PORT', 4100, 0, 65535) },
    clockControl,
    clockOffsetMs,
    demoData: r.bool('DEMO_DATA', !databaseUrl && !production),
    audit: { sequencer: r.bool('AUDIT_SEQUENCER', true), pollMs: r.int('AUDIT_SEQUENCER_POLL_MS', 1000, 20, 60_000) },
    embedded: { database: !databaseUrl, queue: !redisUrl, objectStore: !s3Endpoint, provincial: !provincialUrl },
    exchange: {
      httpTimeoutMs: r.int('EXCHANGE_HTTP_TIMEOUT_MS', 10_000, 100, 300_000),
      jobAttempts: r.int('EXCHANGE_JOB_ATTEMPTS', 10, 1, 1000),
      backoff: {
        baseMs: r.int('EXCHANGE_BACKOFF_BASE_MS', 2_000, 1, 3600_000),
        maxMs: r.int('EXCHANGE_BACKOFF_MAX_MS', 600_000, 1, 86_400_000),
        jitter: r.fraction('EXCHANGE_BACKOFF_JITTER', 0.5),
      },
      relayBatchSize: r.int('EXCHANGE_RELAY_BATCH', 200, 1, 5000),
      relayPollMs: r.int('EXCHANGE_RELAY_POLL_MS', 5_000, 10, 600_000),
      requeueAfterMs: r.int('EXCHANGE_REQUEUE_AFTER_MS', 600_000, 1_000, 86_400_000),
      concurrency: r.int('EXCHANGE_CONCURRENCY', 16, 1, 500),
      reconcileIntervalMs: r.int('EXCHANGE_RECONCILE_INTERVAL_MS', 900_000, 0, 86_400_000),
      lockMs: exchangeLockMs,
      stalledCheckMs: exchangeStalledCheckMs,
      ...(metricsToken ? { metricsToken } : {}),
    },
    bids: {
      ...(receiptSigningKey ? { receiptSigningKey: receiptSigningKey.includes('\\n') ? receiptSigningKey.replace(/\\n/g, '\n') : receiptSigningKey } : {}),
      ...(receiptSigningKeyFile ? { receiptSigningKeyFile } : {}),
      ...(decryptionWindowMinutes !== undefined ? { decryptionWindowMinutes } : {}),
      schedulerIntervalMs: r.int('BID_SCHEDULER_INTERVAL_MS', 1000, 200, 60_000),
      openingSettleMs: r.int('BID_OPENING_SETTLE_MS', 5000, 0, 60_000),
    },
  };
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');

import IORedis from 'ioredis';

/**
 * BullMQ keeps jobs in Redis: a Redis that evicts keys under memory pressure silently loses jobs (and their
 * locks). The only safe `maxmemory-policy` is `noeviction`.
 */
export async function readMaxmemoryPolicy(redisUrl: string): Promise<string> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: 5000, enableOfflineQueue: false });
  try {
    await redis.connect();
    // INFO is allowed on managed Redis services that disable CONFIG.
    const info = await redis.info('memory');
    const m = /^maxmemory_policy:(\S+)/m.exec(info);
    if (m) return m[1];
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    return policy;
  } finally {
    redis.disconnect();
  }
}

export class RedisPolicyError extends Error {}

/** Throws, saying why, unless Redis at `redisUrl` has maxmemory-policy noeviction. */
export async function assertNoEviction(redisUrl: string): Promise<void> {
  let policy: string;
  try {
    policy = await readMaxmemoryPolicy(redisUrl);
  } catch (e) {
    throw new RedisPolicyError(`Redis at ${redact(redisUrl)} does not answer (${(e as Error).message}); the worker needs it for the provincial-push queue`);
  }
  if (policy !== 'noeviction') {
    throw new RedisPolicyError(
      `Redis at ${redact(redisUrl)} has maxmemory-policy "${policy}": under memory pressure it would evict queued jobs and their locks, ` +
        `losing or duplicating deliveries to the provincial platform. Set "maxmemory-policy noeviction" ` +
        `(redis.conf, or CONFIG SET maxmemory-policy noeviction) and start the worker again.`,
    );
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):([^@]+)@/, '//$1:***@');
}

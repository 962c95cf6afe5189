import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { startTestApp, TestApp } from './support/test-app';

interface Problem {
  code: string;
  status: number;
  title: string;
  detail: string;
  retryAfterSeconds?: number;
}

const login = (t: TestApp) => t.fetch('/api/auth/login', { method: 'POST', json: { username: 'nobody-here', password: 'wrong-password-1' } });

/** @nestjs/throttler on the routes anyone can call: login, the public search and the feed. */
describe('throttling of the public routes', () => {
  describe('one api, counted in memory', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '3/60', RATE_LIMIT_SEARCH: '2/60', RATE_LIMIT_FEED: '2/60' } });
    });
    afterAll(() => t?.close());

    it('answers the login over its limit with 429 problem+json RATE_LIMITED and Retry-After', async () => {
      for (let i = 0; i < 3; i++) expect((await login(t)).status).toBe(401);
      const refused = await login(t);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const body = (await refused.json()) as Problem;
      expect(body.code).toBe('RATE_LIMITED');
      expect(body.retryAfterSeconds).toBe(retryAfter);
      expect(body.title + body.detail).toMatch(/登录请求过于频繁/);
      expect(body.detail).toMatch(/Too many login requests/);
    });

    it('counts the search and the feed apart, each with its own limit', async () => {
      for (let i = 0; i < 2; i++) expect((await t.fetch('/api/public/notices?q=%E9%81%93%E8%B7%AF')).status).toBe(200);
      const search = await t.fetch('/api/public/notices?q=%E9%81%93%E8%B7%AF');
      expect(search.status).toBe(429);
      expect(((await search.json()) as Problem).detail).toMatch(/公告查询/);
      // the feed has a budget of its own, untouched by the searches
      for (let i = 0; i < 2; i++) expect((await t.fetch('/api/public/notices/feed.atom')).status).toBe(200);
      expect((await t.fetch('/api/public/notices/feed.atom')).status).toBe(429);
    });

    it('leaves routes that are not rate-limited alone', async () => {
      for (let i = 0; i < 5; i++) expect((await t.fetch('/api/time')).status).toBe(200);
    });
  });

  describe('two apis on one Redis', () => {
    const prefix = `test-rl-${randomBytes(4).toString('hex')}`;
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      const env = { REDIS_URL: process.env.TEST_REDIS_URL!, EXCHANGE_QUEUE_PREFIX: prefix, RATE_LIMIT_LOGIN: '4/60' };
      a = await startTestApp({ env });
      b = await startTestApp({ env });
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      const redis = new Redis(process.env.TEST_REDIS_URL!);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });

    it('shares one budget per address across instances', async () => {
      expect((await login(a)).status).toBe(401);
      expect((await login(b)).status).toBe(401);
      expect((await login(a)).status).toBe(401);
      expect((await login(b)).status).toBe(401);
      const refused = await login(a);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await login(b)).status).toBe(429);
    });
  });
});

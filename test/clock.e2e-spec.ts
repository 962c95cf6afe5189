import { Client } from 'pg';
import { startTestApp, TestApp } from './support/test-app';

describe('the platform clock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  it('moves forward for tests and the demo, and every module reads the moved time', async () => {
    const admin = await t.token(await t.user('admin'));
    const before = Date.parse(((await (await t.fetch('/api/time')).json()) as { now: string }).now);
    const r = await t.fetch('/api/admin/clock', { method: 'POST', token: admin, json: { advanceSeconds: 20 * 86400 } });
    expect(r.status).toBe(200);
    const after = Date.parse(((await (await t.fetch('/api/time')).json()) as { now: string }).now);
    expect(after - before).toBeGreaterThanOrEqual(20 * 86400_000);
    expect(after - before).toBeLessThan(20 * 86400_000 + 60_000);
    expect(((await (await t.fetch('/api/time')).json()) as { now: string }).now).toMatch(/\+08:00$/);
  });

  it('refuses a start with clock control off while the database holds a moved clock', async () => {
    const url = (t.config.database as { url: string }).url;
    const pg = new Client({ connectionString: url });
    await pg.connect();
    const { rows } = await pg.query(`SELECT value FROM platform_setting WHERE key = 'clock_offset_ms'`);
    await pg.end();
    expect(Number(rows[0].value)).toBeGreaterThan(0);
    await expect(startTestApp({ env: { DATABASE_URL: url, CLOCK_CONTROL: 'false' } })).rejects.toThrow(/refuses a moved clock/);
  });

  it('refuses to move the clock when clock control is off', async () => {
    const strict = await startTestApp({ env: { CLOCK_CONTROL: 'false' } });
    try {
      const admin = await strict.token(await strict.user('admin'));
      const r = await strict.fetch('/api/admin/clock', { method: 'POST', token: admin, json: { advanceSeconds: 60 } });
      expect(r.status).toBe(403);
      expect(((await r.json()) as { code: string }).code).toBe('CLOCK_CONTROL_DISABLED');
    } finally {
      await strict.close();
    }
  });
});

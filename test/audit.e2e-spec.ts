import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { startTestApp, TestApp, testUscc } from './support/test-app';

const run = promisify(execFile);

/** R36: every action is logged (who, when, from where, what); append-only; a tampered entry is detectable. */
describe('R36 audit log', () => {
  let t: TestApp;
  let pg: Client;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    adminToken = await t.token(await t.user('admin'));
    pg = new Client({ connectionString: (t.config.database as { url: string }).url });
    await pg.connect();
  }, 60_000);
  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  it('R36 records who, when, from which address and what for a write', async () => {
    const r = await t.fetch('/api/organisations', {
      method: 'POST',
      token: adminToken,
      headers: { 'x-forwarded-for': '198.51.100.23' },
      json: { uscc: testUscc(), name: '审计测试单位', kind: 'bidder' },
    });
    expect(r.status).toBe(201);
    const org = (await r.json()) as { id: string };
    const { rows } = await pg.query(`SELECT * FROM audit_entry WHERE entity_id = $1`, [org.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'organisation.create', entity_type: 'organisation', actor_role: 'admin', ip: '198.51.100.23' });
    expect(rows[0].actor_account_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows[0].data).toMatchObject({ name: '审计测试单位' });
  });

  it('R36 the database refuses UPDATE, DELETE and TRUNCATE on the log', async () => {
    await expect(pg.query(`UPDATE audit_entry SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`DELETE FROM audit_entry WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);
  });

  it('R36 50 concurrent writes leave one unbroken chain (no fork)', async () => {
    const before = Number((await pg.query('SELECT count(*) FROM audit_entry')).rows[0].count);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.fetch('/api/organisations', { method: 'POST', token: adminToken, json: { uscc: testUscc(), name: `并发单位 ${i}`, kind: 'bidder' } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const { rows } = await pg.query('SELECT seq, prev_hash, hash FROM audit_entry ORDER BY seq');
    expect(rows).toHaveLength(before + 50);
    rows.forEach((row, i) => {
      expect(Number(row.seq)).toBe(i + 1);
      if (i > 0) expect(row.prev_hash).toBe(rows[i - 1].hash);
    });
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length);
    const v = await t.fetch('/api/audit/verify', { token: adminToken });
    expect(await v.json()).toEqual({ checked: rows.length, firstBreak: null });
  });

  it('R36 audit:verify names the first entry changed by hand by a superuser', async () => {
    const env = { ...process.env, DATABASE_URL: (t.config.database as { url: string }).url, DATA_DIR: t.config.dataDir };
    const ok = await run('npm', ['run', '-s', 'audit:verify'], { env });
    expect(ok.stdout).toMatch(/audit chain intact: \d+ entries verified/);

    await pg.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change');
    await pg.query(`UPDATE audit_entry SET data = '{"name":"篡改"}' WHERE seq = 7`);
    await pg.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_change');

    const broken = await run('npm', ['run', '-s', 'audit:verify'], { env }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(broken).not.toBeNull();
    expect(broken!.code).toBe(1);
    expect(broken!.stderr).toContain('audit chain BROKEN at entry seq=7 (hash_mismatch)');
  }, 60_000);
});

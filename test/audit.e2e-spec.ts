import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { AuditSequencer, AuditService, ChangeService, SYSTEM_ACTOR } from '@app/core';
import { waitFor } from './support/exchange-harness';
import { startTestApp, TestApp, testUscc } from './support/test-app';
import { createTestDatabase } from './support/test-db';

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run -s audit:verify` and resolves when the process itself exits (its own end is the signal;
 * no timer of ours decides it failed, only the test's generous bound).
 */
function auditVerify(env: NodeJS.ProcessEnv): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'audit:verify'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function chainRows(pg: Client): Promise<{ seq: string; prev_hash: string; hash: string }[]> {
  return (await pg.query('SELECT seq::text AS seq, prev_hash, hash FROM audit_entry a WHERE a.seq IS NOT NULL ORDER BY a.seq')).rows;
}

function expectOneChain(rows: { seq: string; prev_hash: string; hash: string }[]): void {
  rows.forEach((row, i) => {
    expect(Number(row.seq)).toBe(i + 1);
    if (i > 0) expect(row.prev_hash).toBe(rows[i - 1].hash);
  });
  // no fork: no two entries claim the same predecessor
  expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length);
}

const unchainedCount = async (pg: Client) => Number((await pg.query('SELECT count(*) FROM audit_entry WHERE seq IS NULL')).rows[0].count);

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
  }, 120_000);
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
    // GET /audit waits for the sequencer and shows the entry chained
    const list = await t.fetch(`/api/audit?entityType=organisation&entityId=${org.id}`, { token: adminToken });
    const body = (await list.json()) as { items: { seq: string; hash: string }[] };
    expect(body.items).toHaveLength(1);
    expect(body.items[0].seq).toMatch(/^\d+$/);
    expect(body.items[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('R36 the database refuses UPDATE, DELETE and TRUNCATE on the log, and any change to an unchained entry but its one chaining', async () => {
    await waitFor('the first entries chained', async () => (await chainRows(pg)).length > 0, 30_000, 20);
    await expect(pg.query(`UPDATE audit_entry SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`UPDATE audit_entry SET seq = 999999 WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`UPDATE audit_entry SET seq = NULL, prev_hash = NULL, hash = NULL WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`DELETE FROM audit_entry WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);
    // an entry not chained yet (its transaction still open, so the sequencer cannot see it)
    await pg.query('BEGIN');
    try {
      const { rows } = await pg.query(
        `INSERT INTO audit_entry (at, actor_role, action, entity_type, entity_id, data) VALUES (now(), 'system', 'test.unchained', 'test', 'u1', '{}') RETURNING id`,
      );
      const id = rows[0].id as string;
      await pg.query('SAVEPOINT s');
      await expect(pg.query(`UPDATE audit_entry SET data = '{"x":1}' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
      await pg.query('ROLLBACK TO SAVEPOINT s');
      await expect(pg.query(`DELETE FROM audit_entry WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
      await pg.query('ROLLBACK TO SAVEPOINT s');
      await expect(
        pg.query(`UPDATE audit_entry SET seq = 999999, prev_hash = repeat('0', 64), hash = repeat('1', 64), action = 'forged' WHERE id = $1`, [id]),
      ).rejects.toThrow(/append-only/);
      await pg.query('ROLLBACK TO SAVEPOINT s');
      // half a chaining is refused by the table itself
      await expect(pg.query(`UPDATE audit_entry SET seq = 999999 WHERE id = $1`, [id])).rejects.toThrow(/audit_entry_chained_whole/);
    } finally {
      await pg.query('ROLLBACK');
    }
  });

  it('R36 an audited change does not wait for another audited change still open (no global lock)', async () => {
    const change = t.app.get(ChangeService);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const first = change.run(SYSTEM_ACTOR, async (ctx) => {
      await ctx.audit({ action: 'test.long', entityType: 'tender_project', entityId: 'P-LONG' });
      await gate;
    });
    // the second commits while the first still holds its entry uncommitted; with a lock it would wait for ever
    await change.run(SYSTEM_ACTOR, (ctx) => ctx.audit({ action: 'test.short', entityType: 'tender_project', entityId: 'P-SHORT' }));
    // and is chained (a reader waits only for what has committed)
    await t.app.get(AuditService).awaitChained();
    expect((await pg.query(`SELECT seq FROM audit_entry WHERE action = 'test.short'`)).rows[0].seq).not.toBeNull();
    open();
    await first;
    await t.app.get(AuditService).awaitChained();
    const { rows } = await pg.query(`SELECT action, seq FROM audit_entry WHERE action IN ('test.long', 'test.short') ORDER BY seq`);
    // chained in commit order: the short one committed first
    expect(rows.map((r) => r.action)).toEqual(['test.short', 'test.long']);
  });

  it('R36 50 concurrent writers over several projects: every entry chained exactly once, in commit order, no fork, verify intact', async () => {
    const change = t.app.get(ChangeService);
    const WRITERS = 50;
    const EACH = 4;
    const PROJECTS = 5;
    const marks: { key: string; start: bigint; end: bigint }[] = [];
    const before = Number((await pg.query('SELECT count(*) FROM audit_entry')).rows[0].count);
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let k = 0; k < EACH; k++) {
          const key = `${w}-${k}`;
          const start = process.hrtime.bigint();
          await change.run({ ...SYSTEM_ACTOR, role: 'system' }, async (ctx) => {
            const project = `P-CONC-${(w + k) % PROJECTS}`;
            await ctx.audit({ action: 'test.write', entityType: 'tender_project', entityId: project, data: { key } });
            await ctx.audit({ action: 'test.write.detail', entityType: 'tender_project', entityId: project, data: { key } });
          });
          marks.push({ key, start, end: process.hrtime.bigint() });
        }
      }),
    );
    await waitFor('every entry chained', async () => (await unchainedCount(pg)) === 0, 30_000, 20);
    const all = await chainRows(pg);
    expect(all).toHaveLength(before + WRITERS * EACH * 2);
    expectOneChain(all);

    const { rows } = await pg.query(`SELECT seq::int AS seq, action, data->>'key' AS key FROM audit_entry WHERE action LIKE 'test.write%'`);
    expect(rows).toHaveLength(WRITERS * EACH * 2);
    const seqOf = new Map<string, number>();
    const detailOf = new Map<string, number>();
    for (const r of rows) (r.action === 'test.write' ? seqOf : detailOf).set(r.key, r.seq);
    expect(seqOf.size).toBe(WRITERS * EACH);
    // a change's entries keep their order
    for (const [key, s] of seqOf) expect(detailOf.get(key)!).toBeGreaterThan(s);
    // commit order: a change that committed before another began is chained before it
    const bySeq = [...marks].sort((a, b) => seqOf.get(a.key)! - seqOf.get(b.key)!);
    let minLaterEnd: bigint | null = null;
    for (let i = bySeq.length - 1; i >= 0; i--) {
      const m = bySeq[i];
      if (minLaterEnd !== null) expect(minLaterEnd > m.start).toBe(true);
      minLaterEnd = minLaterEnd === null || m.end < minLaterEnd ? m.end : minLaterEnd;
    }
    const v = await t.fetch('/api/audit/verify', { token: adminToken });
    expect(await v.json()).toEqual({ checked: all.length, firstBreak: null });
  }, 120_000);

  it('R36 50 concurrent API writes leave one unbroken chain (no fork)', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.fetch('/api/organisations', { method: 'POST', token: adminToken, json: { uscc: testUscc(), name: `并发单位 ${i}`, kind: 'bidder' } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const v = await t.fetch('/api/audit/verify', { token: adminToken });
    const rows = await chainRows(pg);
    expectOneChain(rows);
    expect(await v.json()).toEqual({ checked: rows.length, firstBreak: null });
  });

  it('R36 audit:verify names the first entry inserted, changed or deleted by hand by a superuser', async () => {
    await t.app.get(AuditService).awaitChained();
    const env = { ...process.env, DATABASE_URL: (t.config.database as { url: string }).url, DATA_DIR: t.config.dataDir };
    const ok = await auditVerify(env);
    expect(ok.stdout).toMatch(/audit chain intact: \d+ entries verified/);
    expect(ok.code).toBe(0);

    // inserted: a forged entry at the head of the chain
    const head = (await chainRows(pg)).at(-1)!;
    const forged = String(Number(head.seq) + 1);
    await pg.query(
      `INSERT INTO audit_entry (seq, at, actor_role, action, entity_type, entity_id, data, prev_hash, hash)
       VALUES ($1, now(), 'admin', 'bid.withdraw', 'bid', 'forged', '{}', $2, repeat('a', 64))`,
      [forged, head.hash],
    );
    let broken = await auditVerify(env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`audit chain BROKEN at entry seq=${forged} (hash_mismatch)`);

    // changed: an earlier entry is now the first broken one
    await pg.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change');
    await pg.query(`UPDATE audit_entry SET data = '{"name":"篡改"}' WHERE seq = 20`);
    await pg.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_change');
    broken = await auditVerify(env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('audit chain BROKEN at entry seq=20 (hash_mismatch)');

    // deleted: an earlier gap
    await pg.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_delete');
    await pg.query(`DELETE FROM audit_entry WHERE seq = 7`);
    await pg.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_delete');
    broken = await auditVerify(env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('audit chain BROKEN at entry seq=7 (gap)');
  }, 300_000);
});

describe('R36 audit sequencer', () => {
  it('R36 an entry committed by a process that died before chaining it is chained after the restart', async () => {
    const db = await createTestDatabase();
    const pg = new Client({ connectionString: db.url });
    let a: TestApp | undefined;
    let b: TestApp | undefined;
    try {
      // the first process commits changes but never chains them (its sequencer off), then ends
      a = await startTestApp({ env: { DATABASE_URL: db.url, AUDIT_SEQUENCER: 'false' } });
      await pg.connect();
      const change = a.app.get(ChangeService);
      await Promise.all(
        Array.from({ length: 5 }, (_, i) => change.run(SYSTEM_ACTOR, (ctx) => ctx.audit({ action: 'test.crash', entityType: 'test', entityId: `c${i}` }))),
      );
      expect(Number((await pg.query(`SELECT count(*) FROM audit_entry WHERE action = 'test.crash' AND seq IS NULL`)).rows[0].count)).toBe(5);
      await a.close();
      a = undefined;
      // after the restart the sequencer chains them
      b = await startTestApp({ env: { DATABASE_URL: db.url } });
      await waitFor('the entries left unchained are chained', async () => (await unchainedCount(pg)) === 0, 30_000, 20);
      const rows = await chainRows(pg);
      expectOneChain(rows);
      expect(Number((await pg.query(`SELECT count(*) FROM audit_entry WHERE action = 'test.crash'`)).rows[0].count)).toBe(5);
      expect(await b.app.get(AuditService).verify()).toEqual({ checked: rows.length, firstBreak: null });
    } finally {
      await a?.close();
      await b?.close();
      await pg.end().catch(() => undefined);
      await db.drop();
    }
  }, 180_000);

  it('R36 one sequencer among several processes; when it stops another takes over', async () => {
    const db = await createTestDatabase();
    const pg = new Client({ connectionString: db.url });
    const apps: TestApp[] = [];
    try {
      const env = { DATABASE_URL: db.url, AUDIT_SEQUENCER_POLL_MS: '100' };
      apps.push(await startTestApp({ env }));
      apps.push(await startTestApp({ env: { ...env, MIGRATIONS_RUN: 'false' } }));
      await pg.connect();
      const leaders = () => apps.filter((x) => x.app.get(AuditSequencer).isLeader);
      await waitFor('a leader', async () => leaders().length === 1, 30_000, 20);
      const [leader] = leaders();
      const follower = apps.find((x) => x !== leader)!;
      // writes through the follower are chained by the leader
      const change = follower.app.get(ChangeService);
      await Promise.all(Array.from({ length: 10 }, (_, i) => change.run(SYSTEM_ACTOR, (ctx) => ctx.audit({ action: 'test.follower', entityType: 'test', entityId: `f${i}` }))));
      await follower.app.get(AuditService).awaitChained();
      expect(await unchainedCount(pg)).toBe(0);
      // the leader ends: the follower becomes the sequencer
      await leader.close();
      apps.splice(apps.indexOf(leader), 1);
      await waitFor('the follower leads', async () => follower.app.get(AuditSequencer).isLeader, 30_000, 20);
      await change.run(SYSTEM_ACTOR, (ctx) => ctx.audit({ action: 'test.after', entityType: 'test', entityId: 'a' }));
      await follower.app.get(AuditService).awaitChained();
      const rows = await chainRows(pg);
      expectOneChain(rows);
      expect(await follower.app.get(AuditService).verify()).toEqual({ checked: rows.length, firstBreak: null });
    } finally {
      for (const x of apps) await x.close();
      await pg.end().catch(() => undefined);
      await db.drop();
    }
  }, 180_000);

  it('R36 on the embedded PGlite default the entries are chained and verify intact', async () => {
    const t = await startTestApp({ embedded: true });
    try {
      const change = t.app.get(ChangeService);
      await Promise.all(Array.from({ length: 10 }, (_, i) => change.run(SYSTEM_ACTOR, (ctx) => ctx.audit({ action: 'test.embedded', entityType: 'test', entityId: `e${i}` }))));
      const audit = t.app.get(AuditService);
      const list = await audit.list({ entityType: 'test', limit: 50 });
      expect(list).toHaveLength(10);
      expect(list.every((e) => e.seq !== null && e.hash !== null)).toBe(true);
      const v = await audit.verify();
      expect(v.firstBreak).toBeNull();
      expect(v.checked).toBeGreaterThanOrEqual(10);
    } finally {
      await t.close();
    }
  }, 120_000);
});

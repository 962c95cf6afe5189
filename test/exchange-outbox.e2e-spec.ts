import { DataSource } from 'typeorm';
import { ChangeService, SYSTEM_ACTOR } from '@app/core';
import { CLAIM_PLAN, CLAIM_SQL, OutboxRecordInvalidError, OutboxService, validateEnvelope } from '@app/exchange';
import { SAMPLE_RECORDS } from '@app/exchange/contract/sample-records';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(60_000);

/** The outbox written inside each change's transaction: gapless per-project sequences, exact bytes. */
describe('exchange outbox (R38)', () => {
  let t: TestApp;
  let outbox: OutboxService;
  let change: ChangeService;
  let ds: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    outbox = t.app.get(OutboxService);
    change = t.app.get(ChangeService);
    ds = t.app.get(DataSource);
  });
  afterAll(() => t?.close());

  const notice = (project: string) =>
    change.run(SYSTEM_ACTOR, (ctx) =>
      outbox.append(ctx.manager, { tenderProjectCode: project, datasetCode: 'GCJS_NOTICE', record: SAMPLE_RECORDS.GCJS_NOTICE, at: ctx.at }),
    );

  it('refuses to write outside a transaction', async () => {
    await expect(
      outbox.append(ds.manager, { tenderProjectCode: 'P-1', datasetCode: 'GCJS_NOTICE', record: SAMPLE_RECORDS.GCJS_NOTICE, at: new Date() }),
    ).rejects.toThrow(/inside the caller's transaction/);
  });

  it('throws on a record that fails its data set schema, and the change rolls back', async () => {
    const bad = { ...SAMPLE_RECORDS.GCJS_NOTICE, bulletinType: 'rumour' };
    await expect(
      change.run(SYSTEM_ACTOR, (ctx) => outbox.append(ctx.manager, { tenderProjectCode: 'P-BAD', datasetCode: 'GCJS_NOTICE', record: bad, at: ctx.at })),
    ).rejects.toBeInstanceOf(OutboxRecordInvalidError);
    expect(await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE tender_project_code = 'P-BAD'`)).toEqual([{ n: 0 }]);
  });

  it('stores the exact canonical envelope with a serialNumber, sequence and +08:00 dataTimestamp', async () => {
    const at = new Date('2026-11-25T01:30:00.000Z');
    const r = await change.run(SYSTEM_ACTOR, (ctx) =>
      outbox.append(ctx.manager, { tenderProjectCode: 'P-ENV', datasetCode: 'GCJS_RESULT_NOTICE', record: SAMPLE_RECORDS.GCJS_RESULT_NOTICE, at }),
    );
    expect(r.sequence).toBe(1);
    expect(r.serialNumber).toMatch(new RegExp(`^${t.config.platformCode}-20261125-\\d{6,}$`));
    const [row] = await ds.query(`SELECT * FROM outbox WHERE id = $1`, [r.id]);
    expect(row.status).toBe('pending');
    expect(row.serial_number).toBe(r.serialNumber);
    const body = JSON.parse(row.body);
    expect(body).toEqual({
      specVersion: '1.0',
      serialNumber: r.serialNumber,
      datasetCode: 'GCJS_RESULT_NOTICE',
      platformCode: t.config.platformCode,
      tenderProjectCode: 'P-ENV',
      sequence: 1,
      dataTimestamp: '2026-11-25T09:30:00.000+08:00',
      record: SAMPLE_RECORDS.GCJS_RESULT_NOTICE,
    });
    expect(validateEnvelope(body)).toEqual({ ok: true });
    // canonical: keys sorted, no white space
    expect(row.body.startsWith('{"dataTimestamp":')).toBe(true);
  });

  it('gives each project gapless sequences under concurrency, and a rolled-back change leaves no gap', async () => {
    const projects = ['P-A', 'P-B', 'P-C'];
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      for (const p of projects) work.push(notice(p));
      // a change that fails after taking a sequence number
      work.push(
        change
          .run(SYSTEM_ACTOR, async (ctx) => {
            await outbox.append(ctx.manager, { tenderProjectCode: 'P-A', datasetCode: 'GCJS_NOTICE', record: SAMPLE_RECORDS.GCJS_NOTICE, at: ctx.at });
            throw new Error('business rule refused');
          })
          .catch(() => undefined),
      );
    }
    await Promise.all(work);
    for (const p of projects) {
      const rows: { sequence: number }[] = await ds.query(`SELECT sequence FROM outbox WHERE tender_project_code = $1 ORDER BY sequence`, [p]);
      expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
    const [{ n }] = await ds.query(`SELECT count(DISTINCT serial_number)::int AS n FROM outbox`);
    const [{ m }] = await ds.query(`SELECT count(*)::int AS m FROM outbox`);
    expect(n).toBe(m);
  });

  it('the relay claims a batch of a backlog without reading the whole backlog, even on a table without statistics', async () => {
    // A table without statistics (not analysed yet: a new deployment, a restore, pg_upgrade) when a backlog of
    // 5,000 pending rows builds up behind 1,000 delivered ones.
    await ds.query(`ALTER TABLE outbox SET (autovacuum_enabled = false)`);
    const rows = (status: string, from: number, n: number) =>
      ds.query(
        `INSERT INTO outbox (serial_number, tender_project_code, sequence, dataset_code, body, status)
         SELECT 'PLAN-' || i, 'P-PLAN', i, 'GCJS_NOTICE', repeat('x', 1000), $3 FROM generate_series($1::int, $2::int) AS i`,
        [from, from + n - 1, status],
      );
    await rows('delivered', 1, 1000);
    await rows('pending', 1001, 5000);
    await ds.query(`DELETE FROM pg_statistic WHERE starelid = 'outbox'::regclass`);
    await ds.query(`UPDATE pg_class SET reltuples = -1 WHERE oid = 'outbox'::regclass`);

    /** The claim's plan as executed, with the largest number of rows any of its nodes produced. */
    const claimPlan = async (hinted: boolean) => {
      const qr = ds.createQueryRunner();
      await qr.startTransaction();
      try {
        if (hinted) await qr.query(CLAIM_PLAN);
        const [{ 'QUERY PLAN': [plan] }] = await qr.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${CLAIM_SQL}`, [200]);
        const nodes: { 'Node Type': string; 'Actual Rows': number }[] = [];
        const walk = (n: { Plans?: unknown[] } & (typeof nodes)[number]) => {
          nodes.push(n);
          for (const c of n.Plans ?? []) walk(c as typeof n);
        };
        walk(plan.Plan);
        return { types: nodes.map((n) => n['Node Type']), maxRows: Math.max(...nodes.map((n) => n['Actual Rows'])) };
      } finally {
        await qr.rollbackTransaction();
        await qr.release();
      }
    };
    // Left to itself the planner reads (and sorts) every pending row for each batch of 200: the premise.
    const unhinted = await claimPlan(false);
    expect(unhinted.maxRows).toBeGreaterThanOrEqual(5000);
    // The relay's claim walks the pending index in id order and stops after the batch.
    const claim = await claimPlan(true);
    expect(claim.types).not.toContain('Sort');
    expect(claim.types).toContain('Index Scan');
    expect(claim.maxRows).toBeLessThanOrEqual(400);
    await ds.query(`DELETE FROM outbox WHERE tender_project_code = 'P-PLAN'`);
    await ds.query(`ALTER TABLE outbox RESET (autovacuum_enabled)`);
  });
});

import { DataSource } from 'typeorm';
import { ChangeService, SYSTEM_ACTOR } from '@app/core';
import { OutboxRecordInvalidError, OutboxService, validateEnvelope } from '@app/exchange';
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
});


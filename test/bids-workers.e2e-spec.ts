import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ClockService, CoreModule, loadConfig, PlatformConfig } from '@app/core';
import { platformSchema } from '@app/platform';
import { BidDeadlineScheduler, BidsSchedulerModule } from '@app/bids';
import { createPublishedSection, sealedBid, SectionFixture } from './support/bids-test-fixtures';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/** What a worker process runs of the bids module: the deadline scheduler over the one database. */
@Module({})
class SchedulerWorker {
  static forRoot(config: PlatformConfig): DynamicModule {
    return { module: SchedulerWorker, imports: [CoreModule.forRoot({ config, schema: platformSchema }), BidsSchedulerModule] };
  }
}

const SECURITY = { 'x-bid-security-amount': '20000.00', 'x-bid-security-form': 'transfer' };

describe('R17: several workers open each section at 截止 exactly once', () => {
  let t: TestApp;
  let ds: DataSource;
  let workerConfig: PlatformConfig;
  const workers: INestApplicationContext[] = [];
  const sections: { fixture: SectionFixture; bids: number }[] = [];

  const startWorker = async () => {
    const ctx = await NestFactory.createApplicationContext(SchedulerWorker.forRoot(workerConfig), { logger: false });
    workers.push(ctx);
    return ctx;
  };
  const count = async (sql: string, params: unknown[]) => (await ds.query(sql, params))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    const staff = await t.user('staff');
    const bidders: TestUser[] = [];
    for (let i = 0; i < 3; i++) bidders.push(await t.user('bidder'));
    const tokens = await Promise.all(bidders.map((b) => t.token(b)));
    const deadline = new Date(Date.now() + 3600_000);
    for (const n of [3, 3, 3, 1, 2, 0]) {
      const fixture = await createPublishedSection(ds, { bidDeadline: deadline, tendererOrgId: staff.organisationId, holders: bidders.map((b) => b.organisationId) });
      for (let i = 0; i < n; i++) {
        const r = await t.fetch(`/api/sections/${fixture.sectionId}/bids`, {
          method: 'PUT',
          token: tokens[i],
          headers: { 'content-type': 'application/octet-stream', ...SECURITY },
          body: (await sealedBid(2000)).container as unknown as BodyInit,
        });
        expect(r.status).toBe(201);
      }
      sections.push({ fixture, bids: n });
    }
    await t.app.get(ClockService).set(new Date(deadline.getTime() + 6000));
    if (t.config.database.kind !== 'postgres') throw new Error('this test needs PostgreSQL');
    workerConfig = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: t.config.dataDir,
      DATABASE_URL: t.config.database.url,
      MIGRATIONS_RUN: 'false',
      DEMO_DATA: 'false',
      BID_SCHEDULER_INTERVAL_MS: '200',
    });
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) await w.close().catch(() => undefined);
    await t?.close();
  });

  it('two workers started together, each polling and ticking at once, open every due section exactly once', async () => {
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    const [sa, sb] = [a.get(BidDeadlineScheduler), b.get(BidDeadlineScheduler)];
    const results = await Promise.all([sa.tick(), sb.tick(), sa.tick(), sb.tick()]);
    const opened = results.flatMap((r) => r.opened);
    const deadline = Date.now() + 15_000;
    while ((await count(`SELECT count(*)::int AS n FROM bid_opening`, [])) < sections.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    // what the explicit ticks opened, they opened once between them
    expect(new Set(opened).size).toBe(opened.length);
    for (const { fixture, bids } of sections) {
      const id = fixture.sectionId;
      expect(await count(`SELECT count(*)::int AS n FROM bid_opening WHERE section_id = $1`, [id])).toBe(1);
      expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE tender_project_code = $1 AND dataset_code = 'GCJS_TENDER_LIST'`, [fixture.projectCode])).toBe(1);
      expect(
        await count(
          `SELECT count(*)::int AS n FROM audit_entry WHERE entity_type = 'tender_section' AND entity_id = $1 AND data->>'from' = 'published' AND data->>'to' = 'opening'`,
          [id],
        ),
      ).toBe(1);
      expect(await count(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_type = 'bid' AND data->>'sectionId' = $1`, [id])).toBe(bids);
      const [{ status }] = await ds.query(`SELECT status FROM tender_section WHERE id = $1`, [id]);
      expect(status).toBe(bids >= 3 ? 'opening' : 'failed');
      // a failed section sent its opening record too, once
      expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE tender_project_code = $1 AND dataset_code = 'GCJS_OPENING_RECORD'`, [fixture.projectCode])).toBe(
        bids >= 3 ? 0 : 1,
      );
    }
    const audit = await (await t.fetch('/api/audit/verify', { token: await t.token(await t.user('admin')) })).json();
    expect(audit).toMatchObject({ firstBreak: null });
  }, 60_000);

  it('a worker that restarts opens nothing twice, and the workers close each ended window exactly once', async () => {
    await workers[0].close();
    const c = await startWorker();
    const sc = c.get(BidDeadlineScheduler);
    expect((await sc.tick()).opened).toEqual([]);

    const clock = t.app.get(ClockService);
    await clock.advance(61 * 60_000);
    const live = workers.slice(1);
    await Promise.all(live.map((w) => w.get(ClockService).refresh()));
    const results = await Promise.all(live.flatMap((w) => [w.get(BidDeadlineScheduler).tick(), w.get(BidDeadlineScheduler).tick()]));
    const closed = results.flatMap((r) => r.closed);
    expect(new Set(closed).size).toBe(closed.length);
    const deadline = Date.now() + 15_000;
    const decrypting = sections.filter((s) => s.bids >= 3);
    while ((await count(`SELECT count(*)::int AS n FROM bid_opening WHERE status = 'decrypting'`, [])) > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const { fixture } of decrypting) {
      expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE tender_project_code = $1 AND dataset_code = 'GCJS_OPENING_RECORD'`, [fixture.projectCode])).toBe(1);
      const [{ status }] = await ds.query(`SELECT status FROM tender_section WHERE id = $1`, [fixture.sectionId]);
      expect(status).toBe('opened');
    }
  }, 60_000);
});

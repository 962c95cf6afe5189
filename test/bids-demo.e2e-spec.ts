import { existsSync, readdirSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { ClockService } from '@app/core';
import { BidOpeningService } from '@app/bids';
import { seedBidsDemo } from '@app/platform';
import { startTestApp, TestApp } from './support/test-app';

describe('bids demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  it('seeds an opened section with its record and one that opens at its 截止, once, and leaves the clock where it was', async () => {
    const ds = t.app.get(DataSource);
    const clock = t.app.get(ClockService);
    const orgs = {
      tenderer: (await t.user('staff')).organisationId,
      agency: (await t.user('staff', { kind: 'agency' })).organisationId,
      bidderA: (await t.user('bidder')).organisationId,
      bidderB: (await t.user('bidder')).organisationId,
      bidderC: (await t.user('bidder')).organisationId,
      bidderD: (await t.user('bidder')).organisationId,
    };
    const result = await seedBidsDemo(t.app, t.config, orgs);
    expect(result.seeded).toBe(true);
    expect(clock.offset).toBe(0);

    const status = async (id: string) => (await ds.query(`SELECT status FROM tender_section WHERE id = $1`, [id]))[0].status;
    expect(await status(result.openedSectionId!)).toBe('opened');
    const record = (await (await t.fetch(`/api/public/sections/${result.openedSectionId}/opening-record`)).json()) as {
      summary: { bids: number; decrypted: number };
      objections: { answer: string | null }[];
    };
    expect(record.summary).toMatchObject({ bids: 4, decrypted: 4 });
    expect(record.objections).toHaveLength(1);
    expect(record.objections[0].answer).toContain('异议不成立');

    expect(await status(result.readySectionId!)).toBe('published');
    expect((await ds.query(`SELECT count(*)::int AS n FROM bid WHERE section_id = $1 AND status = 'received'`, [result.readySectionId]))[0].n).toBe(4);
    expect(existsSync(result.keysFolder!)).toBe(true);
    expect(readdirSync(result.keysFolder!)).toHaveLength(4);

    expect((await seedBidsDemo(t.app, t.config, orgs)).seeded).toBe(false);

    // at its 截止 the second section opens
    await clock.set(new Date(new Date(result.readyBidDeadline!).getTime() + 6000));
    const opened = await t.app.get(BidOpeningService).openDue();
    expect(opened).toContain(result.readySectionId);
  }, 120_000);
});

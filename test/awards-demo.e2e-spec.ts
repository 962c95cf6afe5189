import { DataSource } from 'typeorm';
import { ChangeService, ClockService, ReadinessService, ScheduleRegistry } from '@app/core';
import { AwardDeadlineScheduler } from '@app/awards';
import { seedAwardsDemo } from '@app/platform';
import { demoOrganisations } from './support/demo-orgs';
import { startTestApp, TestApp } from './support/test-app';

// On PostgreSQL, and on the embedded default (PGlite) that `npm start` seeds
describe.each([
  ['PostgreSQL', false],
  ['PGlite', true],
])('awards demo data (%s)', (_name, embedded) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ embedded });
  }, 60_000);
  afterAll(() => t?.close());

  it('seeds an awarded section with its notices and one in candidate publicity, for staff, bidders and the public, once', async () => {
    const ds = t.app.get(DataSource);
    const clock = t.app.get(ClockService);
    const { agency, bidders, orgs } = await demoOrganisations(t);
    // as at start-up (apps/api/src/main.ts): the periodic passes wait while the seed records the past
    const release = t.app.get(ReadinessService).hold('demo data');
    const result = await seedAwardsDemo(t.app, orgs);
    expect(result.seeded).toBe(true);
    expect(clock.offset).toBe(0);
    const status = async (id: string) => (await ds.query(`SELECT status FROM tender_section WHERE id = $1`, [id]))[0].status;
    expect(await status(result.awardedSectionId!)).toBe('awarded');
    expect(await status(result.publicitySectionId!)).toBe('publicity');

    // the public: the running publicity and the result
    const publicity = await (await t.fetch(`/api/public/sections/${result.publicitySectionId}/candidate-publicity`)).json();
    expect(publicity.current.candidates).toHaveLength(3);
    expect(new Date(publicity.current.end).getTime()).toBeGreaterThan(clock.now().getTime());
    expect((await t.fetch(`/api/public/sections/${result.awardedSectionId}/result`)).status).toBe(200);

    // each bidder (R26): exactly its own notice, which verifies without an account
    let awards = 0;
    for (const b of bidders) {
      const mine = await (await t.fetch('/api/awards/notices/mine', { token: await t.token(b) })).json();
      expect(mine).toHaveLength(1);
      if (mine[0].kind === 'award') awards++;
      const pdf = Buffer.from(await (await t.fetch(mine[0].pdf, { token: await t.token(b) })).arrayBuffer());
      const check = await (await t.fetch('/api/public/documents/verify', { method: 'POST', json: { document: pdf.toString('base64') } })).json();
      expect(check.valid).toBe(true);
    }
    expect(awards).toBe(1);

    // staff: the award with its deadlines, the overdue supervisor report (R25)
    const token = await t.token(agency);
    const view = await (await t.fetch(`/api/sections/${result.awardedSectionId}/award`, { token })).json();
    expect(view.notices).toHaveLength(4);
    const overdue = await (await t.fetch('/api/awards/overdue', { token })).json();
    expect(overdue.map((o: { sectionId: string; rule: string }) => [o.sectionId, o.rule])).toEqual([[result.awardedSectionId, 'R25']]);
    // the demo staff dashboard: the report overdue, the contract still to come (R24), in due order
    const deadlines = await (await t.fetch('/api/staff/award-deadlines', { token })).json();
    const awarded = deadlines.items.filter((d: { sectionId: string }) => d.sectionId === result.awardedSectionId);
    expect(awarded.map((d: { rule: string; overdue: boolean }) => [d.rule, d.overdue])).toEqual([
      ['R25', true],
      ['R24', false],
    ]);

    expect((await seedAwardsDemo(t.app, orgs)).seeded).toBe(false);

    // the deadline pass flags the overdue report once
    const scheduler = new AwardDeadlineScheduler(t.app.get(ChangeService), clock, new ScheduleRegistry());
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    release();
  }, 180_000);
});

import { DataSource } from 'typeorm';
import { seedAnnouncementsDemo } from '@app/platform';
import { startTestApp, TestApp } from './support/test-app';

/** The demo data: projects and notices in every state, made through the services so that every rule holds. */
describe('announcements demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  it('seeds projects and notices in every state, once', async () => {
    const org = async (role: 'staff' | 'bidder', kind?: 'tenderer' | 'agency') => (await t.user(role, kind ? { kind } : {})).organisationId;
    const orgs = {
      tenderer: await org('staff', 'tenderer'),
      agency: await org('staff', 'agency'),
      bidderA: await org('bidder'),
      bidderB: await org('bidder'),
      bidderC: await org('bidder'),
      bidderD: await org('bidder'),
    };
    const result = await seedAnnouncementsDemo(t.app, t.config, orgs);
    expect(result.seeded).toBe(true);
    expect(result.projects).toHaveLength(6);

    const ds = t.app.get(DataSource);
    const notices: { type: string; status: string }[] = await ds.query('SELECT type, status FROM notice');
    const statuses = new Set(notices.map((n) => n.status));
    expect([...statuses].sort()).toEqual(['draft', 'published', 'superseded', 'withdrawn']);
    expect(new Set(notices.map((n) => n.type))).toEqual(new Set(['tender', 'consultation', 'supplement', 'termination']));
    const sections: { status: string }[] = await ds.query('SELECT status FROM tender_section');
    expect(new Set(sections.map((s) => s.status))).toEqual(new Set(['draft', 'published', 'terminated']));
    const counts: { downloads: number; comments: number; answered: number; inbox: number }[] = await ds.query(
      `SELECT (SELECT count(*)::int FROM document_download) AS downloads, (SELECT count(*)::int FROM consultation_comment) AS comments,
              (SELECT count(*)::int FROM tender_question WHERE answer IS NOT NULL) AS answered, (SELECT count(*)::int FROM inbox_message) AS inbox`,
    );
    expect(counts[0]).toEqual({ downloads: 5, comments: 2, answered: 1, inbox: 4 });

    // the public sees them
    const list = (await (await t.fetch('/api/public/notices?q=' + encodeURIComponent('监理'))).json()) as { items: { title: string }[] };
    expect(list.items.map((i) => i.title)).toContain('沈阳市浑南区某某道路工程监理服务招标公告（演示）');

    expect(await seedAnnouncementsDemo(t.app, t.config, orgs)).toEqual({ seeded: false, projects: [] });
  });
});

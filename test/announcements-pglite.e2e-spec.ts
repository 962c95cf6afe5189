import { AnnouncementsFixture, json, NoticeJson } from './support/announcements-fixture';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/** The same module on the embedded default (PGlite): publication, the logged download and Chinese keyword search. */
describe('announcements on PGlite', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;

  beforeAll(async () => {
    t = await startTestApp({ embedded: true });
    f = new AnnouncementsFixture(t);
    await f.setClock('2026-12-01T10:00:00+08:00');
  }, 120_000);
  afterAll(() => t?.close());

  it('publishes, logs a download and finds 监理 in 某某道路工程监理服务招标公告', async () => {
    expect(t.config.database.kind).toBe('pglite');
    const staffUser = await t.user('staff');
    const staff = await f.token(staffUser);
    const { project, notice } = await f.publishedTender(staff, { name: '某某道路工程监理服务', title: '某某道路工程监理服务招标公告' });
    await f.publishedTender(staff, { name: '学校食堂设备采购', title: '学校食堂设备采购公告' });

    const bidder = await f.token(await t.user('bidder'));
    expect((await f.download(bidder, notice)).status).toBe(200);
    const downloads = await json<{ items: unknown[] }>(await t.fetch(`/api/sections/${project.sections[0].id}/downloads`, { token: staff }), 200);
    expect(downloads.items).toHaveLength(1);

    const found = await json<{ items: NoticeJson[] }>(await t.fetch('/api/public/notices?q=' + encodeURIComponent('监理')), 200);
    expect(found.items.map((i) => i.title)).toEqual(['某某道路工程监理服务招标公告']);
    const phrase = await json<{ items: NoticeJson[] }>(await t.fetch('/api/public/notices?q=' + encodeURIComponent('食堂设备')), 200);
    expect(phrase.items.map((i) => i.title)).toEqual(['学校食堂设备采购公告']);
  });
});

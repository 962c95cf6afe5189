import { DataSource } from 'typeorm';
import { PublicNoticesService, SEARCH_WINDOW } from '@app/announcements/public/public-notices.service';
import { bucketOf, bucketQuery, keywordTerms } from '@app/announcements/search/gram-search';
import { AnnouncementsFixture, json, NoticeJson, pdfBytes, ProjectJson } from './support/announcements-fixture';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Public reading: the notice list with its filters and Chinese keyword search, cursor pagination, the notice
 * detail with its attachments, the Atom feed. Drafts are never public.
 */

interface Item {
  id: string;
  title: string;
  type: string;
  status: string;
  procedureType: string;
  regionCode: string;
  publishedAt: string;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}

const DEADLINE = '2026-12-28T09:30:00+08:00';

describe('public notices', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  let staffUser: TestUser;
  const n: Record<string, NoticeJson> = {};
  const p: Record<string, ProjectJson> = {};

  const list = async (query: string) => json<Page>(await t.fetch(`/api/public/notices${query}`), 200);
  const titles = async (query: string) => (await list(query)).items.map((i) => i.title);

  beforeAll(async () => {
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    staffUser = await t.user('staff');

    await f.setClock('2026-12-01T10:00:00+08:00');
    let staff = await f.token(staffUser);
    ({ project: p.road, notice: n.road } = await f.publishedTender(staff, {
      name: '某某道路工程监理服务',
      title: '某某道路工程监理服务招标公告',
      content: '一、招标条件：本招标项目某某道路工程监理服务已由发展改革委批准。',
      regionCode: '210102',
      bidDeadline: DEADLINE,
    }));

    await f.setClock('2026-12-02T10:00:00+08:00');
    staff = await f.token(staffUser);
    ({ project: p.bridge, notice: n.bridge } = await f.publishedTender(staff, {
      name: '滨河路桥梁改造工程',
      title: '滨河路桥梁改造工程招标公告',
      content: '一、招标条件：滨河路桥梁改造工程，资金来源为财政资金。',
      regionCode: '210100',
      bidDeadline: DEADLINE,
    }));

    await f.setClock('2026-12-03T10:00:00+08:00');
    staff = await f.token(staffUser);
    ({ project: p.canteen, notice: n.canteen } = await f.publishedTender(staff, {
      procedureType: 'government',
      name: '学校食堂设备采购',
      title: '学校食堂设备采购公告',
      // holds 道路, 路工 and 工程 but not the word 道路工程: the exact prefix query does not find it
      content: '采购内容：食堂工程厨房设备，经厂区道路运至铁路工人宿舍。',
      regionCode: '210200',
      bidDeadline: DEADLINE,
    }));

    await f.setClock('2026-12-04T10:00:00+08:00');
    staff = await f.token(staffUser);
    const consultation = await f.draft(staff, {
      projectId: p.bridge.id,
      type: 'consultation',
      title: '滨河路桥梁设计方案征求意见公告',
      content: '现将桥梁设计方案公开征求意见。',
      sectionIds: [p.bridge.sections[0].id],
      commentPeriodEnd: '2026-12-09T17:00:00+08:00',
    });
    await json(await f.upload(staff, consultation.id, 'attachment', '设计方案说明.pdf', pdfBytes('设计方案')), 201);
    n.consultation = await json<NoticeJson>(await f.publish(staff, consultation.id), 200);

    // a draft that mentions 监理 is never public
    const draftProject = await f.project(staff, { name: '监理草稿项目', bidDeadline: DEADLINE });
    n.draft = await f.tenderDraft(staff, draftProject, { title: '监理服务招标公告（草稿）' });
  }, 90_000);
  afterAll(() => t?.close());

  it('finds 某某道路工程监理服务招标公告 with the 2-character keyword 监理 (Chinese keyword search)', async () => {
    expect(await titles('?q=' + encodeURIComponent('监理'))).toEqual(['某某道路工程监理服务招标公告']);
  });

  it('Chinese keyword search: words in the text, single characters, phrases with a recheck, several terms', async () => {
    const q = async (kw: string) => titles('?q=' + encodeURIComponent(kw));
    expect(await q('食堂')).toEqual(['学校食堂设备采购公告']);
    expect(await q('发展改革委')).toEqual(['某某道路工程监理服务招标公告']);
    expect(await q('桥')).toEqual(['滨河路桥梁设计方案征求意见公告', '滨河路桥梁改造工程招标公告']);
    expect(await q('监理服')).toEqual(['某某道路工程监理服务招标公告']);
    // a keyword up to 6 characters is one exact prefix query on the week's windows: the canteen notice holds 道路,
    // 路工 and 工程 but not 道路工程, and the index does not even return it
    const weeks = [bucketOf('2026-12-01T10:00:00+08:00'), bucketOf('2026-12-04T10:00:00+08:00')];
    const byIndex: { title: string }[] = await t.app
      .get(DataSource)
      .query(`SELECT title FROM notice WHERE search_vector @@ $1::tsquery ORDER BY published_at`, [bucketQuery(keywordTerms('道路工程'), weeks[0], weeks[1])]);
    expect(byIndex.map((r) => r.title)).toEqual(['某某道路工程监理服务招标公告']);
    expect(await q('道路工程')).toEqual(['某某道路工程监理服务招标公告']);
    expect(await q('桥梁 征求')).toEqual(['滨河路桥梁设计方案征求意见公告']);
    expect(await q('隧道')).toEqual([]);
    expect(await q('，。')).toHaveLength(4); // no letter, digit or ideograph: no keyword filter
    // longer than 6 characters: windows ANDed and a recheck
    expect(await q('某某道路工程监理服务招标公告')).toEqual(['某某道路工程监理服务招标公告']);
    expect(await q('道路工程监理采购')).toEqual([]);
    // attachment names are searched too
    expect(await q('设计方案说明')).toEqual(['滨河路桥梁设计方案征求意见公告']);
  });

  it('finds a notice by its project code, in part', async () => {
    expect(await titles('?q=' + encodeURIComponent(p.canteen.code))).toEqual(['学校食堂设备采购公告']);
    expect(await titles('?q=' + encodeURIComponent(n.road.code))).toEqual(['某某道路工程监理服务招标公告']);
    expect(await titles('?q=' + encodeURIComponent(p.canteen.code.slice(-10)))).toEqual(['学校食堂设备采购公告']);
  });

  it('filters by type, procedure, region (a city includes its districts), status and publication day', async () => {
    expect(await titles('?type=consultation')).toEqual(['滨河路桥梁设计方案征求意见公告']);
    expect(await titles('?procedure=government')).toEqual(['学校食堂设备采购公告']);
    expect(await titles('?region=210100')).toEqual(['滨河路桥梁设计方案征求意见公告', '滨河路桥梁改造工程招标公告', '某某道路工程监理服务招标公告']);
    expect(await titles('?region=210102')).toEqual(['某某道路工程监理服务招标公告']);
    expect(await titles('?region=210000')).toHaveLength(4);
    expect(await titles('?from=2026-12-02&to=2026-12-03')).toEqual(['学校食堂设备采购公告', '滨河路桥梁改造工程招标公告']);
    expect(await titles('?to=2026-12-01')).toEqual(['某某道路工程监理服务招标公告']);
    expect(await titles('?status=superseded')).toEqual([]);
    expect(await titles('?type=tender&procedure=construction&q=' + encodeURIComponent('工程'))).toEqual([
      '滨河路桥梁改造工程招标公告',
      '某某道路工程监理服务招标公告',
    ]);
    const bad = await t.fetch('/api/public/notices?type=draft');
    expect(bad.status).toBe(400);
    expect((await t.fetch('/api/public/notices?from=2026-02-30')).status).toBe(400);
  });

  it('pages newest first by cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await list(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.title));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['滨河路桥梁设计方案征求意见公告', '学校食堂设备采购公告', '滨河路桥梁改造工程招标公告', '某某道路工程监理服务招标公告']);
    const bad = await t.fetch('/api/public/notices?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('BAD_CURSOR');
  });

  it('a keyword search pages the same whether the matches come from the newest notices or from the index', async () => {
    const service = t.app.get(PublicNoticesService);
    const walk = async (query: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await list(`?limit=1&q=${encodeURIComponent(query)}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((i) => i.title));
        cursor = page.nextCursor;
      } while (cursor && seen.length < 10);
      return seen;
    };
    const expected = {
      桥: ['滨河路桥梁设计方案征求意见公告', '滨河路桥梁改造工程招标公告'],
      // the consultation's project is 滨河路桥梁改造工程; the canteen notice's text has 食堂工程
      工程: ['滨河路桥梁设计方案征求意见公告', '学校食堂设备采购公告', '滨河路桥梁改造工程招标公告', '某某道路工程监理服务招标公告'],
      道路工程: ['某某道路工程监理服务招标公告'],
    };
    try {
      for (const window of [1, 2, 3, 2000]) {
        service.searchWindow = window;
        for (const [query, titles] of Object.entries(expected)) expect([window, query, await walk(query)]).toEqual([window, query, titles]);
      }
    } finally {
      service.searchWindow = SEARCH_WINDOW;
    }
  });

  it('never lists or shows a draft', async () => {
    const all = await list('?limit=100');
    expect(all.items.map((i) => i.id)).not.toContain(n.draft.id);
    expect((await t.fetch(`/api/public/notices/${n.draft.id}`)).status).toBe(404);
  });

  it('shows a notice with its project, sections and attachments; a public attachment downloads without an account', async () => {
    const detail = await json<{
      title: string;
      typeName: string;
      commentPeriodEnd: string;
      project: { code: string; tenderer: { name: string } };
      sections: { code: string; bidDeadline: string; status: string }[];
      attachments: { name: string; kind: string; href: string; requiresAccount: boolean; sha256: string; size: number }[];
    }>(await t.fetch(`/api/public/notices/${n.consultation.id}`), 200);
    expect(detail).toMatchObject({
      title: '滨河路桥梁设计方案征求意见公告',
      typeName: '征求意见公告',
      commentPeriodEnd: '2026-12-09T17:00:00+08:00',
      project: { code: p.bridge.code },
      sections: [{ code: p.bridge.sections[0].code, bidDeadline: DEADLINE, status: 'published' }],
    });
    expect(detail.attachments).toEqual([
      expect.objectContaining({ name: '设计方案说明.pdf', kind: 'attachment', requiresAccount: false, size: pdfBytes('设计方案').length }),
    ]);
    const file = await t.fetch(detail.attachments[0].href);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdfBytes('设计方案'))).toBe(true);
    expect(file.headers.get('x-content-sha256')).toBe(detail.attachments[0].sha256);
    // tender documents are not served on the public route
    const tenderDoc = n.road.attachments[0].documentId;
    expect((await t.fetch(`/api/public/notices/${n.road.id}/attachments/${tenderDoc}`)).status).toBe(404);
  });

  it('serves an Atom feed of the newest notices', async () => {
    const r = await t.fetch('/api/public/notices/feed.atom');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await r.text();
    const entryTitles = [...xml.matchAll(/<entry>\s*<id>[^<]+<\/id>\s*<title>([^<]+)<\/title>/g)].map((m) => m[1]);
    expect(entryTitles).toEqual(['滨河路桥梁设计方案征求意见公告', '学校食堂设备采购公告', '滨河路桥梁改造工程招标公告', '某某道路工程监理服务招标公告']);
    expect(xml).toContain(`<id>urn:uuid:${n.road.id}</id>`);
    expect(xml).toContain(`/api/public/notices/${n.road.id}"/>`);
    expect(xml).toContain('<published>2026-12-01T10:00');
    expect(xml).not.toContain('草稿');
  });
});

import { startTestApp, TestApp } from './support/test-app';

interface Problem {
  code: string;
  message: { zh: string; en: string };
  field?: string;
  links?: string[];
  errors?: { field: string }[];
}

/** The public site's content pages (交易指南, 政策法规, 文件下载, 投诉电话): read by everyone, edited by administrators. */
describe('content pages (GET /api/public/content/:slug, PUT /api/admin/content/:slug)', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  let supervisor: string;
  let bidder: string;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, staff, supervisor, bidder] = await Promise.all((['admin', 'staff', 'supervisor', 'bidder'] as const).map(async (r) => t.token(await t.user(r))));
  }, 120_000);
  afterAll(() => t?.close());

  it('serves the seeded columns to anyone, cacheable, with the texts the site showed before', async () => {
    const list = await t.fetch('/api/public/content');
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('public, max-age=60');
    const { items } = (await list.json()) as { items: { slug: string; title: string; headings: string[] }[] };
    expect(items.map((i) => [i.slug, i.title])).toEqual([
      ['guide', '交易指南'],
      ['policies', '政策法规'],
      ['downloads', '文件下载'],
      ['contacts', '投诉电话'],
    ]);
    expect(items[0].headings.slice(0, 2)).toEqual(['一、注册', '二、查找公告']);

    const one = await t.fetch('/api/public/content/policies');
    expect(one.status).toBe(200);
    const page = (await one.json()) as { title: string; body: string };
    expect(page.body).toContain('## 《中华人民共和国招标投标法》');
    expect(page.body).toContain('最短不得少于二十日');

    const missing = await t.fetch('/api/public/content/no-such-page');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Problem).code).toBe('NOT_FOUND');
  });

  it('lets an administrator replace a page, and the change is in the audit chain', async () => {
    const body = '办理时间：工作日 8:30–17:00。\n\n## 一、注册\n- 准备营业执照\n- 见 [回执验证](/receipts/verify)';
    const put = await t.fetch('/api/admin/content/guide', { method: 'PUT', token: admin, json: { title: '交易指南（2027 版）', body } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ slug: 'guide', title: '交易指南（2027 版）', body, headings: ['一、注册'] });

    const read = (await (await t.fetch('/api/public/content/guide')).json()) as { title: string; body: string };
    expect(read).toMatchObject({ title: '交易指南（2027 版）', body });

    const audit = (await (await t.fetch('/api/audit?entityType=content_page&entityId=guide', { token: admin })).json()) as {
      items: { action: string; actorRole: string; data: { title: string; previousTitle: string } }[];
    };
    expect(audit.items[0]).toMatchObject({ action: 'content.update', actorRole: 'admin', data: { title: '交易指南（2027 版）', previousTitle: '交易指南' } });
    const verified = (await (await t.fetch('/api/audit/verify', { token: admin })).json()) as { firstBreak: unknown };
    expect(verified.firstBreak).toBeNull();
  });

  it('refuses every role but the administrator (403 problem+json), and changes nothing', async () => {
    for (const token of [staff, supervisor, bidder]) {
      const r = await t.fetch('/api/admin/content/contacts', { method: 'PUT', token, json: { title: '篡改', body: '篡改' } });
      expect(r.status).toBe(403);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(((await r.json()) as Problem).code).toBe('ROLE_FORBIDDEN');
    }
    expect((await t.fetch('/api/admin/content/contacts', { method: 'PUT', json: { title: '篡改', body: '篡改' } })).status).toBe(401);
    const page = (await (await t.fetch('/api/public/content/contacts')).json()) as { title: string };
    expect(page.title).toBe('投诉电话');
  });

  it('refuses a blank title or body, a bad address and a script link, in Chinese and English, and keeps the page', async () => {
    const blank = await t.fetch('/api/admin/content/contacts', { method: 'PUT', token: admin, json: { title: '   ', body: '' } });
    expect(blank.status).toBe(400);
    const blankBody = (await blank.json()) as Problem;
    expect(blankBody.code).toBe('VALIDATION_FAILED');
    expect(blankBody.errors!.map((e) => e.field).sort()).toEqual(['body', 'title']);

    const slug = await t.fetch('/api/admin/content/Bad_Slug', { method: 'PUT', token: admin, json: { title: '甲', body: '乙' } });
    expect(slug.status).toBe(400);
    expect(((await slug.json()) as Problem).code).toBe('CONTENT_SLUG_INVALID');

    const script = await t.fetch('/api/admin/content/contacts', {
      method: 'PUT',
      token: admin,
      json: { title: '投诉电话', body: '点击 [这里](javascript:alert(document.cookie)) 或 [那里](//evil.example/x)' },
    });
    expect(script.status).toBe(422);
    const problem = (await script.json()) as Problem;
    expect(problem).toMatchObject({ code: 'CONTENT_LINK_UNSAFE', field: 'body', links: ['javascript:alert(document.cookie', '//evil.example/x'] });
    expect(problem.message.zh).toContain('链接只能指向本站路径');
    expect(problem.message.en).toContain('Links may only go to');

    const page = (await (await t.fetch('/api/public/content/contacts')).json()) as { body: string };
    expect(page.body).toContain('024-00000000');
  });

  it('adds a new page at a new address, listed after the seeded ones', async () => {
    const put = await t.fetch('/api/admin/content/notice-board', { method: 'PUT', token: admin, json: { title: '通知公告', body: '## 春节值班安排\n值班电话 024-00000000' } });
    expect(put.status).toBe(200);
    const { items } = (await (await t.fetch('/api/public/content')).json()) as { items: { slug: string }[] };
    expect(items.map((i) => i.slug)).toEqual(['guide', 'policies', 'downloads', 'contacts', 'notice-board']);
    const audit = (await (await t.fetch('/api/audit?entityType=content_page&entityId=notice-board', { token: admin })).json()) as { items: { action: string }[] };
    expect(audit.items.map((i) => i.action)).toEqual(['content.create']);
  });
});

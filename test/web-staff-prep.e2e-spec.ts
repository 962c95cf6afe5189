/**
 * The procurement staff's console in a real browser (headless Chromium), as a staff member of a tenderer uses it
 * to prepare a tender: register a project and add a section, draft the tender notice and watch the earliest
 * 截止 (R5) and the 2% cap on the bid security (R9) follow what is typed, be refused beside the field, upload the
 * tender documents with a progress bar and see their SHA-256, publish, read the download list (secret before
 * 截止, R13: the supervisor is refused until then), answer a bidder's question through a clarification, and
 * see the coming deadlines; an agency registers a project for its tenderer, found by typing part of its name. Every page: a screenshot in test-artifacts/web-staff-prep/, no serious or critical
 * axe-core violation, no console error.
 */
import { createHash } from 'node:crypto';
import { Page } from 'playwright-core';
import { AnnouncementsFixture, json, NoticeJson } from './support/announcements-fixture';
import { buildPortal, loginThroughPage, openPortalBrowser, PortalBrowser } from './support/browser';
import { fillBeijingDateTime } from './support/staff-steps';
import { startTestApp, TestApp, TestUser } from './support/test-app';

jest.setTimeout(180_000);

describe('web portal (Chromium): the procurement staff prepare a tender', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  let browser: PortalBrowser;
  let page: Page;
  let staffUser: TestUser;
  let noticeId = '';
  let projectId = '';
  const check = (name: string) => browser.check(name);
  const documentBytes = Buffer.alloc(3 * 1024 * 1024, 0x25);
  documentBytes.write('%PDF-1.7\n', 0);

  beforeAll(async () => {
    buildPortal();
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    await f.setClock('2026-12-01T10:00:00+08:00');
    staffUser = await t.user('staff', { name: '沈阳市城市建设局' });
    // a computer in UTC: every date typed below still means Beijing time (the refusals and dates downstream show it)
    browser = await openPortalBrowser('web-staff-prep', { timezoneId: 'UTC' });
    page = browser.page;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const login = () => loginThroughPage(page, t.url, staffUser, /\/staff$/);

  it('logs in to the staff console and sees an empty dashboard', async () => {
    await login();
    await page.getByRole('heading', { name: '待办与期限' }).waitFor();
    await page.getByText('近期没有期限').waitFor();
    await check('dashboard-empty');
  });

  it('registers a project: the R9 cap follows the estimated price, and one fen above it is refused beside the field', async () => {
    await page.getByRole('link', { name: '登记招标项目' }).first().click();
    await page.getByRole('heading', { name: '登记招标项目' }).waitFor();
    await page.getByLabel('项目名称').fill('浑河南岸绿道工程');
    await page.getByLabel('标段名称').fill('一标段：绿道主体');
    await page.getByLabel('估算价（元）').fill('1000000');
    await page.getByText('R9 上限：估算价的 2%，即 20,000.00 元').waitFor();
    await page.getByLabel('估算价（元）').fill('1234567.89');
    await page.getByText('R9 上限：估算价的 2%，即 24,691.35 元').waitFor();
    await page.getByText('壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分').waitFor();
    await page.getByLabel('投标保证金（元）').fill('24691.36');
    await page.locator('.field-error', { hasText: '已超出' }).waitFor();
    await fillBeijingDateTime(page, '投标截止（开标）时间（北京时间）', '2026-12-28 09:30');
    await page.getByText('若今天发布招标公告，R5 最早截止日：2026-12-21').waitFor();
    await check('project-new');

    browser.expectStatus(/status of 422/);
    await page.getByRole('button', { name: '登记项目' }).click();
    await page.locator('.refusal', { hasText: 'BID_SECURITY_TOO_HIGH' }).getByText('规则 R9').waitFor();
    await check('project-refused');
    browser.expectStatus(null);

    await page.getByLabel('投标保证金（元）').fill('24691.35');
    await page.getByRole('button', { name: '登记项目' }).click();
    await page.waitForURL(/\/staff\/projects\/[0-9a-f-]{36}$/);
    projectId = page.url().split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: '浑河南岸绿道工程' }).waitFor();
  });

  it('adds a second section', async () => {
    await page.getByRole('button', { name: '添加标段' }).click();
    await page.getByLabel('标段名称').fill('二标段：景观照明');
    await page.getByLabel('估算价（元）').fill('500000');
    await page.getByLabel('投标保证金（元）').fill('10000');
    await fillBeijingDateTime(page, '投标截止（开标）时间（北京时间）', '2026-12-28 09:30');
    await page.getByRole('button', { name: '保存标段' }).click();
    await page.getByText('已添加标段').waitFor();
    await page.getByRole('cell', { name: /二标段：景观照明/ }).waitFor();
    await check('project');
  });

  it('drafts the tender notice: the earliest 截止 and the cap react while typing, and a refusal is shown beside its field', async () => {
    await page.getByRole('link', { name: '招标公告' }).click();
    await page.getByRole('heading', { name: '起草招标公告' }).waitFor();
    await fillBeijingDateTime(page, '招标文件获取截止时间', '2026-12-10 17:00', 'Tab'); // typed, then leaving the field
    await page.getByText('R6 最早为 2026-12-07').waitFor();
    const first = page.locator('.section-block').first();
    await first.getByText('R5 最早截止日：2026-12-21').waitFor();
    // the documents come out a day later: the earliest 截止 moves with them
    await fillBeijingDateTime(page, '招标文件发出时间（留空为公告发布时）', '2026-12-02 09:00');
    await first.getByText('R5 最早截止日：2026-12-22').waitFor();
    await fillBeijingDateTime(first, '投标截止（开标）时间（北京时间）', '2026-12-21 09:30');
    await first.locator('.field-error', { hasText: '所填时间过早' }).waitFor();
    await first.getByLabel('估算价（元）').fill('2000000');
    await first.getByText('即 40,000.00 元').waitFor();
    await page.getByLabel('公告正文').fill('一、招标条件：浑河南岸绿道工程已由市发展改革委批准建设，资金来源为财政资金。\n二、投标人资格要求：具备市政公用工程施工总承包三级及以上资质。');
    await check('notice-draft');

    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/staff\/notices\/[0-9a-f-]{36}$/);
    noticeId = page.url().split('/').pop()!;
    await page.getByText('草稿已保存').waitFor();

    browser.expectStatus(/status of 422/);
    await page.getByRole('button', { name: '发布' }).click();
    const refusal = page.locator('.section-block').first().locator('.refusal', { hasText: '发布被拒绝' });
    await refusal.waitFor();
    await refusal.getByText('BID_DEADLINE_TOO_EARLY').waitFor();
    await refusal.getByText('规则 R5').waitFor();
    await refusal.getByText('最早可为 2026-12-22 00:00').waitFor();
    await page.locator('.refusal', { hasText: 'TENDER_DOCUMENTS_MISSING' }).waitFor();
    await check('notice-refused');
    browser.expectStatus(null);
  });

  it('uploads the tender documents with a progress bar and shows their SHA-256', async () => {
    await page.locator('#upload-file').setInputFiles({ name: '招标文件.pdf', mimeType: 'application/pdf', buffer: documentBytes });
    await page.getByRole('button', { name: '上传' }).click();
    await page.getByLabel(/上传进度/).waitFor();
    const sha = createHash('sha256').update(documentBytes).digest('hex');
    await page.getByRole('status').filter({ hasText: sha }).waitFor();
    expect(await page.locator('#upload-progress').getAttribute('value')).toBe('100');
    await page.locator('.files', { hasText: sha }).waitFor();
    // the refusal for the missing documents no longer stands
    await page.locator('.refusal', { hasText: 'TENDER_DOCUMENTS_MISSING' }).waitFor({ state: 'detached' });
    await check('notice-uploaded');
  });

  it('publishes once the 截止 of every section is far enough', async () => {
    // the documents are issued with the notice after all: the earliest 截止 comes back a day
    await fillBeijingDateTime(page, '招标文件发出时间（留空为公告发布时）', '');
    await page.locator('.section-block').first().getByText('R5 最早截止日：2026-12-21').waitFor();
    for (const block of await page.locator('.section-block').all()) {
      await fillBeijingDateTime(block, '投标截止（开标）时间（北京时间）', '2026-12-22 09:30');
    }
    await page.locator('.field-error', { hasText: '所填时间过早' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '发布' }).click();
    await page.getByText(/已发布（2026-12-01 10:0\d）/).waitFor();
    await page.getByRole('link', { name: '查看公开页面' }).waitFor();
    await check('notice-published');
  });

  it('keeps the download list secret before 截止 (R13: the supervisor is refused until then) and shows it after', async () => {
    const notice = await json<NoticeJson>(await t.fetch(`/api/notices/${noticeId}`, { token: await f.token(staffUser) }), 200);
    const section = notice.sections[0];
    const bidderUser = await t.user('bidder', { name: '辽宁绿道建设有限公司' });
    const bidder = await f.token(bidderUser);
    expect((await f.download(bidder, notice)).status).toBe(200);
    const asked = await t.fetch(`/api/sections/${section.id}/questions`, { method: 'POST', token: bidder, json: { text: '绿道铺装材料是否允许使用透水混凝土？' } });
    expect(asked.status).toBe(201);

    const supervisor = await f.token(await t.user('supervisor'));
    const sealed = await json<{ code: string; rule: string; earliestAllowed: string }>(await t.fetch(`/api/sections/${section.id}/downloads`, { token: supervisor }), 403);
    expect(sealed).toMatchObject({ code: 'DOWNLOAD_LIST_SEALED', rule: 'R13', earliestAllowed: '2026-12-22T09:30:00+08:00' });

    await page.goto(`${t.url}/staff/sections/${section.id}/downloads`);
    await page.getByText('保密（R13）').waitFor();
    await page.getByRole('cell', { name: '辽宁绿道建设有限公司' }).first().waitFor();
    await check('downloads-before-deadline');
  });

  it('answers the question through a clarification that is published to every holder', async () => {
    const notice = await json<NoticeJson>(await t.fetch(`/api/notices/${noticeId}`, { token: await f.token(staffUser) }), 200);
    await page.goto(`${t.url}/staff/sections/${notice.sections[0].id}/questions`);
    await page.getByText('绿道铺装材料是否允许使用透水混凝土？').waitFor();
    await check('questions');
    await page.getByLabel('对问题 1 的答复').fill('允许，透水混凝土强度等级不低于 C25。');
    await page.getByRole('button', { name: /发布澄清公告（1 条答复）/ }).click();
    await page.getByText('已发布澄清公告').waitFor();
    await page.getByText('允许，透水混凝土强度等级不低于 C25。').waitFor();
    await check('questions-answered');
  });

  it('R8 drafting a supplement shows the days left before a change affecting bid preparation needs a new 截止', async () => {
    await page.goto(`${t.url}/staff/projects/${projectId}/notices/new?type=supplement`);
    await page.getByRole('heading', { name: '起草补充/变更/澄清公告' }).waitFor();
    await page.getByLabel('补充/变更的公告').selectOption({ index: 1 });
    // 截止 2026-12-22 09:30; 15 days before it is 2026-12-07, six days from today (2026-12-01)
    await page.getByText('距须顺延投标截止还有 6 天').waitFor();
    await fillBeijingDateTime(page, '新的投标截止（开标）时间（不顺延则留空）', '2026-12-15 09:30');
    await page.getByLabel('影响投标文件编制（R8）').check();
    await page.locator('.refusal', { hasText: 'NEW_BID_DEADLINE_TOO_EARLY' }).getByText('按当前填写，发布将被拒绝').waitFor();
    await check('supplement-draft');
  });

  it('shows the coming deadlines on the dashboard, nearest first, with links', async () => {
    await page.goto(`${t.url}/staff`);
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    const labels = await page.locator('table tbody tr td:nth-child(3)').allTextContents();
    expect(labels.slice(0, 2)).toEqual(['招标文件获取截止', '招标文件获取截止']);
    expect(labels.slice(2)).toEqual(['投标截止（开标）', '投标截止（开标）']);
    await check('dashboard');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${t.url}/staff/notices/${noticeId}`);
    await page.getByText('查看公开页面').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await check('notice-375px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('after 截止 the supervisor may read the download list too, and the page says so', async () => {
    const notice = await json<NoticeJson>(await t.fetch(`/api/notices/${noticeId}`, { token: await f.token(staffUser) }), 200);
    const section = notice.sections[0];
    await f.setClock('2026-12-22T09:31:00+08:00');
    const supervisor = await f.token(await t.user('supervisor'));
    expect((await t.fetch(`/api/sections/${section.id}/downloads`, { token: supervisor })).status).toBe(200);

    // the browser's tokens were issued on 12-01 and have expired by now: log in again
    browser.expectStatus(/status of 401/);
    await login();
    browser.expectStatus(null);
    browser.consoleErrors.length = 0;
    await page.goto(`${t.url}/staff/sections/${section.id}/downloads`);
    await page.getByText('已过投标截止时间：监督部门也可查看此名单。').waitFor();
    await page.getByRole('cell', { name: '辽宁绿道建设有限公司' }).first().waitFor();
    await check('downloads-after-deadline');
    expect(projectId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an agency registers a project for its tenderer, chosen by typing part of its name; without one it is refused beside the field', async () => {
    const agencyUser = await t.user('staff', { kind: 'agency', name: '辽宁远航招标代理有限公司' });
    await t.user('staff', { name: '大连港务集团有限公司' }); // another tenderer, not matched by what is typed
    await loginThroughPage(page, t.url, agencyUser, /\/staff$/);
    await page.getByRole('link', { name: '登记招标项目' }).first().click();
    await page.getByRole('heading', { name: '登记招标项目' }).waitFor();
    await page.getByLabel('项目名称').fill('浑南新区道路照明工程');
    await page.getByLabel('估算价（元）').fill('1000000');
    await page.getByLabel('投标保证金（元）').fill('20000');
    await fillBeijingDateTime(page, '投标截止（开标）时间（北京时间）', '2027-01-28 09:30');

    // no tenderer chosen: the API's refusal beside the field
    browser.expectStatus(/status of 422/);
    await page.getByRole('button', { name: '登记项目' }).click();
    await page.locator('.field:has(#p-tenderer) .refusal', { hasText: '招标人必须填写' }).waitFor();
    await check('project-agency-refused');
    browser.expectStatus(null);

    const tenderer = page.getByLabel('招标人单位（招标代理机构登记时选择）');
    await tenderer.click();
    await tenderer.fill('城市建设');
    // the list on opening has every tenderer; what is typed narrows it to the matching one
    await page.getByRole('option', { name: /大连港务集团/ }).waitFor({ state: 'hidden' });
    const option = page.getByRole('option', { name: /沈阳市城市建设局/ });
    await option.waitFor();
    // the open list is named after its field (Element Plus draws it as a role="tooltip" without a name): axe passes
    await page.locator('.tenderer-popper[role="tooltip"][aria-label="招标人单位列表"]').waitFor();
    await page.locator('.tenderer-popper[class*="enter-active"]').waitFor({ state: 'detached' }); // its fade-in done, for the screenshot
    await check('project-agency-tenderer-list-open');
    await option.click();
    await page.locator('.field:has(#p-tenderer)', { hasText: '沈阳市城市建设局' }).waitFor();
    await page.locator('.tenderer-popper[role="tooltip"]').waitFor({ state: 'hidden' }); // the list faded out
    await check('project-agency-tenderer-chosen');
    await page.getByRole('button', { name: '登记项目' }).click();
    await page.waitForURL(/\/staff\/projects\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: '浑南新区道路照明工程' }).waitFor();
    await page.locator('dd', { hasText: '沈阳市城市建设局' }).waitFor();
    const id = page.url().split('/').pop()!;
    const project = await json<{ tenderer: { id: string }; agency: { id: string } | null }>(await t.fetch(`/api/projects/${id}`, { token: await f.token(agencyUser) }), 200);
    expect(project.tenderer.id).toBe(staffUser.organisationId);
    expect(project.agency?.id).toBe(agencyUser.organisationId);
    await check('project-agency');
  });
});

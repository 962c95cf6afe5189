/**
 * One whole tender walked in a real browser (Chromium, headless) as the four roles (issue 17, "Tests that must
 * exist"): the procurement staff register the project and publish the tender notice in the pages; three bidders
 * download the documents and submit sealed bids through the API (the bidder's own pages are tested in
 * web-portal); at 截止 the staff watch the opening in the console, enter the evaluation, publish the candidate
 * publicity; a bidder raises an objection from the publicity page and the staff answer it; the staff decide,
 * publish the result and record the contract; the supervisor sees the project's audit chain verified; the
 * administrator sees the exchange page; and the statistics page of the period, its CSV and the statistics API
 * count exactly the events of this walk. The page interactions are those of web-staff-prep, web-staff-award,
 * web-supervisor-admin and web-statistics. Every page: a screenshot in test-artifacts/web-tender-walk/, no
 * serious or critical axe-core violation, no console error.
 */
import { Page } from 'playwright-core';
import { BidOpeningService } from '@app/bids';
import { AnnouncementsFixture, json, NoticeJson, pdfBytes } from './support/announcements-fixture';
import { buildPortal, loginThroughPage, openPortalBrowser, PortalBrowser, reportRow } from './support/browser';
import { decideAndPublishResult, fillBeijingDateTime, fillEvaluationRow, publishPublicity, saveEvaluation, startEvaluation, submitContract } from './support/staff-steps';
import { fetchStatistics, figuresOf } from './support/statistics';
import { SealedBidder, submitSealedBids } from './support/sealed-bidders';
import { startTestApp, TestApp, TestUser } from './support/test-app';

jest.setTimeout(180_000);

const PROJECT = '浑南大道雨污分流改造工程';
const SECTION = '一标段：管网施工';

describe('web portal (Chromium): one whole tender walked as staff, bidder, supervisor and administrator', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  let browser: PortalBrowser;
  let page: Page;
  let staff: TestUser;
  let supervisor: TestUser;
  let admin: TestUser;
  let projectId = '';
  let noticeId = '';
  let notice: NoticeJson;
  let sectionId = '';
  const bidders: SealedBidder[] = [];
  const check = (name: string) => browser.check(name);

  const login = (user: TestUser, landing: RegExp) => loginThroughPage(page, t.url, user, landing);
  const statRow = (caption: string, heading: string) => reportRow(page, caption, heading);

  beforeAll(async () => {
    buildPortal();
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    await f.setClock('2026-12-01T10:00:00+08:00');
    staff = await t.user('staff', { name: '沈阳市浑南区建设局' });
    supervisor = await t.user('supervisor', { name: '市住房和城乡建设局' });
    admin = await t.user('admin');
    browser = await openPortalBrowser('web-tender-walk');
    page = browser.page;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('staff: registers the project with its section', async () => {
    await login(staff, /\/staff$/);
    await page.getByRole('heading', { name: '待办与期限' }).waitFor();
    await page.getByRole('link', { name: '登记招标项目' }).first().click();
    await page.getByRole('heading', { name: '登记招标项目' }).waitFor();
    await page.getByLabel('项目名称').fill(PROJECT);
    await page.getByLabel('标段名称').fill(SECTION);
    await page.getByLabel('估算价（元）').fill('3000000');
    await page.getByText('R9 上限：估算价的 2%，即 60,000.00 元').waitFor();
    await page.getByLabel('投标保证金（元）').fill('20000');
    await fillBeijingDateTime(page, '投标截止（开标）时间（北京时间）', '2026-12-28 09:30');
    await check('staff-project-new');
    await page.getByRole('button', { name: '登记项目' }).click();
    await page.waitForURL(/\/staff\/projects\/[0-9a-f-]{36}$/);
    projectId = page.url().split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: PROJECT }).waitFor();
    await page.getByRole('cell', { name: new RegExp(SECTION) }).waitFor();
    await check('staff-project');
  });

  it('staff: drafts the tender notice, uploads the documents and publishes it', async () => {
    await page.getByRole('link', { name: '招标公告' }).click();
    await page.getByRole('heading', { name: '起草招标公告' }).waitFor();
    await fillBeijingDateTime(page, '招标文件获取截止时间', '2026-12-10 17:00');
    const block = page.locator('.section-block').first();
    await block.getByText('R5 最早截止日：2026-12-21').waitFor();
    await fillBeijingDateTime(block, '投标截止（开标）时间（北京时间）', '2026-12-28 09:30');
    await page.getByLabel('公告正文').fill('一、招标条件：浑南大道雨污分流改造工程已由区发展改革局批准建设，资金来源为财政资金。\n二、投标人资格要求：具备市政公用工程施工总承包三级及以上资质。');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/staff\/notices\/[0-9a-f-]{36}$/);
    noticeId = page.url().split('/').pop()!;
    await page.getByText('草稿已保存').waitFor();
    await check('staff-notice-draft');

    await page.locator('#upload-file').setInputFiles({ name: '招标文件.pdf', mimeType: 'application/pdf', buffer: pdfBytes('招标文件') });
    await page.getByRole('button', { name: '上传' }).click();
    await page.locator('.files', { hasText: '招标文件.pdf' }).waitFor();
    await page.getByRole('button', { name: '发布' }).click();
    await page.getByText(/已发布（2026-12-01 10:\d\d）/).waitFor();
    await page.getByRole('link', { name: '查看公开页面' }).waitFor();
    await check('staff-notice-published');

    notice = await json<NoticeJson>(await t.fetch(`/api/notices/${noticeId}`, { token: await f.token(staff) }), 200);
    expect(notice.status).toBe('published');
    expect(notice.sections).toHaveLength(1);
    sectionId = notice.sections[0].id;
  });

  it('bidders (through the API): three download the documents and submit sealed bids', async () => {
    bidders.push(
      ...(await submitSealedBids(t, f, notice, sectionId, [
        ['甲市政建设有限公司', '2600000.00'],
        ['乙水务工程有限公司', '2750000.00'],
        ['丙管道建设有限公司', '2580000.00'],
      ])),
    );
    expect(bidders).toHaveLength(3);
  });

  it('staff: the opening console, before 截止 and through the decryption window to the record', async () => {
    await page.getByRole('link', { name: '开标与定标' }).click();
    await page.getByRole('heading', { level: 1, name: '开标与定标' }).waitFor();
    await page.getByRole('link', { name: `开标控制台：${notice.sections[0].code}` }).click();
    await page.getByRole('heading', { name: '距投标截止' }).waitFor();
    const before = await page.locator('main').textContent();
    for (const b of bidders) expect(before).not.toContain(b.name);
    await check('staff-opening-before-deadline');

    await f.setClock('2026-12-28T09:30:10+08:00');
    const opening = t.app.get(BidOpeningService);
    expect(await opening.openDue()).toEqual([sectionId]);
    const submitKey = async (b: (typeof bidders)[number]) =>
      json(await t.fetch(`/api/sections/${sectionId}/bids/mine/key`, { method: 'POST', token: await f.token(b.user), json: { key: b.keyHex } }), 200);
    await submitKey(bidders[0]);
    await login(staff, /\/staff/);
    await page.goto(`${t.url}/staff/sections/${sectionId}/opening`);
    await page.getByRole('heading', { name: '解密中' }).waitFor();
    await page.getByRole('heading', { name: '各投标人解密状态' }).waitFor();
    await page.locator('tr', { hasText: bidders[0].name }).locator('text=2,600,000.00 元').waitFor();
    for (const b of bidders.slice(1)) await page.locator('tr', { hasText: b.name }).locator('text=未解密，内容不可见').waitFor();
    await page.locator('text=已解密 1 家 · 待提交密钥 2 家 · 解密失败 0 家').waitFor();
    await check('staff-opening-window');

    for (const b of bidders.slice(1)) await submitKey(b);
    await opening.closeEnded();
    await page.reload();
    await page.getByRole('heading', { name: '开标已结束' }).waitFor();
    await page.getByRole('heading', { name: '唱标' }).waitFor();
    await page.locator('text=2,580,000.00 元').waitFor();
    await check('staff-opening-record');
  });

  it('staff: enters the evaluation and publishes the candidate publicity', async () => {
    await startEvaluation(page);
    const [a, b, c] = bidders;
    await fillEvaluationRow(page, c.name, { rank: '1', score: '94.50', reasons: '报价最低，技术方案完整' });
    await fillEvaluationRow(page, a.name, { rank: '2', score: '91.20', reasons: '综合得分较高' });
    await fillEvaluationRow(page, b.name, { reasons: '综合得分低于中标候选人' });
    await saveEvaluation(page, c.name);
    await check('staff-evaluation');

    await publishPublicity(page, '2027-01-04 17:00', /2026-12-28 \d\d:\d\d 至 2027-01-04 17:00/);
    await check('staff-publicity');
  });

  it('bidder: raises an objection from the publicity page', async () => {
    const objector = bidders[1];
    await login(objector.user, /\/bidder/);
    await page.goto(`${t.url}/publicity/${sectionId}`);
    await page.getByRole('heading', { name: /中标候选人公示（第 1 次）/ }).waitFor();
    await check('public-publicity');
    await page.getByRole('link', { name: '提出异议' }).click();
    await page.waitForURL(/\/bidder\?raise=objection/);
    await page.getByRole('heading', { name: '提出异议或投诉' }).waitFor();
    await expect(page.getByLabel('标段', { exact: true }).inputValue()).resolves.toBe(sectionId);
    await page.getByLabel(/异议内容/).fill('第一中标候选人的业绩证明与公示不一致，请核实。');
    await page.getByLabel('联系人', { exact: true }).fill('乙公司 陈');
    await page.getByLabel('联系电话', { exact: true }).fill('024-12345678');
    await page.getByRole('button', { name: '提交异议' }).click();
    await page.locator('text=/已提出异议 \\S+，答复期限/').waitFor();
    await check('bidder-objection-raised');
  });

  it('staff: answers the objection, decides after the publicity, publishes the result and records the contract', async () => {
    await login(staff, /\/staff/);
    await page.goto(`${t.url}/staff/sections/${sectionId}/award`);
    await page.getByRole('heading', { name: '公示期异议' }).waitFor();
    await page.locator('text=第一中标候选人的业绩证明与公示不一致').waitFor();
    await page.getByLabel('答复内容（送达异议人）').fill('经核实，业绩证明与公示一致，异议不成立。');
    await page.getByLabel('结果摘要（在办件状态中公开）').fill('异议不成立');
    await page.getByRole('button', { name: '答复异议' }).click();
    await page.locator('text=/异议 \\S+ 已答复。/').waitFor();
    await check('staff-objection-answered');

    await f.setClock('2027-01-05T10:00:00+08:00');
    await login(staff, /\/staff/);
    await page.goto(`${t.url}/staff/sections/${sectionId}/award`);
    await decideAndPublishResult(page);
    await check('staff-result');

    await f.setClock('2027-01-08T15:00:00+08:00');
    await login(staff, /\/staff/);
    await page.goto(`${t.url}/staff/sections/${sectionId}/award`);
    // the console has loaded the section's result (its R24 contract deadline) before the contract form is filled
    await page.getByRole('heading', { name: /合同与书面报告/ }).waitFor();
    await page.locator('text=/应于 2027-02-0\\d \\d\\d:\\d\\d 前签订（R24/').waitFor();
    await submitContract(page, { signedAt: '2027-01-08 09:00', amount: '2580000.00', capitals: '贰佰伍拾捌万元整' });
    await page.locator('text=合同已登记。').waitFor();
    await page.locator('text=/2027-01-08 09:00 签订，金额 2,580,000.00 元/').waitFor();
    await check('staff-contract');
  });

  it("supervisor: sees the project's audit log with its hash chain verified", async () => {
    await login(supervisor, /\/supervisor$/);
    await page.getByRole('link', { name: '审计日志' }).click();
    await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
    await page.getByLabel('招标项目').selectOption(projectId);
    await page.locator(`[data-testid="audit-entries"][data-project="${projectId}"]`).waitFor();
    await page.getByText(/哈希链完整：已校验全部 \d+ 条记录/).waitFor();
    await page.getByRole('cell', { name: '登记项目' }).waitFor();
    await page.getByRole('cell', { name: '发布公告' }).first().waitFor();
    await check('supervisor-audit');
  });

  it('administrator: sees the exchange page, nothing dead', async () => {
    await login(admin, /\/admin$/);
    await page.goto(`${t.url}/admin/exchange`);
    await page.getByRole('heading', { level: 1, name: '数据交换' }).waitFor();
    await page.getByRole('heading', { name: '推送状态' }).waitFor();
    await page.getByText('没有推送失败的记录。').waitFor();
    await check('admin-exchange');
  });

  it('the statistics of the period, on the page, in its CSV and from the API, are exactly the events of this walk', async () => {
    // derived from the walk: the tender notice (2026-12-01), the candidate publicity (2026-12-28) and the result
    // (2027-01-05); 3 downloads and 3 bids in December; one section opened (not failed) at 截止; one objection,
    // raised and answered on 2026-12-28 (the same working day)
    const report = await fetchStatistics(t, { from: '2026-12-01', to: '2027-01-08' });
    expect(figuresOf(report)).toEqual({
      months: ['2026-12', '2027-01'],
      notices: { tender: [1, 0], candidate_publicity: [1, 0], result: [0, 1] },
      downloads: [3, 0],
      bidsReceived: [3, 0],
      bidsStanding: [3, 0],
      sectionsOpened: [1, 0],
      sectionsFailed: [0, 0],
      objections: { received: 1, replied: 1, repliedWithinLimit: 1, openOverdue: 0, replyRate: '1.0000', averageWorkingDays: 0 },
      complaints: { received: 0, replied: 0, repliedWithinLimit: 0, openOverdue: 0, replyRate: '0.0000', averageWorkingDays: null },
      cases: { received: 1, replied: 1, repliedWithinLimit: 1, openOverdue: 0, replyRate: '1.0000', averageWorkingDays: 0 },
    });

    await page.goto(`${t.url}/statistics`);
    // this year so far on the platform clock first (the picker is filled once the page has its period)
    await page.getByText('统计期间：2027年1月1日至2027年1月8日（北京时间）').waitFor();
    await page.getByPlaceholder('开始日期').fill('2026-12-01');
    await page.getByPlaceholder('结束日期').fill('2027-01-08');
    await page.getByPlaceholder('结束日期').press('Enter');
    await page.getByText('统计期间：2026年12月1日至2027年1月8日（北京时间）').waitFor();
    // 表1 columns: 招标公告, 征求意见公告, 补充/变更公告, 终止公告, 中标候选人公示, 中标结果公告, 合计
    expect(await statRow('表1', '2026年12月')).toEqual(['1', '0', '0', '0', '1', '0', '2']);
    expect(await statRow('表1', '2027年1月')).toEqual(['0', '0', '0', '0', '0', '1', '1']);
    expect(await statRow('表1', '合计')).toEqual(['1', '0', '0', '0', '1', '1', '3']);
    // 表2 columns: 下载, 投标文件递交, 有效投标文件, 开标标段, 流标标段
    expect(await statRow('表2', '2026年12月')).toEqual(['3', '3', '3', '1', '0']);
    expect(await statRow('表2', '合计')).toEqual(['3', '3', '3', '1', '0']);
    expect(await statRow('表3', '异议（质疑）')).toEqual(['1', '1', '1', '0', '100.00%', '100.00%', '0.00']);
    expect(await statRow('表3', '投诉')).toEqual(['0', '0', '0', '0', '—', '—', '—']);
    await check('statistics-walk-period');

    const saved = await browser.download(() => page.getByRole('link', { name: '下载 CSV' }).click());
    expect(saved.name).toBe('交易信息公开统计_2026-12-01至2027-01-08.csv');
    expect(saved.text.charCodeAt(0)).toBe(0xfeff);
    const lines = saved.text.slice(1).split('\r\n');
    expect(lines[0]).toBe('统计项目,2026年12月,2027年1月,合计');
    expect(lines).toEqual(
      expect.arrayContaining([
        '发布公告：招标公告（篇）,1,0,1',
        '发布公告：中标候选人公示（篇）,1,0,1',
        '发布公告：中标结果公告（篇）,0,1,1',
        '招标文件下载（次）,3,0,3',
        '投标文件递交（次）,3,0,3',
        '开标标段（个）,1,0,1',
        '流标标段（个）,0,0,0',
        '异议（质疑）：收到（件）,,,1',
        '异议（质疑）：已答复（件）,,,1',
        '异议（质疑）：答复率,,,100.00%',
        '投诉：收到（件）,,,0',
      ]),
    );
  });
});

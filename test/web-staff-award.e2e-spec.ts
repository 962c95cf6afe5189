/**
 * The procurement staff's opening and award consoles in a real browser (Debian's Chromium, headless), with the
 * bidder's objection from the candidate publicity: a tender with 3 sealed bids (seeded through the API), the
 * opening console before 截止 (a countdown, nothing of the bids, R16), during the decryption window (each bidder's
 * status, no content of a bid not decrypted, R18; an objection answered on the spot, R19), the record; the
 * evaluation (R20 refused, then recorded), the candidate publicity (R22 refused with its earliest date, then
 * published), a bidder's objection with an attachment from the publicity page (its complaint refused while the
 * objection awaits its answer, R33), the staff's answer, the decision (R22: refused before the publicity ends),
 * the result, the contract and the supervisor report; the public award page and the case board. On every page:
 * a screenshot in test-artifacts/web-staff-award/, no serious or critical axe-core violation, no console error.
 */
import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';
import { BidOpeningService } from '@app/bids';
import { AnnouncementsFixture, json, NoticeJson, pdfBytes } from './support/announcements-fixture';
import { buildPortal, loginThroughPage, openPortalBrowser, PortalBrowser } from './support/browser';
import { decideAndPublishResult, fillBeijingDateTime, fillEvaluationRow, publishPublicity, saveEvaluation, startEvaluation, submitContract } from './support/staff-steps';
import { SealedBidder, submitSealedBids } from './support/sealed-bidders';
import { startTestApp, TestApp, TestUser } from './support/test-app';

const DEADLINE = '2026-12-28T09:30:00+08:00';

jest.setTimeout(180_000);

describe('web portal (Chromium): the staff opening and award consoles, a bidder objection', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  let browser: PortalBrowser;
  let page: Page;
  let notice: NoticeJson;
  let sectionId: string;
  let staff: TestUser;
  const bidders: SealedBidder[] = [];
  const check = (name: string) => browser.check(name);

  /** Logs in through the login page (a fresh session after the platform clock moved) and waits for the landing page. */
  const login = (user: TestUser, landing: RegExp) => loginThroughPage(page, t.url, user, landing);

  beforeAll(async () => {
    buildPortal();
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    await f.setClock('2026-12-01T10:00:00+08:00');
    staff = await t.user('staff');
    await t.user('supervisor', { name: '市住房和城乡建设局' }); // the department a complaint goes to
    ({ notice } = await f.publishedTender(await f.token(staff), {
      name: '沿江大道排水管网改造工程',
      title: '沿江大道排水管网改造工程施工招标公告',
      estimatedPrice: '3000000.00',
      bidSecurity: '20000.00',
      bidDeadline: DEADLINE,
    }));
    sectionId = notice.sections[0].id;
    // three bidders download the documents and submit sealed bids through the API (the browser sealing is tested in web-portal)
    bidders.push(
      ...(await submitSealedBids(t, f, notice, sectionId, [
        ['甲路桥建设有限公司', '2000000.00'],
        ['乙市政工程有限公司', '2100000.00'],
        ['丙水务建设有限公司', '1950000.00'],
      ])),
    );
    // a computer in New York (UTC−5): the publicity end, the contract and the report dates typed below still mean Beijing time
    browser = await openPortalBrowser('web-staff-award', { timezoneId: 'America/New_York' });
    page = browser.page;
  }, 480_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('R16: before 截止 the opening console counts down on the platform clock and shows nothing of the bids', async () => {
    await login(staff, /\/staff/);
    await page.getByRole('link', { name: '开标与定标' }).click();
    await page.getByRole('heading', { level: 1, name: '开标与定标' }).waitFor();
    await page.locator(`text=${notice.sections[0].code}`).waitFor();
    await check('staff-sections');

    await page.getByRole('link', { name: `开标控制台：${notice.sections[0].code}` }).click();
    await page.getByRole('heading', { name: '距投标截止' }).waitFor();
    // the platform clock was set to 2026-12-01 10:00 (and runs on): 26 days 23 hours and less than 30 minutes to go
    await expect(page.getByRole('timer').first().textContent()).resolves.toMatch(/^26 天 23 小时 [0-2]\d 分 \d\d 秒$/);
    const text = await page.locator('main').textContent();
    for (const b of bidders) expect(text).not.toContain(b.name);
    expect(text).not.toContain('2,000,000.00');
    await check('opening-before-deadline');
  });

  it('R18/R19: during the decryption window each bidder’s status shows without the content of a bid not decrypted; an objection is answered on the spot', async () => {
    await f.setClock('2026-12-28T09:30:10+08:00');
    const opening = t.app.get(BidOpeningService);
    await opening.openDue();
    const first = bidders[0];
    await json(await t.fetch(`/api/sections/${sectionId}/bids/mine/key`, { method: 'POST', token: await f.token(first.user), json: { key: first.keyHex } }), 200);
    await json(
      await t.fetch(`/api/sections/${sectionId}/opening/objections`, { method: 'POST', token: await f.token(bidders[1].user), json: { text: '开标时间比公告晚了一分钟，请说明。' } }),
      201,
    );

    await login(staff, /\/staff/);
    await page.goto(`${t.url}/staff/sections/${sectionId}/opening`);
    await page.getByRole('heading', { name: '解密中' }).waitFor();
    await page.getByRole('heading', { name: '各投标人解密状态' }).waitFor();
    const row = (name: string) => page.locator('tr', { hasText: name });
    await row(first.name).locator('text=已提交密钥，解密成功').waitFor();
    await row(first.name).locator('text=2,000,000.00 元').waitFor();
    for (const b of bidders.slice(1)) {
      await row(b.name).locator('text=待提交密钥').waitFor();
      await row(b.name).locator('text=未解密，内容不可见').waitFor();
      const shown = await row(b.name).textContent();
      expect(shown).not.toContain('元');
      expect(shown).not.toContain('经理');
    }
    await page.locator('text=已解密 1 家 · 待提交密钥 2 家 · 解密失败 0 家').waitFor();
    await expect(page.locator('text=/解密截止.*还剩/').count()).resolves.toBeGreaterThan(0);
    await check('opening-window');

    await page.getByLabel(`答复 ${bidders[1].name} 的异议`).fill('开标时间以平台时间为准，与公告一致，异议不成立。');
    await page.getByRole('button', { name: '当场答复' }).click();
    await page.locator('text=当场答复（').waitFor();
    await check('opening-objection-answered');

    for (const b of bidders.slice(1)) {
      await json(await t.fetch(`/api/sections/${sectionId}/bids/mine/key`, { method: 'POST', token: await f.token(b.user), json: { key: b.keyHex } }), 200);
    }
    await opening.closeEnded();
    await page.reload();
    await page.getByRole('heading', { name: '开标已结束' }).waitFor();
    await page.getByRole('heading', { name: '唱标' }).waitFor();
    await page.locator('text=/SHA-256: [0-9a-f]{64}/').first().waitFor();
    await page.locator('text=1,950,000.00 元').waitFor();
    await page.locator('text=壹佰玖拾伍万元整').waitFor();
    await check('opening-record');
  });

  it('R20: the evaluation refuses two candidates of the same rank beside the candidates, then records the ranked candidates', async () => {
    await startEvaluation(page);
    const [a, b, c] = bidders;
    for (const x of [a, c]) await fillEvaluationRow(page, x.name, { rank: '1', score: '90.00', reasons: '综合得分较高' });
    await fillEvaluationRow(page, b.name, { reasons: '综合得分低于中标候选人' });
    browser.expectStatus(/status of 422/);
    await page.getByRole('button', { name: '保存评标结果' }).click();
    await page.locator('fieldset .field-error', { hasText: '中标候选人须按 1、2、3 依次排序' }).waitFor();
    await check('evaluation-refused-R20');
    browser.expectStatus(null);

    await fillEvaluationRow(page, c.name, { rank: '1', score: '94.50' });
    await fillEvaluationRow(page, a.name, { rank: '2', score: '91.20' });
    await saveEvaluation(page, c.name);
    await page.locator('dd', { hasText: '评标报告.pdf' }).waitFor();
    await check('evaluation-recorded');
  });

  it('R22: a publicity shorter than 3 days is refused with its earliest end beside the field; then the publicity is published', async () => {
    // the date picker speaks Chinese whatever the browser's locale: 年 / 月 in its header, 确定, no 此刻 (it would be the
    // computer's clock in New York); the end the page proposes (Beijing time, in 4 days at 17:00) opens as it is, and a
    // day picked with the mouse keeps its 17:00
    const endField = page.getByLabel(/公示结束时间/);
    const [, y, m] = /^(\d{4})-(\d{2})-\d{2} 17:00$/.exec(await endField.inputValue()) ?? [];
    expect(y).toBeDefined();
    await endField.click();
    const picker = page.locator('.el-picker__popper').filter({ visible: true });
    await picker.getByRole('button', { name: '确定' }).waitFor();
    await expect(picker.locator('.el-date-picker__header').textContent()).resolves.toMatch(new RegExp(`${y}\\s*年\\s*${Number(m)}\\s*月`));
    expect(await picker.getByRole('button', { name: '此刻' }).count()).toBe(0);
    await page.locator('.el-picker__popper[class*="enter-active"]').waitFor({ state: 'detached' }); // its zoom-in done
    // the open calendar is a named dialog (Element Plus leaves it unnamed): axe passes with it open
    await page.getByRole('dialog', { name: '选择日期和时间（北京时间）' }).waitFor();
    await check('publicity-end-picker-open');
    await picker.locator('td.available', { hasText: /^\s*28\s*$/ }).click();
    await picker.getByRole('button', { name: '确定' }).click();
    await picker.first().waitFor({ state: 'detached' });
    await expect(endField.inputValue()).resolves.toBe(`${y}-${m}-28 17:00`);

    browser.expectStatus(/status of 422/);
    await fillBeijingDateTime(page, /公示结束时间/, '2026-12-29 17:00');
    await page.getByRole('button', { name: '发布中标候选人公示' }).click();
    const refusal = page.locator('.field:has(#pub-end) .field-error');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toMatch(/中标候选人公示期不得少于3日.*（可设为 2026-12-3\d \d\d:\d\d 或之后）/);
    await check('publicity-refused-R22');
    browser.expectStatus(null);

    await publishPublicity(page, '2027-01-04 17:00', /2026-12-28 \d\d:\d\d 至 2027-01-04 17:00/);
    await check('publicity-published');
  });

  it('a bidder raises an objection with an attachment from the publicity page; its complaint is refused while the objection awaits its answer (R33)', async () => {
    const objector = bidders[1];
    await login(objector.user, /\/bidder/);
    await page.goto(`${t.url}/publicity/${sectionId}`);
    await page.getByRole('heading', { name: /中标候选人公示（第 1 次）/ }).waitFor();
    await page.locator('text=1,950,000.00 元').waitFor();
    await check('award-publicity');
    await page.getByRole('link', { name: '提出异议' }).click();
    await page.waitForURL(/\/bidder\?raise=objection/);
    await page.getByRole('heading', { name: '提出异议或投诉' }).waitFor();
    await expect(page.getByLabel('标段', { exact: true }).inputValue()).resolves.toBe(sectionId);
    await expect(page.getByLabel('异议事项').inputValue()).resolves.toBe('evaluation_result');
    await page.getByLabel(/异议内容/).fill('第一中标候选人的项目经理在其他在建项目中任职，请核实。');
    await page.getByLabel('联系人', { exact: true }).fill('乙公司 陈');
    await page.getByLabel('联系电话', { exact: true }).fill('024-12345678');
    // two files chosen, the wrong one removed from the chooser's list before filing
    await page.getByLabel('证明材料（可多选）').setInputFiles([
      { name: '在建项目证明.pdf', mimeType: 'application/pdf', buffer: pdfBytes('在建项目证明') },
      { name: '无关文件.pdf', mimeType: 'application/pdf', buffer: pdfBytes('无关文件') },
    ]);
    const chosen = (name: string) => page.getByRole('list', { name: '已选择的文件' }).getByRole('listitem').filter({ hasText: name });
    await chosen('无关文件.pdf').waitFor();
    await check('bidder-objection-files');
    await chosen('无关文件.pdf').getByRole('button', { name: /移除\s*无关文件\.pdf/ }).click();
    await chosen('无关文件.pdf').waitFor({ state: 'detached' });
    await chosen('在建项目证明.pdf').waitFor();
    await page.getByRole('button', { name: '提交异议' }).click();
    await page.locator('text=/已提出异议 \\S+，答复期限/').waitFor();
    const caseRow = page.locator('#cases-h + div tr', { hasText: '异议' });
    await caseRow.locator('text=/剩 \\d+ 个工作日/').waitFor();
    await check('bidder-objection-raised');

    browser.expectStatus(/status of 422/);
    await page.getByRole('button', { name: '提出投诉' }).click();
    await page.getByLabel(/受理部门/).waitFor();
    const prior = page.getByLabel(/先前提出的异议/);
    await prior.selectOption({ index: 1 });
    await page.getByLabel(/投诉内容/).fill('招标人未答复异议。');
    await page.getByLabel('联系人', { exact: true }).fill('乙公司 陈');
    await page.getByLabel('联系电话', { exact: true }).fill('024-12345678');
    await page.getByRole('button', { name: '提交投诉' }).click();
    await page.locator('.field:has(#complaint-prior) .field-error', { hasText: /异议（质疑）尚在答复期内.*答复期限至 \d{4}-\d\d-\d\d \d\d:\d\d/ }).waitFor();
    await check('bidder-complaint-refused-R33');
    browser.expectStatus(null);
  });

  it('the case board shows the objection with its live remaining time', async () => {
    await page.goto(`${t.url}/cases`);
    await page.locator('h1').first().waitFor();
    await page.locator('tr', { hasText: notice.sections[0].code }).filter({ hasText: /剩 \d+ 个工作日/ }).first().waitFor();
    await check('case-board');
  });

  it('R22: the staff cannot decide before the publicity ends; answers the objection; decides, publishes the result, records the contract and the report', async () => {
    await login(staff, /\/staff/);
    await page.goto(`${t.url}/staff/sections/${sectionId}/award`);
    await page.getByRole('heading', { name: '公示期异议' }).waitFor();
    await page.locator('text=第一中标候选人的项目经理在其他在建项目中任职').waitFor();
    await page.locator('text=附件：在建项目证明.pdf').waitFor();
    await page.locator('text=已暂停').first().waitFor();

    browser.expectStatus(/status of 409|status of 422/);
    await page.getByRole('button', { name: '确定中标人' }).click();
    const refused = page.locator('section:has(#decision-h) .field-error');
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toMatch(/已暂停|公示期未结束/);
    await check('decision-refused');
    browser.expectStatus(null);

    await page.getByLabel('答复内容（送达异议人）').fill('经核实，该项目经理已于投标前办理变更，异议不成立。');
    await page.getByLabel('结果摘要（在办件状态中公开）').fill('异议不成立');
    await page.getByRole('button', { name: '答复异议' }).click();
    await page.locator('text=/异议 \\S+ 已答复。/').waitFor();
    await page.locator('text=答复：经核实').waitFor();

    // the publicity still runs: refused with its end date (R22)
    browser.expectStatus(/status of 422/);
    await page.getByRole('button', { name: '确定中标人' }).click();
    await page.locator('section:has(#decision-h) .field-error', { hasText: /公示期未结束.*公示期至 2027-01-04 17:00/ }).waitFor();
    await check('decision-refused-R22');
    browser.expectStatus(null);

    await f.setClock('2027-01-05T10:00:00+08:00');
    await login(staff, /\/staff/);
    await page.goto(`${t.url}/staff/sections/${sectionId}/award`);
    await decideAndPublishResult(page);
    await expect(page.locator('#result-h ~ ul li').count()).resolves.toBe(3);
    await page.locator('text=/应于 2027-02-0\\d \\d\\d:\\d\\d 前签订（R24/').waitFor();
    await check('result-published');

    // the dashboard: the contract (R24) and the report (R25) now come due, in one table with the other dates
    await page.goto(`${t.url}/staff`);
    await page.getByRole('heading', { name: '待办与期限' }).waitFor();
    const contractRow = page.locator('table.deadlines tbody tr', { hasText: '签订书面合同' });
    await contractRow.waitFor();
    await expect(contractRow.textContent()).resolves.toMatch(/R24.*沿江大道排水管网改造工程/);
    await expect(contractRow.locator('td').first().textContent()).resolves.toMatch(/^2027-02-0\d \d\d:\d\d/);
    await expect(contractRow.locator('td').nth(1).textContent()).resolves.toMatch(/\d+ 天/);
    await page.locator('table.deadlines tbody tr', { hasText: '向行政监督部门提交书面报告' }).waitFor();
    // nothing is overdue yet, and the award items come after each other by due time: the report (15 days) first
    expect(await page.locator('table.deadlines th', { hasText: '已超期事项' }).count()).toBe(0);
    expect(await page.locator('table.deadlines th', { hasText: '即将到期（由近及远）' }).count()).toBe(1);
    const items = await page.locator('table.deadlines tbody tr td:nth-child(3)').allTextContents();
    expect(items.findIndex((l) => l.includes('书面报告'))).toBeLessThan(items.findIndex((l) => l.includes('书面合同')));
    await check('dashboard-award-deadlines');
    await contractRow.getByRole('link', { name: /签订书面合同/ }).click();
    await page.waitForURL(new RegExp(`/staff/sections/${sectionId}/award$`));
    await page.getByRole('heading', { name: /合同与书面报告/ }).waitFor();

    // signed before the award notice was issued: refused beside the date
    browser.expectStatus(/status of 422/);
    await submitContract(page, { signedAt: '2027-01-05 09:00', amount: '1950000.00', capitals: '壹佰玖拾伍万元整' });
    await page.locator('.field:has(#contract-signed) .field-error', { hasText: '合同签订日期不能早于中标通知书发出' }).waitFor();
    browser.expectStatus(null);

    await f.setClock('2027-01-08T15:00:00+08:00');
    await login(staff, /\/staff/);
    await page.goto(`${t.url}/staff/sections/${sectionId}/award`);
    await submitContract(page, { signedAt: '2027-01-08 09:00', amount: '1950000.00' });
    await page.locator('text=合同已登记。').waitFor();
    await page.locator('text=/2027-01-08 09:00 签订，金额 1,950,000.00 元/').waitFor();
    await fillBeijingDateTime(page, '提交时间（北京时间）', '2027-01-08 10:00');
    await page.getByRole('button', { name: '登记书面报告' }).click();
    await page.locator('text=书面报告已登记。').waitFor();
    await page.locator('text=2027-01-08 10:00 已提交').waitFor();
    await check('contract-recorded');
  });

  it('the public award page shows the result, the case board the answered objection', async () => {
    await page.goto(`${t.url}/publicity/${sectionId}`);
    await page.getByRole('heading', { name: '中标结果公告' }).waitFor();
    await page.locator(`text=${bidders[2].name}`).first().waitFor();
    expect(await page.getByRole('link', { name: '提出异议' }).count()).toBe(0);
    await check('award-result');
    await page.goto(`${t.url}/cases`);
    await page.locator('tr', { hasText: notice.sections[0].code }).filter({ hasText: '已答复' }).first().waitFor();
    await check('case-board-answered');
  });

  it('the winner downloads its award notice from its workspace and verifies the PDF on the public page; a changed byte fails', async () => {
    await login(bidders[2].user, /\/bidder/);
    await page.getByRole('heading', { name: '中标通知书与结果通知书' }).waitFor();
    const pdf = await browser.download(() => page.getByRole('button', { name: '下载 PDF' }).first().click());
    expect(pdf.name).toMatch(/\.pdf$/);
    await page.getByRole('link', { name: '通知书验证' }).first().click();
    await page.getByRole('heading', { level: 1, name: '通知书验证' }).waitFor();
    await page.locator('#notice-file').setInputFiles(pdf.path);
    await page.getByRole('button', { name: '验证', exact: true }).click();
    await page.getByRole('heading', { name: '验证通过：文件由平台签发，内容未被改动' }).waitFor();
    await page.locator('dd', { hasText: bidders[2].name }).waitFor();
    await page.getByText(notice.sections[0].code, { exact: true }).waitFor();
    await check('notice-verified');

    const changed = readFileSync(pdf.path);
    changed[Math.floor(changed.length / 2)] ^= 0x01;
    await page.locator('#notice-file').setInputFiles({ name: '中标通知书.pdf', mimeType: 'application/pdf', buffer: changed });
    await page.getByRole('button', { name: '验证', exact: true }).click();
    await page.getByRole('heading', { name: '验证未通过' }).waitFor();
    await expect(page.locator('section[aria-labelledby="verify-result-h"]').textContent()).resolves.toMatch(/平台没有签发过这份文件|内容不一致/);
    await check('notice-verify-refused');
  });

  it('the award console reads well at 375 px', async () => {
    await login(staff, /\/staff/);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${t.url}/staff/sections/${sectionId}/award`);
    await page.getByRole('heading', { name: /合同与书面报告/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await check('award-console-375px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

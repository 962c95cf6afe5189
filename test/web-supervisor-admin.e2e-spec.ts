/**
 * The supervisor's and the administrator's consoles in a real browser (Chromium, headless): as the supervisor,
 * handle a complaint from the inbox (a refusal shown beside its field, then accept, order the suspension,
 * decide) and verify a project's audit chain on screen (intact, then broken on purpose); as the administrator,
 * unlock an account locked by failed logins, load next year's holiday calendar (a wrong file refused item by
 * item first), edit a content page and read it on the public site, attach files to 文件下载 (an EXE named .pdf
 * refused beside the chooser, a removal confirmed) that a visitor downloads, replay a dead exchange record; a bidder
 * opening /supervisor and procurement staff opening /admin or /bidder get the plain refusal. Every page:
 * a screenshot in test-artifacts/web-supervisor-admin/, no serious or critical axe-core violation, no console error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { Page } from 'playwright-core';
import { bidLetterDocx, securityRefundXlsx } from '@app/platform';
import { AnnouncementsFixture, json, ProjectJson } from './support/announcements-fixture';
import { buildPortal, loginThroughPage, openPortalBrowser, PortalBrowser } from './support/browser';
import { startTestApp, TestApp, TestUser } from './support/test-app';

jest.setTimeout(180_000);

describe('web portal (Chromium): the supervisor and administrator consoles', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  let ds: DataSource;
  let browser: PortalBrowser;
  let page: Page;
  let project: ProjectJson;
  let caseNumber: string;
  let admin: TestUser;
  let supervisor: TestUser;
  let staff: TestUser;
  let bidder: TestUser;
  let locked: TestUser;
  let deadId: string;
  const check = (name: string) => browser.check(name);

  beforeAll(async () => {
    buildPortal();
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    ds = t.app.get(DataSource);
    admin = await t.user('admin');
    supervisor = await t.user('supervisor', { name: '市住房和城乡建设局' });
    staff = await t.user('staff', { name: '市城市建设投资集团' });
    bidder = await t.user('bidder', { name: '甲建设集团有限公司' });
    locked = await t.user('bidder', { name: '乙路桥工程有限公司' });

    // the platform date is 2026-12-01: 2027 has no official holiday calendar yet
    await f.setClock('2026-12-01T10:00:00+08:00');
    const staffToken = await t.token(staff);
    const bidderToken = await t.token(bidder);
    const published = await f.publishedTender(staffToken, { name: '滨河路排水管网改造工程', procedureType: 'construction', bidDeadline: '2026-12-28T09:30:00+08:00' });
    project = published.project;
    expect((await f.download(bidderToken, published.notice)).status).toBe(200);
    const filed = await json<{ caseNumber: string }>(
      await t.fetch('/api/complaints', {
        method: 'POST',
        token: bidderToken,
        json: {
          sectionId: project.sections[0].id,
          subject: 'other',
          departmentOrgId: supervisor.organisationId,
          knownAt: '2026-11-30T09:00:00+08:00',
          content: '招标代理机构工作人员向部分潜在投标人透露已获取招标文件的单位名称。',
          contactName: '李四',
          contactPhone: '13900000002',
        },
      }),
      201,
    );
    caseNumber = filed.caseNumber;

    // an account locked the way any is: five failed logins
    for (let i = 0; i < 5; i++) await t.fetch('/api/auth/login', { method: 'POST', json: { username: locked.username, password: `wrong-${i}` } });
    // a record the provincial platform refused: the exchange's own tests dead-letter through a simulated
    // receiver; here one of the notice's records is marked dead as the relay marks it
    const [[row]] = (await ds.query(
      `UPDATE outbox SET status = 'dead', dead_reason = 'BAD_SIGNATURE', dead_at = now(), last_error = '422 签名验证失败', attempts = 1
        WHERE id = (SELECT min(id) FROM outbox WHERE tender_project_code = $1) RETURNING id`,
      [project.code],
    )) as [{ id: string }[], number];
    deadId = String(row.id);

    browser = await openPortalBrowser('web-supervisor-admin');
    page = browser.page;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const loginAs = (user: TestUser, landing: RegExp) => loginThroughPage(page, t.url, user, landing);

  it('the supervisor handles a complaint from the inbox: a refusal beside its field, accept, suspend, decide', async () => {
    await loginAs(supervisor, /\/supervisor$/);
    await page.getByRole('heading', { level: 1, name: '投诉处理' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: caseNumber });
    await row.getByText('待受理').waitFor();
    await row.getByText(/剩 \d+ 个工作日/).waitFor();
    await check('supervisor-inbox');

    await row.getByRole('link', { name: caseNumber }).click();
    await page.getByRole('heading', { level: 1, name: `投诉 ${caseNumber}` }).waitFor();
    await page.getByText('招标代理机构工作人员向部分潜在投标人透露已获取招标文件的单位名称。', { exact: true }).waitFor();
    // rejecting without reasons: refused, each field's message beside it
    browser.expectStatus(/status of 400/);
    await page.getByRole('button', { name: '不予受理' }).click();
    await page.locator('#reject-text-err').getByText('不能为空').waitFor();
    await page.locator('#reject-resultSummary-err').getByText('不能为空').waitFor();
    browser.expectStatus(null);
    browser.consoleErrors.length = 0;
    await check('supervisor-case-refusal');

    await page.getByLabel('受理意见').fill('材料齐全，予以受理');
    await page.getByRole('button', { name: '受理', exact: true }).click();
    await page.getByRole('status').getByText('已受理。').waitFor();
    await page.getByLabel('暂停理由').fill('核查期间暂停招标投标活动');
    await page.getByRole('button', { name: '责令暂停招标投标活动' }).click();
    await page.getByText('本案责令暂停').waitFor();
    await page.getByText(/标段暂停中/).waitFor();
    await check('supervisor-case-suspended');

    await page.getByLabel('处理决定（当事人可见）').fill('经调查，投诉事项属实，责令代理机构改正并予以警告。');
    await page.getByLabel('结果摘要（在办件状态中公开）').fill('投诉成立，责令改正');
    await page.getByRole('button', { name: '作出处理决定' }).click();
    await page.getByRole('status').getByText('已作出处理决定。').waitFor();
    await page.getByText('投诉成立，责令改正').first().waitFor();
    await page.getByText('标段正常进行').waitFor();
    expect(await page.getByRole('heading', { name: '办理', exact: true }).count()).toBe(0);
    await check('supervisor-case-decided');

    const seen = await json<{ status: string; holdsSuspension: boolean }>(
      await t.fetch(`/api/public/cases/${encodeURIComponent(caseNumber)}`),
      200,
    );
    expect(seen.status).toBe('decided');
  });

  it("the supervisor verifies a project's audit chain on screen, and sees where it breaks", async () => {
    await page.getByRole('link', { name: '审计日志' }).click();
    await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
    await page.getByText(/哈希链完整：已校验全部 \d+ 条记录/).waitFor();
    await page.getByRole('cell', { name: '发布公告' }).first().waitFor();
    await page.getByRole('cell', { name: '登记项目' }).waitFor();
    await check('supervisor-audit-verified');

    // an entry of this project changed behind the platform's back (the triggers that forbid it switched off)
    const [entry] = (await ds.query(`SELECT seq FROM audit_entry WHERE entity_type = 'tender_project' AND entity_id = $1 ORDER BY seq LIMIT 1`, [project.id])) as { seq: string }[];
    await ds.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change');
    await ds.query(`UPDATE audit_entry SET data = '{"name":"篡改"}' WHERE seq = $1`, [entry.seq]);
    await ds.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_change');
    await page.getByRole('button', { name: '重新校验' }).click();
    await page.getByText(`哈希链在第 ${entry.seq} 条记录处断开`).waitFor();
    await page.getByText('该条记录的内容与其哈希值不符').waitFor();
    await page.getByRole('row').filter({ hasText: '登记项目' }).getByText('不可信').waitFor();
    await check('supervisor-audit-broken');
  });

  it('the audit log shows the project chosen last, even when the answer for an earlier choice comes later', async () => {
    const second = (await f.publishedTender(await t.token(staff), { name: '青年大街路灯节能改造工程', procedureType: 'construction', bidDeadline: '2026-12-28T09:30:00+08:00' })).project;
    await page.goto(`${t.url}/supervisor/audit`);
    const chooser = page.getByLabel('招标项目');
    const table = page.getByTestId('audit-entries');
    await chooser.selectOption(second.id); // choosing loads: no button to press
    await page.locator(`[data-testid="audit-entries"][data-project="${second.id}"]`).waitFor();

    // the first project's load is held at its first request while the second is chosen again
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    await page.route(`**/api/projects/${project.id}/notices`, async (route) => {
      await held;
      await route.continue();
    });
    await chooser.selectOption(project.id);
    await page.getByText('正在加载…').waitFor();
    await chooser.selectOption(second.id);
    await page.locator(`[data-testid="audit-entries"][data-project="${second.id}"]`).waitFor();
    const staleDone = page.waitForResponse((r) => r.url().includes(`entityId=${project.id}`));
    release();
    await staleDone;
    await page.waitForLoadState('networkidle');
    await page.unroute(`**/api/projects/${project.id}/notices`);
    expect(await table.getAttribute('data-project')).toBe(second.id);
    expect(await table.locator('caption').textContent()).toContain('青年大街路灯节能改造工程');
    await expect(chooser.inputValue()).resolves.toBe(second.id);
    await check('supervisor-audit-second-project');
  });

  it('the administrator unlocks an account locked by failed logins', async () => {
    await loginAs(admin, /\/admin$/);
    await page.getByRole('heading', { level: 1, name: '账户与单位' }).waitFor();
    const lockedRow = page.locator('.locked li').filter({ hasText: locked.username });
    await lockedRow.waitFor();
    await check('admin-accounts');
    await lockedRow.getByRole('button', { name: `解锁 ${locked.username}` }).click();
    await page.getByRole('status').getByText(`已解锁账户 ${locked.username}。`).waitFor();
    await page.getByText('当前没有被锁定的账户。').waitFor();
    await check('admin-accounts-unlocked');
    expect((await t.fetch('/api/auth/login', { method: 'POST', json: { username: locked.username, password: locked.password } })).status).toBe(200);
  });

  it("the administrator loads next year's holiday calendar: a wrong file refused item by item, then the right one", async () => {
    await page.getByRole('link', { name: '节假日安排' }).click();
    await page.getByRole('heading', { level: 1, name: '节假日安排' }).waitFor();
    await page.getByRole('row', { name: /2027 年/ }).getByText('暂定（未导入）').waitFor();
    await page.getByRole('alert').filter({ hasText: '2027 年的国务院节假日安排尚未导入' }).waitFor();
    await check('admin-calendars');

    const calendar = {
      year: 2027,
      source: '国务院办公厅关于2027年部分节假日安排的通知',
      holidays: [
        { name: '元旦', from: '2027-01-01', to: '2027-01-03', days: 3 },
        { name: '春节', from: '2027-02-05', to: '2027-02-12', days: 8 },
      ],
      makeUpWorkdays: ['2027-02-10'],
    };
    await page.getByRole('textbox', { name: '年份' }).fill('2027');
    // the wrong file chosen through the file chooser: its name and size shown, its text read into the field
    await page.getByLabel('从 JSON 文件读取').setInputFiles({ name: '2027年节假日.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(calendar, null, 2)) });
    await page.locator('#cal-file-chosen').filter({ hasText: '2027年节假日.json' }).waitFor();
    browser.expectStatus(/status of 422/);
    // enabled once the file's text is in the field
    await page.getByRole('button', { name: '校验并导入' }).click();
    await page.getByText('节假日安排文件有误').waitFor();
    // every fault in Chinese: a Wednesday is no make-up working day, and it lies inside 春节
    const faults = page.locator('#cal-problems li');
    await faults.filter({ hasText: '第 1 个调休上班日 2027-02-10 是星期三，本来就是工作日：调休上班日须为星期六或星期日' }).waitFor();
    await faults.filter({ hasText: '第 1 个调休上班日 2027-02-10 在假期“春节”之内' }).waitFor();
    expect(await faults.count()).toBe(2);
    expect(await page.locator('#cal-problems').innerText()).not.toMatch(/Saturday|inside the holiday/);
    browser.expectStatus(null);
    browser.consoleErrors.length = 0;
    await check('admin-calendars-refused');

    await page.getByLabel('节假日安排（JSON）').fill(JSON.stringify({ ...calendar, makeUpWorkdays: ['2027-02-13'] }, null, 2));
    await page.getByRole('button', { name: '校验并导入' }).click();
    await page.getByRole('status').getByText('已导入 2027 年节假日安排：2 个假期，1 个调休上班日').waitFor();
    await page.getByRole('row', { name: /2027 年/ }).getByText('已导入官方安排').waitFor();
    await check('admin-calendars-loaded');
  });

  it('the administrator edits a content page and the public site shows it', async () => {
    await page.getByRole('link', { name: '网站栏目' }).click();
    await page.getByRole('heading', { level: 1, name: '网站栏目' }).waitFor();
    await page.getByRole('button', { name: '文件下载' }).click();
    // the page is loaded when its tab shows as the current one (the title and text are set in the same update)
    await page.getByRole('button', { name: '文件下载', pressed: true }).waitFor();
    await expect(page.getByLabel('标题').inputValue()).resolves.toBe('文件下载');
    // a script link is refused, its message beside the text
    await page.getByLabel('正文').fill('常用表格。\n\n## 恶意\n[点我](javascript:alert(1))');
    browser.expectStatus(/status of 422/);
    await page.getByRole('button', { name: '保存并发布' }).click();
    await page.locator('#content-body-err').getByText('链接只能指向本站路径').waitFor();
    browser.expectStatus(null);
    browser.consoleErrors.length = 0;
    await check('admin-content-refused');

    await page.getByLabel('标题').fill('文件下载（2027 年版）');
    await page.getByLabel('正文').fill('常用表格和工具，2027 年 1 月起适用。\n\n## 投标保证金缴纳说明\n- 银行转账\n- 电子保函\n\n## <b>不是标记</b>\n回执公钥见 [回执验证](/receipts/verify)。');
    await page.getByRole('button', { name: '保存并发布' }).click();
    await page.getByRole('status').getByText('已保存「文件下载（2027 年版）」').waitFor();
    await check('admin-content-saved');

    await page.goto(`${t.url}/info/downloads`);
    await page.getByRole('heading', { level: 1, name: '文件下载（2027 年版）' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: '电子保函' }).waitFor();
    // typed markup stays text
    await page.getByRole('heading', { level: 2, name: '<b>不是标记</b>' }).waitFor();
    expect(await page.locator('article b').count()).toBe(0);
    await page.getByRole('link', { name: '回执验证' }).first().waitFor();
    await check('public-content-edited');
  });

  it('the administrator attaches files to 文件下载, and a visitor sees them there and downloads one byte for byte', async () => {
    const docx = bidLetterDocx();
    const xlsx = securityRefundXlsx();
    await page.goto(`${t.url}/admin/content`);
    await page.getByRole('heading', { level: 1, name: '网站栏目' }).waitFor();
    await page.getByRole('button', { name: '文件下载（2027 年版）' }).click();
    await page.getByRole('button', { name: '文件下载（2027 年版）', pressed: true }).waitFor();
    await page.getByText('本页面还没有附件。').waitFor();
    const chooser = page.locator('#content-file');

    // a program named .pdf: refused by its content, the API's Chinese message beside the chooser
    const exe = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), Buffer.alloc(600, 0x90)]);
    await chooser.setInputFiles({ name: '投标文件制作工具.pdf', mimeType: 'application/pdf', buffer: exe });
    browser.expectStatus(/status of 415/);
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await page.locator('#content-file-err').getByText('文件类型不允许，仅接受：PDF、OFD、ZIP、DOC、DOCX、XLS、XLSX').waitFor();
    browser.expectStatus(null);
    browser.consoleErrors.length = 0;
    await check('admin-content-file-refused');

    for (const [name, buffer] of [['投标函格式.docx', docx], ['投标保证金退还申请表.xlsx', xlsx]] as const) {
      await chooser.setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
      await page.getByRole('button', { name: '上传', exact: true }).click();
      await page.getByRole('status').getByText(`已上传「${name}」`).waitFor();
    }
    expect(await page.locator('#content-file-err').count()).toBe(0);
    await page.getByRole('row').filter({ hasText: '投标函格式.docx' }).getByText('Word 文档（DOCX）').waitFor();
    await page.getByRole('row').filter({ hasText: '投标保证金退还申请表.xlsx' }).getByText('Excel 表格（XLSX）').waitFor();
    await check('admin-content-files');

    // a rename keeps the name agreeing with the content: another type's extension is refused beside the field
    await page.getByRole('button', { name: '重命名 投标函格式.docx' }).click();
    await page.getByLabel('新名称').fill('投标函.exe');
    browser.expectStatus(/status of 415/);
    await page.getByRole('button', { name: '保存名称' }).click();
    await page.getByRole('alert').getByText('文件扩展名与文件内容不符：名称为 .exe，内容为 DOCX（应为 .docx）').waitFor();
    browser.expectStatus(null);
    browser.consoleErrors.length = 0;
    await check('admin-content-file-rename-refused');
    // without an extension it takes the content's
    await page.getByLabel('新名称').fill('投标函格式（2027 年版）');
    await page.getByRole('button', { name: '保存名称' }).click();
    await page.getByRole('status').getByText('已将「投标函格式.docx」改名为「投标函格式（2027 年版）.docx」。').waitFor();
    await page.getByRole('button', { name: '下移 投标函格式（2027 年版）.docx' }).click();
    await page.getByRole('status').getByText('已将「投标函格式（2027 年版）.docx」移到第 2 位。').waitFor();
    expect(await page.locator('table.content-files tbody tr td:first-child').allTextContents()).toEqual(['投标保证金退还申请表.xlsx', '投标函格式（2027 年版）.docx']);

    // a removal asks first
    await page.getByRole('button', { name: '删除 投标保证金退还申请表.xlsx' }).click();
    await page.getByRole('group', { name: '确认删除 投标保证金退还申请表.xlsx' }).getByText('删除后公众将不能再下载，确定删除？').waitFor();
    await check('admin-content-file-confirm');
    await page.getByRole('button', { name: '确定删除 投标保证金退还申请表.xlsx' }).click();
    await page.getByRole('status').getByText('已删除「投标保证金退还申请表.xlsx」。').waitFor();
    expect(await page.getByRole('row').filter({ hasText: '投标保证金退还申请表.xlsx' }).count()).toBe(0);

    // a visitor (no session) on the public page
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(`${t.url}/info/downloads`);
    await page.getByRole('heading', { level: 1, name: '文件下载（2027 年版）' }).waitFor();
    await page.getByRole('heading', { level: 2, name: '附件下载' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: '投标函格式（2027 年版）.docx' });
    await row.getByText('Word 文档（DOCX）').waitFor();
    await row.getByText(`${(docx.length / 1024).toFixed(1)} KB`).waitFor();
    // Beijing time (the platform clock stands at 2026-12-01 10:00 +08:00; the browser's zone is London's)
    await row.getByText(/^2026-12-01 1[0-2]:\d{2}$/).waitFor();
    const digest = createHash('sha256').update(docx).digest('hex');
    await row.getByText(`${digest.slice(0, 12)}…`).click();
    await row.getByText(digest, { exact: true }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: '投标保证金退还申请表.xlsx' }).count()).toBe(0);
    await check('public-content-files');
    const saved = await browser.download(() => row.getByRole('link', { name: '下载 投标函格式（2027 年版）.docx' }).click());
    expect(saved.name).toBe('投标函格式（2027 年版）.docx');
    expect(readFileSync(saved.path).equals(docx)).toBe(true);

    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole('heading', { level: 2, name: '附件下载' }).waitFor();
    expect(await fitsTheScreen()).toEqual({ fits: true, wider: [] });
    await check('public-content-files-375px');
    await page.setViewportSize({ width: 1280, height: 900 });
    await loginAs(admin, /\/admin$/);
  });

  it('the administrator replays a dead exchange record', async () => {
    await page.goto(`${t.url}/admin/exchange`);
    await page.getByRole('heading', { level: 1, name: '数据交换' }).waitFor();
    const deadRow = page.getByRole('row').filter({ hasText: 'BAD_SIGNATURE' });
    await deadRow.waitFor();
    await page.getByText('最早未送达记录已等待').waitFor();
    await check('admin-exchange');
    await deadRow.getByRole('button', { name: /^重新推送 / }).click();
    await page.getByRole('status').getByText(/已重新推送 .+（序号 \d+），等待省平台接收。/).waitFor();
    await page.getByText('没有推送失败的记录。').waitFor();
    await check('admin-exchange-replayed');
    const [after] = (await ds.query(`SELECT status, replays FROM outbox WHERE id = $1`, [deadId])) as { status: string; replays: number }[];
    expect(after.status).not.toBe('dead');
    expect(after.replays).toBe(1);
  });

  it("refuses a bidder the supervisor's console and procurement staff the administrator's console and the bidder workspace", async () => {
    await loginAs(bidder, /\/bidder$/);
    await page.goto(`${t.url}/supervisor`);
    await page.getByRole('heading', { name: '无权访问此页面' }).waitFor();
    await page.getByText('此页面属于「监督工作台」，仅供行政监督部门使用。您当前以投标人身份登录（甲建设集团有限公司）。').waitFor();
    expect(await page.getByText(caseNumber).count()).toBe(0);
    await check('refused-bidder-supervisor');

    await loginAs(staff, /\/staff$/);
    await page.goto(`${t.url}/admin/calendars`);
    await page.getByText('此页面属于「系统管理」，仅供系统管理员使用。').waitFor();
    await check('refused-staff-admin');
    await page.goto(`${t.url}/bidder`);
    await page.getByText('此页面属于「投标人工作台」，仅供投标人使用。').waitFor();
    await page.getByRole('link', { name: '回到我的工作台' }).click();
    await page.waitForURL(/\/staff$/);
    await check('refused-staff-bidder');
  });

  /** The page needs no sideways scrolling; when it does, the elements that stick out are named. */
  async function fitsTheScreen(): Promise<{ fits: boolean; wider: string[] }> {
    return page.evaluate(() => {
      const fits = document.documentElement.scrollWidth <= window.innerWidth + 1;
      const wider = fits
        ? []
        : [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map((e) => `${e.tagName.toLowerCase()}.${String(e.className)}`)
            .slice(0, 8);
      return { fits, wider };
    });
  }

  it('reads at 375 px: the inbox and the audit log of the supervisor', async () => {
    await loginAs(supervisor, /\/supervisor$/);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole('heading', { level: 1, name: '投诉处理' }).waitFor();
    await page.getByText(/已办结（1 件）/).waitFor();
    expect(await fitsTheScreen()).toEqual({ fits: true, wider: [] });
    await check('supervisor-inbox-375px');
    await page.goto(`${t.url}/supervisor/audit`);
    await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
    await page.getByRole('cell', { name: '登记项目' }).waitFor();
    expect(await fitsTheScreen()).toEqual({ fits: true, wider: [] });
    await check('supervisor-audit-375px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

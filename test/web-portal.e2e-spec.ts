/**
 * The web portal in a real browser (Debian's Chromium, headless, driven by playwright-core), as a new user
 * would use it: find a notice by a Chinese keyword from the home page, register as a bidder, download the
 * tender documents, seal a 5 MiB file in the page and submit it, verify the receipt, withdraw and resubmit,
 * log in again when the session expired, hand over the key at the opening and read the sealed price in the
 * opening record. On every page: no console error, no serious or critical axe-core violation, and a
 * screenshot kept in test-artifacts/web-portal/.
 */
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { BidOpeningService } from '@app/bids';
import { withCheckCharacter } from '@app/identity';
import { AnnouncementsFixture, json, NoticeJson } from './support/announcements-fixture';
import { putSealedBid } from './support/bids-http';
import { sealedBid } from './support/bids-test-fixtures';
import { buildPortal, openPortalBrowser, PortalBrowser } from './support/browser';
import { startTestApp, TestApp, TestUser } from './support/test-app';

const DEADLINE = '2026-12-28T09:30:00+08:00';
const MiB = 1024 * 1024;

// Browser flows wait on the page (sealing 5 MiB in it included) while another test file runs beside them.
jest.setTimeout(180_000);

describe('web portal (Chromium): the public site and the bidder workspace', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  let browser: PortalBrowser;
  let page: Page;
  let notice: NoticeJson;
  let sectionId: string;
  const check = (name: string) => browser.check(name);
  const savedDownload = (action: () => Promise<unknown>) => browser.download(action);
  const bidder = { uscc: withCheckCharacter('91210100MA0W00001'), username: 'web-bidder', password: 'Web-Bidder-9a!' };

  beforeAll(async () => {
    // the portal as `npm run build` makes it, served by the api under test
    buildPortal();
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    await f.setClock('2026-12-01T10:00:00+08:00');
    const staff = await f.token(await t.user('staff'));
    ({ notice } = await f.publishedTender(staff, {
      name: '滨河路桥梁改造工程',
      title: '滨河路桥梁改造工程施工招标公告',
      content: '一、招标条件：滨河路桥梁改造工程已由市发展改革委批准建设，资金来源为财政资金。\n二、投标人资格要求：具备市政公用工程施工总承包二级及以上资质。',
      estimatedPrice: '12345678.90',
      bidSecurity: '20000.00',
      bidDeadline: DEADLINE,
    }));
    sectionId = notice.sections[0].id;
    // (the clock stays at 2026-12-01; the page reads it from /api/time)

    browser = await openPortalBrowser('web-portal');
    page = browser.page;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('is served by the api at /: every page from index.html, hashed assets cached long, the API and missing files not', async () => {
    const page = await t.fetch(`/notices/${notice.id}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const js = await t.fetch(asset);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await t.fetch('/assets/missing-0000.js')).status).toBe(404);
    expect((await t.fetch('/favicon.ico', { headers: { accept: '*/*' } })).status).toBe(404);
    const api = await t.fetch('/api/no-such-route', { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect((await t.fetch('/health/live')).status).toBe(200);
  });

  it('finds a notice by a Chinese keyword from the home page and reads it, with its attachments and their SHA-256', async () => {
    await page.goto(`${t.url}/`);
    await page.getByRole('heading', { name: '招标公告' }).waitFor();
    await expect(page.title()).resolves.toContain('首页');
    await page.locator(`text=${notice.title}`).first().waitFor();
    await check('home');

    await page.getByLabel('关键词').fill('桥梁');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForURL(/\/notices\?q=/);
    const hit = page.getByRole('link', { name: notice.title });
    await hit.waitFor();
    await check('notice-list');
    // an open filter list and the open date calendar are named after their fields (Element Plus draws them as an
    // unnamed tooltip and an unnamed dialog): axe passes with each open
    await page.locator('.el-form-item:has(#f-type) .el-select__wrapper').click();
    await page.locator('.f-type-popper[role="tooltip"][aria-label="公告类型列表"]').waitFor();
    await page.getByRole('option', { name: '招标公告' }).waitFor();
    await page.locator('.f-type-popper[class*="enter-active"]').waitFor({ state: 'detached' }); // its fade-in done, for the screenshot
    await check('notice-list-type-open');
    await page.keyboard.press('Escape');
    await page.locator('.f-type-popper[role="tooltip"]').waitFor({ state: 'hidden' });
    await page.getByLabel('发布日期范围').first().click();
    await page.locator('.f-dates-popper[role="dialog"][aria-label="发布日期日历"]').waitFor();
    await page.locator('.f-dates-popper[class*="enter-active"]').waitFor({ state: 'detached' });
    await check('notice-list-dates-open');
    await page.keyboard.press('Escape');
    await page.locator('.f-dates-popper[role="dialog"]').waitFor({ state: 'hidden' });

    await hit.click();
    await page.getByRole('heading', { level: 1, name: notice.title }).waitFor();
    await expect(page.title()).resolves.toContain(notice.title);
    const doc = notice.attachments.find((a) => a.kind === 'tender-document')!;
    await page.locator(`text=SHA-256: ${doc.sha256}`).waitFor();
    await page.locator('text=12,345,678.90 元').waitFor();
    await page.locator('text=壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整').waitFor();
    await page.locator('a[href="/api/public/notices/feed.atom"]').first().waitFor();
    await check('notice');
    // printed on A4: the navigation is left out
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.site-nav').isVisible()).toBe(false);
    await page.pdf({ path: join(browser.artifacts, 'notice-A4.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
  });

  it('opens every public page directly from its link, at phone width too', async () => {
    for (const [path, name] of [
      ['/info/guide', 'guide'],
      ['/info/contacts', 'contacts'],
      ['/receipts/verify', 'verify-receipt'],
      ['/statistics', 'statistics'],
      ['/coming/publicity', 'publicity-slot'],
      ['/cases', 'case-board'],
      ['/no-such-page', 'not-found'],
    ]) {
      await page.goto(`${t.url}${path}`);
      await page.locator('h1').first().waitFor();
      await check(name);
    }
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${t.url}/notices/${notice.id}`);
    await page.getByRole('heading', { level: 1, name: notice.title }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await check('notice-375px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('registers a bidder (统一社会信用代码 checked while typing) and lands in the workspace', async () => {
    await page.goto(`${t.url}/register`);
    await page.getByLabel('统一社会信用代码').fill(bidder.uscc.slice(0, 17) + (bidder.uscc[17] === '0' ? '1' : '0'));
    await page.locator('text=校验码不正确，请核对').waitFor();
    await page.getByLabel('统一社会信用代码').fill(bidder.uscc);
    await page.locator('text=代码格式和校验码正确').waitFor();
    await page.getByLabel('单位名称').fill('网页测试建设有限公司');
    await page.getByLabel('用户名').fill(bidder.username);
    await page.getByLabel('联系人姓名').fill('网页 专员');
    await page.getByLabel('密码', { exact: true }).fill(bidder.password);
    await page.getByLabel('确认密码').fill(bidder.password);
    await check('register');
    await page.getByRole('button', { name: '注册' }).click();
    await page.waitForURL(/\/bidder/);
    await page.getByRole('heading', { name: '投标人工作台' }).waitFor();
    await check('workspace');
  });

  it('shows the API refusal in Chinese next to the field that caused it', async () => {
    browser.expectStatus(/status of 409/);
    await page.goto(`${t.url}/register`);
    await page.getByLabel('统一社会信用代码').fill(bidder.uscc);
    await page.getByLabel('单位名称').fill('另一家建设有限公司');
    await page.getByLabel('用户名').fill('web-bidder-2');
    await page.getByLabel('联系人姓名').fill('另一 专员');
    await page.getByLabel('密码', { exact: true }).fill(bidder.password);
    await page.getByLabel('确认密码').fill(bidder.password);
    await page.getByRole('button', { name: '注册' }).click();
    await page.locator('.el-form-item:has(#reg-uscc) .el-form-item__error', { hasText: '该统一社会信用代码已登记' }).waitFor();
    await check('register-refused');
    browser.expectStatus(null);
  });

  it('downloads the tender documents, seals a 5 MiB file in the page, submits it and verifies the receipt', async () => {
    await page.goto(`${t.url}/notices/${notice.id}`);
    await page.getByRole('link', { name: '投标', exact: true }).click();
    await page.waitForURL(new RegExp(`/bidder/sections/${sectionId}`));
    await page.locator('text=距截止还有').waitFor();

    const doc = notice.attachments.find((a) => a.kind === 'tender-document')!;
    const downloaded = await savedDownload(() => page.getByRole('button', { name: `下载 ${doc.name}` }).click());
    expect(downloaded.name).toBe(doc.name);
    await page.locator('text=已下载，SHA-256 与公告一致').waitFor();

    await sealAndSubmit('1234567.89', '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分');
    await page.locator('text=递交成功').waitFor();
    await check('bid-submitted');
    await page.getByRole('button', { name: '验证签名' }).first().click();
    await page.locator('text=签名有效').waitFor();
  });

  let keyFile = '';

  /** Fills the sealing form with a fresh 5 MiB file and key, keeps the key file, and submits. */
  async function sealAndSubmit(price: string, capitals: string): Promise<void> {
    const bytes = Buffer.alloc(5 * MiB);
    for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32BE(i, i);
    await page.locator('#bid-file').setInputFiles({ name: '投标文件.pdf', mimeType: 'application/pdf', buffer: bytes });
    await page.getByLabel('投标报价（元）').fill(price);
    await page.locator(`text=${capitals}`).waitFor();
    await page.getByRole('button', { name: /生成密钥/ }).click();
    const key = await savedDownload(() => page.getByRole('button', { name: '保存密钥文件' }).click());
    keyFile = key.text;
    expect(keyFile).toMatch(/BID-SEAL KEY/);
    await page.getByRole('button', { name: /^加密并(递交|替换)$/ }).click();
    await page.getByRole('heading', { name: '投标文件递交回执' }).first().waitFor({ timeout: 120_000 });
  }

  it('withdraws the bid before 截止 and submits again', async () => {
    await page.getByRole('button', { name: '撤回投标文件' }).click();
    await page.getByRole('button', { name: '确定撤回' }).click();
    await page.locator('text=尚未递交').or(page.locator('text=全部版本')).first().waitFor();
    await page.getByRole('heading', { name: '加密并递交投标文件', exact: false }).waitFor();
    await sealAndSubmit('1234500.00', '壹佰贰拾叁万肆仟伍佰元整');
    await page.locator('summary', { hasText: '全部版本' }).click();
    await page.getByRole('heading', { name: '撤回回执' }).waitFor();
    await check('bid-resubmitted');
    // at phone width nothing of the bid page reaches past the screen (the key confirmation's label wraps)
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole('heading', { name: '撤回回执' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await check('bid-375px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('asks to log in again when the session expired at the opening, comes back, hands over the key and reads the opening record', async () => {
    // two other bidders, so that the opening goes ahead (R17)
    const others: { user: TestUser; keyHex: string }[] = [];
    for (let i = 0; i < 2; i++) {
      const user = await t.user('bidder');
      const token = await t.token(user);
      expect((await f.download(token, notice)).status).toBe(200);
      const { container, keyHex } = await sealedBid(4096, { price: `${2000000 + i}.00`, durationDays: 300, items: [] });
      await json(await putSealedBid(t, token, sectionId, container), 201);
      others.push({ user, keyHex });
    }

    // past 截止 (the browser's tokens, issued on 12-01, have expired by then)
    await f.setClock('2026-12-28T09:30:10+08:00');
    const opening = t.app.get(BidOpeningService);
    await opening.openDue();

    browser.expectStatus(/status of 401/);
    await page.goto(`${t.url}/bidder/sections/${sectionId}?notice=${notice.id}`);
    await page.waitForURL(/\/login\?/);
    await page.locator('text=登录已过期').waitFor();
    browser.expectStatus(null);
    browser.consoleErrors.length = 0;
    await page.getByLabel('用户名').fill(bidder.username);
    await page.getByLabel('密码').fill(bidder.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(new RegExp(`/bidder/sections/${sectionId}`));

    await page.getByRole('heading', { name: '开标：提交解密密钥' }).waitFor();
    await page.locator('#key-file').setInputFiles({ name: 'bid.key', mimeType: 'text/plain', buffer: Buffer.from(keyFile) });
    await page.locator('text=密钥指纹与回执一致').waitFor();
    await check('opening-key');
    await page.getByRole('button', { name: '提交密钥并解密' }).click();
    await page.getByText('已解密。').waitFor();

    for (const other of others) {
      const token = await t.token(other.user);
      await json(await t.fetch(`/api/sections/${sectionId}/bids/mine/key`, { method: 'POST', token, json: { key: other.keyHex } }), 200);
    }
    await opening.closeEnded();

    await page.getByRole('link', { name: '查看开标记录' }).click();
    await page.getByRole('heading', { name: '开标记录' }).waitFor();
    await page.locator('text=1,234,500.00 元').waitFor();
    await page.locator('text=壹佰贰拾叁万肆仟伍佰元整').waitFor();
    await page.locator('text=网页测试建设有限公司').waitFor();
    await check('opening-record');
  });
});

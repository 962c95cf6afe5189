/**
 * The disclosure statistics page (/statistics) in Chromium: this year by default, the period changed in the date
 * picker, the figures in the tables equal to the events made through the API, the CSV downloaded, readable at
 * 375 px, and printed on A4 as the statistics section of an annual report (the PDF kept in
 * test-artifacts/web-statistics/). No console error, no serious or critical axe-core violation on any view.
 */
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { AnnouncementsFixture, json } from './support/announcements-fixture';
import { buildPortal, openPortalBrowser, PortalBrowser, reportRow } from './support/browser';
import { startTestApp, TestApp, TestUser } from './support/test-app';

jest.setTimeout(180_000);

describe('web portal (Chromium): the disclosure statistics page', () => {
  let t: TestApp;
  let browser: PortalBrowser;
  let page: Page;
  const check = (name: string) => browser.check(name);
  /** The cells of a table row, found by its caption and its row heading. */
  const row = (caption: string, heading: string) => reportRow(page, caption, heading);

  beforeAll(async () => {
    buildPortal();
    t = await startTestApp();
    const f = new AnnouncementsFixture<TestUser>(t);
    const staff = await t.user('staff');
    const bidder = await t.user('bidder');
    // one tender notice in November and one in December, the December one downloaded twice; one objection answered
    await f.setClock('2026-11-20T10:00:00+08:00');
    await f.publishedTender(await f.token(staff), { name: '十一月统计项目', bidDeadline: '2026-12-15T09:30:00+08:00', documentsUntil: '2026-11-30T17:00:00+08:00' });
    await f.setClock('2026-12-01T10:00:00+08:00');
    const { project, notice } = await f.publishedTender(await f.token(staff), { name: '十二月统计项目', bidDeadline: '2026-12-28T09:30:00+08:00' });
    for (let i = 0; i < 2; i++) expect((await f.download(await f.token(bidder), notice)).status).toBe(200);
    const filed = await json<{ id: string }>(
      await t.fetch('/api/objections', {
        method: 'POST',
        token: await f.token(bidder),
        json: { sectionId: project.sections[0].id, subject: 'tender_documents', content: '资格条件过高。', contactName: '张三', contactPhone: '13800000001' },
      }),
      201,
    );
    await f.setClock('2026-12-02T10:00:00+08:00');
    await json(await t.fetch(`/api/objections/${filed.id}/answer`, { method: 'POST', token: await f.token(staff), json: { text: '符合规定。', resultSummary: '异议不成立' } }), 200);
    browser = await openPortalBrowser('web-statistics');
    page = browser.page;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows this year so far by default, as charts and as tables with the same figures', async () => {
    await page.goto(`${t.url}/statistics`);
    await page.getByText('统计期间：2026年1月1日至2026年12月2日（北京时间）').waitFor();
    expect(await row('表1', '2026年11月')).toEqual(['1', '0', '0', '0', '0', '0', '1']);
    expect(await row('表1', '2026年12月')).toEqual(['1', '0', '0', '0', '0', '0', '1']);
    expect(await row('表1', '合计')).toEqual(['2', '0', '0', '0', '0', '0', '2']);
    expect(await row('表2', '2026年12月')).toEqual(['2', '0', '0', '0', '0']);
    expect(await row('表3', '异议（质疑）')).toEqual(['1', '1', '1', '0', '100.00%', '100.00%', '1.00']);
    expect(await row('表3', '投诉')).toEqual(['0', '0', '0', '0', '—', '—', '—']);
    // the charts are drawn (SVG), each with a text alternative pointing at its table
    await page.locator('[role="img"][aria-label^="各类公告按月发布数量"] svg').waitFor();
    await page.locator('[role="img"][aria-label*="招标文件下载次数"] svg').waitFor();
    await check('statistics-this-year');
  });

  it('takes another period from the date picker, and downloads it as CSV for Excel', async () => {
    await page.getByPlaceholder('开始日期').fill('2026-11-01');
    await page.getByPlaceholder('结束日期').fill('2026-11-30');
    await page.getByPlaceholder('结束日期').press('Enter');
    await page.getByText('统计期间：2026年11月1日至2026年11月30日（北京时间）').waitFor();
    expect(await row('表1', '合计')).toEqual(['1', '0', '0', '0', '0', '0', '1']);
    expect(await row('表2', '合计')).toEqual(['0', '0', '0', '0', '0']);
    expect(await row('表3', '异议（质疑）')).toEqual(['0', '0', '0', '0', '—', '—', '—']);
    await check('statistics-november');

    const saved = await browser.download(() => page.getByRole('link', { name: '下载 CSV' }).click());
    expect(saved.name).toBe('交易信息公开统计_2026-11-01至2026-11-30.csv');
    expect(saved.text.charCodeAt(0)).toBe(0xfeff);
    const lines = saved.text.slice(1).split('\r\n');
    expect(lines[0]).toBe('统计项目,2026年11月,合计');
    expect(lines).toContain('发布公告：招标公告（篇）,1,1');
    expect(lines).toContain('招标文件下载（次）,0,0');
  });

  it('says what is wrong with a period before asking for it: more than five years', async () => {
    await page.getByPlaceholder('开始日期').fill('2020-01-01');
    // the calendar that typing opens is a named dialog (Element Plus leaves it unnamed), open or fading out
    await page.getByRole('dialog', { name: '统计期间日历' }).waitFor();
    await page.getByPlaceholder('结束日期').fill('2026-11-30');
    await page.getByPlaceholder('结束日期').press('Enter');
    await page.getByRole('alert').filter({ hasText: '统计期间不得超过 5 年' }).waitFor();
    // the figures shown are still those of the last valid period
    await page.getByText('统计期间：2026年11月1日至2026年11月30日（北京时间）').waitFor();
    await check('statistics-refused');
    await page.getByRole('button', { name: '今年' }).click();
    await page.getByText('统计期间：2026年1月1日至2026年12月2日（北京时间）').waitFor();
  });

  it('reads at phone width and prints on A4 as the statistics section of an annual report', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByText('统计期间：2026年1月1日至2026年12月2日（北京时间）').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await check('statistics-375px');
    await page.screenshot({ path: join(browser.artifacts, 'statistics-375px-top.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.site-nav').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    expect(await page.locator('.chart').first().isVisible()).toBe(false);
    expect(await page.getByText('交易信息公开统计', { exact: true }).isVisible()).toBe(true);
    for (const heading of ['一、公告发布情况', '二、招标文件下载、投标和开标情况', '三、异议、投诉办理情况']) {
      expect(await page.getByRole('heading', { level: 2, name: heading }).isVisible()).toBe(true);
    }
    await page.pdf({ path: join(browser.artifacts, 'statistics-A4.pdf'), format: 'A4', printBackground: false });
    await page.screenshot({ path: join(browser.artifacts, 'statistics-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });
});

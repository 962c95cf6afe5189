/**
 * The staff dashboard (待办与期限) in a real browser: the notice dates of a published tender (libs/announcements)
 * and the award time limits (libs/awards: a candidate publicity overdue, R21; a government result to announce,
 * R23) in one table by due time — the overdue item first, in its own group, in red with 已超期; each award item
 * links to its award console and none shows twice. Screenshots in test-artifacts/web-staff-dashboard/, axe-core,
 * no console error; the table reads at 375 px.
 */
import { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { atLocalTime, localDate } from '@app/core';
import { AnnouncementsFixture, json, pdfBytes } from './support/announcements-fixture';
import { createOpenedSection, OpenedSectionFixture } from './support/awards-fixture';
import { buildPortal, loginThroughPage, openPortalBrowser, PortalBrowser } from './support/browser';
import { startTestApp, TestApp, TestUser } from './support/test-app';

jest.setTimeout(180_000);

describe('web portal (Chromium): the staff dashboard merges the award deadlines with the notice dates', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  let browser: PortalBrowser;
  let page: Page;
  let staff: TestUser;
  let works: OpenedSectionFixture;
  let goods: OpenedSectionFixture;
  const check = (name: string) => browser.check(name);

  beforeAll(async () => {
    buildPortal();
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    const ds = t.app.get(DataSource);
    staff = await t.user('staff', { name: '沈阳市浑南区建设局' });
    const bidders: { organisationId: string; uscc: string; name: string; price: string }[] = [];
    for (const [i, name] of ['甲建设有限公司', '乙建设有限公司'].entries()) {
      const u = await t.user('bidder', { name });
      const [row] = await ds.query(`SELECT uscc FROM organisation WHERE id = $1`, [u.organisationId]);
      bidders.push({ organisationId: u.organisationId, uscc: row.uscc as string, name, price: ['2000000.00', '2100000.00'][i] });
    }
    await f.setClock('2026-11-02T10:00:00+08:00');
    const opened = (procedureType: 'construction' | 'government') =>
      createOpenedSection(ds, { tendererOrgId: staff.organisationId, procedureType, openedAt: atLocalTime(localDate('2026-11-02'), 9, 0), bidders });
    works = await opened('construction');
    goods = await opened('government');
    const token = await f.token(staff);
    for (const s of [works, goods]) {
      const up = await t.fetch(`/api/sections/${s.sectionId}/award-documents?name=${encodeURIComponent('评标报告.pdf')}`, {
        method: 'POST',
        token,
        headers: { 'content-type': 'application/pdf' },
        body: pdfBytes('评标报告') as unknown as BodyInit,
      });
      const { documentId } = await json<{ documentId: string }>(up, 201);
      await json(
        await t.fetch(`/api/sections/${s.sectionId}/evaluation`, {
          method: 'POST',
          token,
          json: {
            reportDocumentId: documentId,
            committee: ['张评委', '李评委', '王评委'],
            candidates: [{ bidId: s.bids[0].bidId, rank: 1, score: '92.00', reasons: '综合得分最高' }],
            unsuccessful: [{ bidId: s.bids[1].bidId, reason: '报价得分较低' }],
          },
        }),
        201,
      );
    }
    // the government winner decided on Thursday 11-05: the result is due by Monday 11-09 24:00 (R23)
    await f.setClock('2026-11-05T10:00:00+08:00');
    await json(await t.fetch(`/api/sections/${goods.sectionId}/award/decision`, { method: 'POST', token: await f.token(staff), json: { rank: 1 } }), 201);
    await f.publishedTender(await f.token(staff), { name: '浑南区体育公园工程', title: '浑南区体育公园工程施工招标公告', bidDeadline: '2026-12-28T09:30:00+08:00' });
    // Friday 11-06: the construction report of 11-02 should have been published by 11-05 24:00 (R21)
    await f.setClock('2026-11-06T10:00:00+08:00');
    browser = await openPortalBrowser('web-staff-dashboard');
    page = browser.page;
  }, 480_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the overdue publicity first in red, then the coming dates of both lists by due time, each once', async () => {
    await loginThroughPage(page, t.url, staff, /\/staff$/);
    await page.getByRole('heading', { name: '待办与期限' }).waitFor();

    const overdue = page.locator('table.deadlines tbody.deadlines__overdue');
    await overdue.locator('th', { hasText: '已超期事项（1）' }).waitFor();
    const late = overdue.locator('tr', { hasText: '发布中标候选人公示' });
    await expect(late.textContent()).resolves.toMatch(/2026-11-06 00:00.*已超期.*R21.*发布中标候选人公示/);
    const tag = late.locator('.tag--danger').first();
    await expect(tag.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe('rgb(180, 35, 24)');

    // the coming dates: the R23 result first (11-10 00:00), then the tender's dates
    const coming = page.locator('table.deadlines tbody:not(.deadlines__overdue) tr:has(td:nth-child(3))');
    const labels = await coming.locator('td:nth-child(3)').allTextContents();
    expect(labels[0]).toMatch(/^R23.*发布成交结果公告/);
    expect(labels.slice(1)).toContain('投标截止（开标）');
    expect(labels.slice(1).filter((l) => /^R\d/.test(l))).toEqual([]);
    const times = await coming.locator('td:first-child').allTextContents();
    expect(times).toEqual([...times].sort());
    // nothing twice: the overdue item is only in its group, the award items only once each
    expect(await page.locator('table.deadlines tr', { hasText: '发布中标候选人公示' }).count()).toBe(1);
    expect(await page.locator('table.deadlines tr', { hasText: '发布成交结果公告' }).count()).toBe(1);
    await check('dashboard');

    await late.getByRole('link', { name: '发布中标候选人公示（收到评标报告后 3 日内）' }).click();
    await page.waitForURL(new RegExp(`/staff/sections/${works.sectionId}/award$`));
    await page.getByRole('heading', { name: '评标与定标' }).first().waitFor();
  });

  it('reads at 375 px', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${t.url}/staff`);
    await page.locator('table.deadlines tbody.deadlines__overdue tr', { hasText: '已超期' }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await check('dashboard-375px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

import { ReadinessService } from '@app/core';
import { seedAnnouncementsDemo, seedAwardsDemo, seedBidsDemo } from '@app/platform';
import { AnnouncementsFixture, json, ProjectJson } from './support/announcements-fixture';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * The staff console's read-only API over HTTP: GET /api/rules/notice-checks gives, while a draft is typed, the
 * same figures and violations the publication refuses with (R5, R8, R9 broken on purpose one day or one fen
 * past the figure, then the real refusal compared), and GET /api/staff/deadlines lists the coming dates of the
 * caller's own organisation's sections only, nearest first, a page at a time. The platform clock stands at
 * Tuesday 1 December 2026, 10:00 in Shanghai unless a test moves it.
 */

interface Violation {
  rule: string | null;
  code: string;
  field: string;
  section: string | null;
  earliestAllowed: string | null;
  limit: string | null;
  message: { zh: string; en: string };
}
interface Checks {
  procedure: string;
  publishAt: string;
  earliestBidDeadline: { date: string; at: string; provisional: boolean } | null;
  earliestDocumentsUntil: { date: string } | null;
  earliestNoticePeriodEnd: { date: string } | null;
  bidSecurity: { limit: string; ok: boolean | null; of: string } | null;
  supplement: { daysLeft: number; latestWithoutNewDeadline: { date: string }; earliestNewBidDeadline: { date: string }; needsNewBidDeadline: boolean } | null;
  violations: Violation[];
}
interface Problem {
  code: string;
  rule?: string;
  earliestAllowed?: string;
  limit?: string;
  field?: string;
  violations?: Violation[];
  message: { zh: string; en: string };
}
interface DeadlinePage {
  items: { kind: string; label: string; at: string; sectionId: string; projectId: string; sectionStatus: string }[];
  nextCursor: string | null;
}

const START = '2026-12-01T10:00:00+08:00';

describe('staff console API: live notice checks and the deadlines dashboard', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  let staffUser: TestUser;
  let staff: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    staffUser = await t.user('staff');
  }, 60_000);
  afterAll(() => t?.close());
  beforeEach(async () => {
    await f.setClock(START);
    staff = await f.token(staffUser);
  });

  const checks = async (query: Record<string, string>, token = staff, status = 200) =>
    json<Checks>(await t.fetch(`/api/rules/notice-checks?${new URLSearchParams(query)}`, { token }), status);

  it('R5 shows the earliest 截止 counted from the platform time, and the violation the publication is then refused with', async () => {
    const fresh = await checks({ type: 'tender', procedure: 'construction' });
    expect(fresh.publishAt).toMatch(/^2026-12-01T10:00:\d\d\+08:00$/);
    expect(fresh.earliestBidDeadline).toMatchObject({ date: '2026-12-21', at: '2026-12-21T00:00:00+08:00', provisional: false });
    expect(fresh.earliestDocumentsUntil?.date).toBe('2026-12-07');
    expect(fresh.earliestNoticePeriodEnd).toBeNull();
    expect((await checks({ type: 'tender', procedure: 'government' })).earliestNoticePeriodEnd?.date).toBe('2026-12-08');

    // one day short, typed into the draft: the live check says so ...
    const project = await f.project(staff, { bidDeadline: '2026-12-20T09:30:00+08:00' });
    const section = project.sections[0];
    const live = await checks({ type: 'tender', sectionId: section.id, documentsUntil: '2026-12-10T17:00:00+08:00' });
    expect(live.violations.map((v) => [v.rule, v.code, v.field, v.section, v.earliestAllowed])).toEqual([
      ['R5', 'BID_DEADLINE_TOO_EARLY', 'bidDeadline', section.code, '2026-12-21T00:00:00+08:00'],
    ]);
    // ... and the publication is refused with exactly that
    const draft = await f.tenderDraft(staff, project);
    const refused = await json<Problem>(await f.publish(staff, draft.id), 422);
    expect(refused.violations).toEqual(live.violations);

    // at exactly 20 days nothing is left to refuse
    expect((await checks({ type: 'tender', sectionId: section.id, documentsUntil: '2026-12-10T17:00:00+08:00', bidDeadline: '2026-12-21T09:30:00+08:00' })).violations).toEqual([]);
  });

  it('R9 gives the 2% cap as the estimated price is typed; one fen above is the refusal of the registration', async () => {
    const capOnly = await checks({ type: 'tender', procedure: 'construction', estimatedPrice: '1234567.89' });
    expect(capOnly.bidSecurity).toMatchObject({ limit: '24691.35', ok: null, of: 'estimatedPrice' });
    expect(capOnly.violations).toEqual([]);
    expect((await checks({ type: 'tender', procedure: 'construction', estimatedPrice: '1234567.89', bidSecurity: '24691.35' })).bidSecurity?.ok).toBe(true);
    const over = await checks({ type: 'tender', procedure: 'government', estimatedPrice: '1234567.89', bidSecurity: '24691.36' });
    expect(over.bidSecurity).toMatchObject({ ok: false, of: 'budget' });
    expect(over.violations.map((v) => [v.rule, v.code, v.limit])).toEqual([['R9', 'BID_SECURITY_TOO_HIGH', '24691.35']]);

    const r = await t.fetch('/api/projects', {
      method: 'POST',
      token: staff,
      json: {
        name: '保证金超限项目',
        procedureType: 'government',
        regionCode: '210100',
        fundingSource: '财政资金',
        sections: [{ name: '一标段', estimatedPrice: '1234567.89', bidSecurity: '24691.36', bidDeadline: '2026-12-28T09:30:00+08:00' }],
      },
    });
    expect(await json<Problem>(r, 422)).toMatchObject({ code: 'BID_SECURITY_TOO_HIGH', rule: 'R9', limit: '24691.35' });
  });

  it('R8 counts the days left before a change forces a new 截止, and names the refusal once they are gone', async () => {
    const { project, notice } = await f.publishedTender(staff, { bidDeadline: '2026-12-28T09:30:00+08:00' });
    const section = project.sections[0];
    await f.setClock('2026-12-08T10:00:00+08:00');
    staff = await f.token(staffUser);
    const inTime = await checks({ type: 'supplement', sectionId: section.id, affectsBidPreparation: 'true' });
    expect(inTime.supplement).toMatchObject({ daysLeft: 5, latestWithoutNewDeadline: { date: '2026-12-13' }, needsNewBidDeadline: false });
    expect(inTime.violations).toEqual([]);

    // one day past the last day: the check and the publication agree
    await f.setClock('2026-12-14T10:00:00+08:00');
    staff = await f.token(staffUser);
    const late = await checks({ type: 'supplement', sectionId: section.id, affectsBidPreparation: 'true' });
    expect(late.supplement).toMatchObject({ daysLeft: -1, needsNewBidDeadline: true, earliestNewBidDeadline: { date: '2026-12-29' } });
    expect(late.violations.map((v) => [v.rule, v.code, v.field])).toEqual([['R8', 'CHANGE_NEEDS_NEW_BID_DEADLINE', 'newBidDeadline']]);
    const draft = await f.draft(staff, { projectId: project.id, type: 'supplement', relatedNoticeId: notice.id, changeKind: 'change', affectsBidPreparation: true, title: '变更公告', content: '变更技术参数' });
    const refused = await json<Problem>(await f.publish(staff, draft.id), 422);
    expect(refused.violations).toEqual(late.violations);

    // a new 截止 one day short is still refused; at the earliest day it passes
    const short = await checks({ type: 'supplement', sectionId: section.id, affectsBidPreparation: 'true', newBidDeadline: '2026-12-28T23:00:00+08:00' });
    expect(short.violations.map((v) => v.code)).toEqual(['NEW_BID_DEADLINE_TOO_EARLY']);
    expect((await checks({ type: 'supplement', sectionId: section.id, affectsBidPreparation: 'true', newBidDeadline: '2026-12-29T09:30:00+08:00' })).violations).toEqual([]);
  });

  it('R11 a consultation with its comment period ending at its publication is shown as refused', async () => {
    const v = await checks({ type: 'consultation', procedure: 'government', commentPeriodEnd: START });
    expect(v.violations.map((x) => [x.rule, x.code])).toEqual([['R11', 'COMMENT_PERIOD_INVALID']]);
  });

  it('refuses bad input with a stable code and a Chinese and English message, and another organisation\'s section', async () => {
    const noProcedure = await json<Problem>(await t.fetch('/api/rules/notice-checks?type=tender', { token: staff }), 422);
    expect(noProcedure.code).toBe('FIELD_REQUIRED');
    expect(noProcedure.message.zh).toMatch(/必须填写/);
    expect(noProcedure.message.en).toMatch(/required/);
    const badDate = await json<Problem>(await t.fetch('/api/rules/notice-checks?type=tender&procedure=construction&bidDeadline=2026-12-21', { token: staff }), 400);
    expect(badDate.code).toBe('VALIDATION_FAILED');
    const badMoney = await json<Problem>(await t.fetch('/api/rules/notice-checks?type=tender&procedure=construction&estimatedPrice=1e6', { token: staff }), 400);
    expect(badMoney.code).toBe('VALIDATION_FAILED');

    const project = await f.project(staff);
    const outsider = await f.token(await t.user('staff'));
    const foreign = await json<Problem>(await t.fetch(`/api/rules/notice-checks?type=tender&sectionId=${project.sections[0].id}`, { token: outsider }), 403);
    expect(foreign.code).toBe('NOT_PROJECT_STAFF');
    const bidder = await f.token(await t.user('bidder'));
    expect((await t.fetch('/api/rules/notice-checks?type=tender&procedure=construction', { token: bidder })).status).toBe(403);
  });

  it("lists the coming dates of the organisation's own sections nearest first, a page at a time, and nobody else's", async () => {
    const user = await t.user('staff');
    const mine = await f.token(user);
    const later = await f.publishedTender(mine, { name: '后截止项目', bidDeadline: '2026-12-30T09:30:00+08:00', documentsUntil: '2026-12-11T17:00:00+08:00' });
    const sooner = await f.publishedTender(mine, { name: '先截止项目', bidDeadline: '2026-12-22T09:30:00+08:00', documentsUntil: '2026-12-10T17:00:00+08:00' });
    const draftOnly: ProjectJson = await f.project(mine, { name: '未发布项目', bidDeadline: '2026-12-23T09:30:00+08:00' });
    const outsider = await f.token(await t.user('staff'));
    await f.publishedTender(outsider, { name: '别人的项目', bidDeadline: '2026-12-21T09:30:00+08:00' });

    const all = await json<DeadlinePage>(await t.fetch('/api/staff/deadlines', { token: mine }), 200);
    expect(all.items.map((d) => [d.kind, d.at, d.projectId])).toEqual([
      ['documentsUntil', '2026-12-10T17:00:00+08:00', sooner.project.id],
      ['documentsUntil', '2026-12-11T17:00:00+08:00', later.project.id],
      ['bidDeadline', '2026-12-22T09:30:00+08:00', sooner.project.id],
      ['bidDeadline', '2026-12-30T09:30:00+08:00', later.project.id],
    ]);
    expect(all.items.some((d) => d.projectId === draftOnly.id)).toBe(false);
    expect(all.items[2]).toMatchObject({ label: '投标截止（开标）', sectionStatus: 'published' });
    expect(all.nextCursor).toBeNull();

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: DeadlinePage = await json<DeadlinePage>(await t.fetch(`/api/staff/deadlines?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: mine }), 200);
      expect(page.items.length).toBe(1);
      pages.push(`${page.items[0].kind} ${page.items[0].at}`);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.items.map((d) => `${d.kind} ${d.at}`));

    // past the first documents' end, it is no longer coming
    await f.setClock('2026-12-10T18:00:00+08:00');
    const afterwards = await json<DeadlinePage>(await t.fetch('/api/staff/deadlines', { token: await f.token(user) }), 200);
    expect(afterwards.items.map((d) => d.at)).toEqual(['2026-12-11T17:00:00+08:00', '2026-12-22T09:30:00+08:00', '2026-12-30T09:30:00+08:00']);

    expect((await json<Problem>(await t.fetch('/api/staff/deadlines?cursor=nonsense', { token: await f.token(user) }), 400)).code).toBe('BAD_CURSOR');
    const supervisor = await f.token(await t.user('supervisor'));
    expect((await t.fetch('/api/staff/deadlines', { token: supervisor })).status).toBe(403);
  }, 120_000);

  it('the demo staff (the tenderer and its agency) see projects in every state, coming deadlines and an overdue report', async () => {
    const tendererUser = await t.user('staff', { kind: 'tenderer' });
    const agencyUser = await t.user('staff', { kind: 'agency' });
    const bidder = async () => (await t.user('bidder')).organisationId;
    const orgs = { tenderer: tendererUser.organisationId, agency: agencyUser.organisationId, bidderA: await bidder(), bidderB: await bidder(), bidderC: await bidder(), bidderD: await bidder() };
    // as at start-up: the seeds run with the clock where it really is, the periodic passes held
    t.app.get(ReadinessService).hold('demo data');
    await f.setClock(new Date().toISOString());
    await seedAnnouncementsDemo(t.app, t.config, orgs);
    await seedBidsDemo(t.app, t.config, orgs);
    await seedAwardsDemo(t.app, orgs);

    for (const [user, expected] of [
      [tendererUser, ['awarded', 'draft', 'opened', 'publicity', 'published', 'terminated']],
      [agencyUser, ['awarded', 'draft', 'opened', 'publicity', 'published']],
    ] as const) {
      const token = await t.token(user);
      const statuses = new Set<string>();
      let cursor: string | null = null;
      do {
        const page: { items: ProjectJson[]; nextCursor: string | null } = await json(await t.fetch(`/api/projects?limit=5${cursor ? `&cursor=${cursor}` : ''}`, { token }), 200);
        for (const p of page.items) for (const s of p.sections) statuses.add(s.status);
        cursor = page.nextCursor;
      } while (cursor);
      expect([...statuses].filter((s) => expected.includes(s as never)).sort()).toEqual([...expected]);
      const coming = await json<DeadlinePage>(await t.fetch('/api/staff/deadlines', { token }), 200);
      expect(coming.items.map((d) => d.kind)).toEqual(expect.arrayContaining(['bidDeadline', 'publicityEnd']));
      const times = coming.items.map((d) => new Date(d.at).getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    const overdue = await json<{ rule: string }[]>(await t.fetch('/api/awards/overdue', { token: await t.token(agencyUser) }), 200);
    expect(overdue.map((o) => o.rule)).toContain('R25');
  }, 240_000);
});

/**
 * GET /api/staff/award-deadlines over HTTP: the award time limits still open on the caller's organisation's
 * sections, due first — the candidate publicity to publish (R21), the government result to announce (R23), the
 * contract (R24) and the report to the supervising department (R25) — each flagged overdue once its time has
 * passed, gone once recorded; paged by cursor; the tenderer's and the agency's staff see it, another
 * organisation's staff nothing of it, a bidder and a supervisor are refused.
 */
import { DataSource } from 'typeorm';
import { atLocalTime, localDate } from '@app/core';
import { AnnouncementsFixture } from './support/announcements-fixture';
import { createOpenedSection, OpenedSectionFixture, uploadAwardDocument } from './support/awards-fixture';
import { startTestApp, TestApp, TestUser } from './support/test-app';

interface Item {
  item: string;
  rule: string;
  label: string;
  dueAt: string;
  overdue: boolean;
  sectionId: string;
  sectionCode: string;
  projectName: string;
  winnerName: string | null;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}

const at = (date: string, h = 10, m = 0) => atLocalTime(localDate(date), h, m);

describe('GET /api/staff/award-deadlines (R21, R23, R24, R25 on the staff dashboard)', () => {
  let t: TestApp;
  let ds: DataSource;
  let f: AnnouncementsFixture<TestUser>;
  let staff: TestUser;
  let agency: TestUser;
  let outsider: TestUser;
  let bidder: TestUser;
  let supervisor: TestUser;
  const orgs: { organisationId: string; uscc: string; name: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    f = new AnnouncementsFixture(t);
    staff = await t.user('staff', { name: '期限测试招标人' });
    agency = await t.user('staff', { kind: 'agency', name: '期限测试招标代理' });
    outsider = await t.user('staff', { name: '另一招标人' });
    supervisor = await t.user('supervisor');
    for (let i = 0; i < 3; i++) {
      const u = await t.user('bidder', { name: `期限投标单位${'甲乙丙'[i]}` });
      if (i === 0) bidder = u;
      const [row] = await ds.query(`SELECT uscc, name FROM organisation WHERE id = $1`, [u.organisationId]);
      orgs.push({ organisationId: u.organisationId, uscc: row.uscc, name: row.name });
    }
  }, 90_000);
  afterAll(() => t?.close());

  const PRICES = ['4315000.00', '4268800.50', '4399000.00'];
  const opened = (procedureType: 'construction' | 'government') =>
    createOpenedSection(ds, {
      tendererOrgId: staff.organisationId,
      agencyOrgId: agency.organisationId,
      procedureType,
      openedAt: at('2026-11-02', 9),
      bidders: orgs.map((o, i) => ({ ...o, price: PRICES[i] })),
    });
  // tokens are checked against the platform clock, which this test moves: one login per user and clock setting
  const tokens = new Map<TestUser, Promise<string>>();
  const as = (u: TestUser) => {
    if (!tokens.has(u)) tokens.set(u, t.token(u));
    return tokens.get(u)!;
  };
  const setClock = async (d: Date) => {
    tokens.clear();
    await f.setClock(d.toISOString()); // waits until the clock stands there (the shared offset is re-read every 2 s)
  };
  const call = async (u: TestUser, method: string, path: string, json?: unknown) => {
    const r = await t.fetch(path, { method, token: await as(u), json });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  const list = async (u: TestUser, query = ''): Promise<Page> => {
    const r = await call(u, 'GET', `/api/staff/award-deadlines${query}`);
    expect(r.status).toBe(200);
    return r.body as Page;
  };
  const of = (page: Page, ...sections: OpenedSectionFixture[]) =>
    page.items.filter((i) => sections.some((s) => s.sectionId === i.sectionId)).map((i) => [i.rule, i.dueAt, i.overdue]);
  const upload = async (s: OpenedSectionFixture) => uploadAwardDocument(t, await as(staff), s.sectionId);
  const evaluate = async (s: OpenedSectionFixture) => {
    const r = await call(staff, 'POST', `/api/sections/${s.sectionId}/evaluation`, {
      reportDocumentId: await upload(s),
      committee: ['张评委', '李评委', '王评委'],
      candidates: [
        { bidId: s.bids[1].bidId, rank: 1, score: '93.50', reasons: '综合得分最高' },
        { bidId: s.bids[0].bidId, rank: 2, score: '90.10', reasons: '综合得分第二' },
      ],
      unsuccessful: [{ bidId: s.bids[2].bidId, reason: '技术标得分低于候选人' }],
    });
    expect(r.status).toBe(201);
  };

  it('the OpenAPI document types the page', async () => {
    const doc = (await (await t.fetch('/api/docs/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
    expect(doc.paths['/api/staff/award-deadlines'].get.responses['200'].content!['application/json'].schema).toEqual({ $ref: '#/components/schemas/AwardDeadlinePageResponse' });
  });

  it('R21, R23, R24, R25: each open time limit due first, overdue once passed, gone once recorded; only for the section’s own staff', async () => {
    await setClock(at('2026-11-02', 10));
    const works = await opened('construction');
    const goods = await opened('government');
    await evaluate(works);
    await evaluate(goods);
    // R21: the report of Monday 11-02 is published by Thursday 11-05 24:00; the government evaluation has no publicity
    expect(of(await list(staff), works, goods)).toEqual([['R21', '2026-11-06T00:00:00+08:00', false]]);
    const r21 = (await list(agency)).items.find((i) => i.sectionId === works.sectionId)!;
    expect(r21).toMatchObject({ item: 'candidate_publicity', sectionCode: works.sectionCode, projectName: works.projectName, winnerName: null });
    expect(r21.label).toContain('中标候选人公示');

    // R23: the government decision of 11-02 is announced by 11-04 24:00 (2 working days)
    expect((await call(staff, 'POST', `/api/sections/${goods.sectionId}/award/decision`, { rank: 1 })).status).toBe(201);
    expect(of(await list(staff), works, goods)).toEqual([
      ['R23', '2026-11-05T00:00:00+08:00', false],
      ['R21', '2026-11-06T00:00:00+08:00', false],
    ]);
    // a page of one, then the next through the cursor; a forged cursor is refused
    const first = await list(staff, '?limit=1');
    expect(first.items.map((i) => i.rule)).toEqual(['R23']);
    const second = await list(staff, `?limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((i) => i.rule)).toEqual(['R21']);
    expect(second.nextCursor).toBeNull();
    expect((await call(staff, 'GET', '/api/staff/award-deadlines?cursor=nonsense')).body.code).toBe('BAD_CURSOR');

    // past 11-05 00:00 the R23 item is overdue, the R21 one not yet
    await setClock(at('2026-11-05', 0));
    expect(of(await list(staff), works, goods)).toEqual([
      ['R23', '2026-11-05T00:00:00+08:00', true],
      ['R21', '2026-11-06T00:00:00+08:00', false],
    ]);

    // the candidate publicity published: R21 is done (its end is GET /staff/deadlines's, not repeated here)
    await setClock(at('2026-11-03', 10));
    expect((await call(staff, 'POST', `/api/sections/${works.sectionId}/candidate-publicity`, { end: '2026-11-06T00:00:00+08:00', objectionMethod: '书面异议' })).status).toBe(201);
    expect((await call(staff, 'POST', `/api/sections/${goods.sectionId}/award/result`, {})).status).toBe(201);
    expect(of(await list(staff), works)).toEqual([]);

    // the result of 11-06: R25 due 11-23 (a Saturday moved to Monday) 24:00, R24 due 12-07 24:00
    await setClock(at('2026-11-06', 18));
    expect((await call(staff, 'POST', `/api/sections/${works.sectionId}/award/decision`, { rank: 1 })).status).toBe(201);
    expect((await call(staff, 'POST', `/api/sections/${works.sectionId}/award/result`, {})).status).toBe(201);
    const awarded = await list(staff);
    expect(of(awarded, works)).toEqual([
      ['R25', '2026-11-24T00:00:00+08:00', false],
      ['R24', '2026-12-08T00:00:00+08:00', false],
    ]);
    expect(awarded.items.find((i) => i.sectionId === works.sectionId && i.rule === 'R24')).toMatchObject({ item: 'contract', winnerName: orgs[1].name });
    expect(of(await list(agency), works)).toEqual(of(awarded, works));
    // the government contract (result 11-03 + 30 = 12-03, a Thursday) is listed with them, in due order
    expect(of(awarded, goods)).toEqual([['R24', '2026-12-04T00:00:00+08:00', false]]);
    expect(awarded.items.map((i) => i.dueAt)).toEqual([...awarded.items.map((i) => i.dueAt)].sort());

    // R25 passed, R24 not yet; the contract recorded: only the report is left
    await setClock(at('2026-11-24', 0));
    expect(of(await list(staff), works)).toEqual([
      ['R25', '2026-11-24T00:00:00+08:00', true],
      ['R24', '2026-12-08T00:00:00+08:00', false],
    ]);
    await setClock(at('2026-11-24', 10));
    const contract = await call(staff, 'POST', `/api/sections/${works.sectionId}/contract`, { signedAt: '2026-11-24T09:00:00+08:00', amount: '4268800.50', documentId: await upload(works) });
    expect(contract.status).toBe(201);
    expect(of(await list(staff), works)).toEqual([['R25', '2026-11-24T00:00:00+08:00', true]]);

    // another organisation's staff sees nothing of it; a bidder and a supervisor are refused
    expect(of(await list(outsider), works, goods)).toEqual([]);
    expect((await call(bidder, 'GET', '/api/staff/award-deadlines')).status).toBe(403);
    expect((await call(supervisor, 'GET', '/api/staff/award-deadlines')).status).toBe(403);
  }, 120_000);
});

import { BidOpeningService } from '@app/bids';
import { AnnouncementsFixture, json, NoticeJson, ProjectJson } from './support/announcements-fixture';
import { sealedBid } from './support/bids-test-fixtures';
import { fetchStatistics, figuresOf } from './support/statistics';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * The disclosure statistics over HTTP (issue 17 item 4): a known set of events made through the API at known
 * Beijing times — two tender notices either side of the November/December boundary (one at 00:00:30 on 1
 * December, still 30 November in UTC), downloads, bids and a replacement, an opening and a 流标 at 截止, two
 * objections answered, two complaints of which one rejected and one left open past its limit — and the figures
 * equal exactly those events; a period reversed or over five years is refused; the CSV for Excel.
 */

interface Problem {
  status: number;
  code: string;
  detail: string;
  title?: string;
  [k: string]: unknown;
}

const SECURITY = { 'x-bid-security-amount': '20000.00', 'x-bid-security-form': 'insurance' };

describe('disclosure statistics (issue 17): the figures of a period are exactly its events', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  let staff: TestUser;
  let supervisor: TestUser;
  const bidders: TestUser[] = [];
  let a: { project: ProjectJson; notice: NoticeJson };
  let b: { project: ProjectJson; notice: NoticeJson };

  const tok = (u: TestUser) => f.token(u);
  const post = async (u: TestUser, path: string, body: unknown) => t.fetch(path, { method: 'POST', token: await tok(u), json: body });
  const download = async (u: TestUser, n: NoticeJson) => expect((await f.download(await tok(u), n)).status).toBe(200);
  const bid = async (u: TestUser, sectionId: string) => {
    const r = await t.fetch(`/api/sections/${sectionId}/bids`, {
      method: 'PUT',
      token: await tok(u),
      headers: { 'content-type': 'application/octet-stream', ...SECURITY },
      body: (await sealedBid(2000)).container as unknown as BodyInit,
    });
    expect(r.status).toBe(201);
  };
  const objection = async (u: TestUser, sectionId: string) =>
    json<{ id: string }>(
      await post(u, '/api/objections', { sectionId, subject: 'tender_documents', content: '招标文件资格条件排斥潜在投标人。', contactName: '张三', contactPhone: '13800000001' }),
      201,
    );
  const complaint = async (u: TestUser, sectionId: string) =>
    json<{ id: string }>(
      await post(u, '/api/complaints', {
        sectionId,
        subject: 'other',
        knownAt: '2026-12-04T09:00:00+08:00',
        departmentOrgId: supervisor.organisationId,
        content: '请求调查代理机构收费问题。',
        contactName: '李四',
        contactPhone: '13900000002',
      }),
      201,
    );

  beforeAll(async () => {
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    staff = await t.user('staff');
    supervisor = await t.user('supervisor', { name: '市住房和城乡建设局' });
    for (let i = 0; i < 3; i++) bidders.push(await t.user('bidder', { name: `统计投标单位${'甲乙丙'[i]}` }));

    // November: tender notice A one minute before midnight, and one download of it
    await f.setClock('2026-11-30T23:59:00+08:00');
    a = await f.publishedTender(await tok(staff), { name: '统计测试项目甲', bidDeadline: '2026-12-22T09:30:00+08:00' });
    await download(bidders[0], a.notice);
    // a draft never published counts nowhere
    const draftProject = await f.project(await tok(staff), { name: '未发布项目' });
    await f.tenderDraft(await tok(staff), draftProject);

    // December, 30 s after midnight in Beijing (16:00:30 UTC on 30 November): tender notice B and its downloads
    await f.setClock('2026-12-01T00:00:30+08:00');
    b = await f.publishedTender(await tok(staff), { name: '统计测试项目乙', bidDeadline: '2026-12-22T09:30:00+08:00' });
    await download(bidders[0], b.notice);
    await download(bidders[1], b.notice);
    await f.setClock('2026-12-02T10:00:00+08:00');
    await download(bidders[1], a.notice);
    await download(bidders[2], a.notice);

    // two objections to the tender documents, answered the same day (A) and the next working day (B): R29 allows 3
    await f.setClock('2026-12-03T10:00:00+08:00');
    const oa = await objection(bidders[0], a.project.sections[0].id);
    const ob = await objection(bidders[1], b.project.sections[0].id);
    await f.setClock('2026-12-03T15:00:00+08:00');
    await json(await post(staff, `/api/objections/${oa.id}/answer`, { text: '资格条件符合规定。', resultSummary: '异议不成立' }), 200);
    await f.setClock('2026-12-04T09:00:00+08:00');
    await json(await post(staff, `/api/objections/${ob.id}/answer`, { text: '资格条件符合规定。', resultSummary: '异议不成立' }), 200);

    // bids: three on A (one replaced: four submissions, three standing), two on B
    await f.setClock('2026-12-07T10:00:00+08:00');
    for (const u of bidders) await bid(u, a.project.sections[0].id);
    await bid(bidders[0], a.project.sections[0].id);
    await bid(bidders[0], b.project.sections[0].id);
    await bid(bidders[1], b.project.sections[0].id);

    // two complaints (Monday 7 December): one rejected on Tuesday, one never handled (past R31: 3 working days in construction)
    const ca = await complaint(bidders[0], a.project.sections[0].id);
    await complaint(bidders[1], b.project.sections[0].id);
    await f.setClock('2026-12-08T10:00:00+08:00');
    await json(await post(supervisor, `/api/complaints/${ca.id}/reject`, { text: '不属于受理范围。', resultSummary: '不予受理' }), 200);

    // 截止: A opens with three bids, B fails with two (R17); what the deadline scheduler does, called once
    await f.setClock('2026-12-22T09:30:10+08:00');
    const opened = await t.app.get(BidOpeningService).openDue();
    expect(opened.sort()).toEqual([a.project.sections[0].id, b.project.sections[0].id].sort());
  }, 300_000);
  afterAll(() => t?.close());

  it('counts each event once, in its Beijing month: November and December', async () => {
    const report = await fetchStatistics(t, { from: '2026-11-01', to: '2026-12-31' });
    expect(report).toMatchObject({ from: '2026-11-01', to: '2026-12-31', timeZone: 'Asia/Shanghai' });
    expect(report.months).toEqual([
      { month: '2026-11', from: '2026-11-01', to: '2026-11-30' },
      { month: '2026-12', from: '2026-12-01', to: '2026-12-31' },
    ]);
    expect(figuresOf(report)).toEqual({
      months: ['2026-11', '2026-12'],
      notices: { tender: [1, 1] },
      downloads: [1, 4],
      bidsReceived: [0, 6],
      bidsStanding: [0, 5],
      sectionsOpened: [0, 1],
      sectionsFailed: [0, 1],
      objections: { received: 2, replied: 2, repliedWithinLimit: 2, openOverdue: 0, replyRate: '1.0000', averageWorkingDays: 0.5 },
      complaints: { received: 2, replied: 1, repliedWithinLimit: 1, openOverdue: 1, replyRate: '0.5000', averageWorkingDays: 1 },
      cases: { received: 4, replied: 3, repliedWithinLimit: 3, openOverdue: 1, replyRate: '0.7500', averageWorkingDays: 0.67 },
    });
    // every notice type is listed, with its Chinese name, even at zero
    expect(report.notices.byType.map((x) => [x.type, x.label, x.total])).toEqual([
      ['tender', '招标公告', 2],
      ['consultation', '征求意见公告', 0],
      ['supplement', '补充/变更公告', 0],
      ['termination', '终止公告', 0],
      ['candidate_publicity', '中标候选人公示', 0],
      ['result', '中标结果公告', 0],
    ]);
  });

  it('puts the month boundary at 00:00 Beijing time: 30 November alone, and December alone', async () => {
    const nov30 = figuresOf(await fetchStatistics(t, { from: '2026-11-30', to: '2026-11-30' }));
    expect(nov30).toMatchObject({ months: ['2026-11'], notices: { tender: [1] }, downloads: [1], bidsReceived: [0] });
    const dec = figuresOf(await fetchStatistics(t, { from: '2026-12-01', to: '2026-12-31' }));
    expect(dec).toMatchObject({ months: ['2026-12'], notices: { tender: [1] }, downloads: [4], bidsReceived: [6], sectionsOpened: [1], sectionsFailed: [1] });
    // a period before any event: every figure zero, the rates zero and no average
    const empty = figuresOf(await fetchStatistics(t, { from: '2026-10-01', to: '2026-11-29' }));
    expect(empty).toEqual({
      months: ['2026-10', '2026-11'],
      notices: {},
      downloads: [0, 0],
      bidsReceived: [0, 0],
      bidsStanding: [0, 0],
      sectionsOpened: [0, 0],
      sectionsFailed: [0, 0],
      objections: { received: 0, replied: 0, repliedWithinLimit: 0, openOverdue: 0, replyRate: '0.0000', averageWorkingDays: null },
      complaints: { received: 0, replied: 0, repliedWithinLimit: 0, openOverdue: 0, replyRate: '0.0000', averageWorkingDays: null },
      cases: { received: 0, replied: 0, repliedWithinLimit: 0, openOverdue: 0, replyRate: '0.0000', averageWorkingDays: null },
    });
  });

  it('defaults to this year so far on the platform clock, and needs no account', async () => {
    const report = await fetchStatistics(t);
    expect(report).toMatchObject({ from: '2026-01-01', to: '2026-12-22' });
    expect(report.months).toHaveLength(12);
    expect(figuresOf(report)).toMatchObject({ notices: { tender: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1] } });
  });

  it('refuses a period that ends before it starts, one longer than five years, and a date that does not exist', async () => {
    const refused = async (query: string) => {
      const r = await t.fetch(`/api/public/statistics?${query}`);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      return (await r.json()) as Problem;
    };
    const reversed = await refused('from=2026-12-31&to=2026-01-01');
    expect(reversed.code).toBe('STATISTICS_PERIOD_REVERSED');
    expect(JSON.stringify(reversed)).toContain('晚于结束日期');
    expect(JSON.stringify(reversed)).toContain('starts (2026-12-31) after it ends (2026-01-01)');
    const long = await refused('from=2022-01-01&to=2027-01-01');
    expect(long).toMatchObject({ code: 'STATISTICS_PERIOD_TOO_LONG', latestTo: '2026-12-31', maxYears: 5 });
    expect(JSON.stringify(long)).toContain('不得超过 5 年');
    expect((await refused('from=2026-02-30&to=2026-03-01')).code).toBe('BAD_DATE');
    // the CSV refuses the same way
    expect((await t.fetch('/api/public/statistics.csv?from=2022-01-01&to=2027-01-01')).status).toBe(400);
    // five years to the day are taken
    const five = await fetchStatistics(t, { from: '2022-01-01', to: '2026-12-31' });
    expect(five.months).toHaveLength(60);
    expect(figuresOf(five).downloads.reduce((x, y) => x + y, 0)).toBe(5);
  });

  it('downloads the same figures as CSV for Excel: UTF-8 with a BOM, Chinese headers, the file named in UTF-8', async () => {
    const r = await t.fetch('/api/public/statistics.csv?from=2026-11-01&to=2026-12-31');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = r.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[^"]+\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1])).toBe('交易信息公开统计_2026-11-01至2026-12-31.csv');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe('统计项目,2026年11月,2026年12月,合计');
    expect(lines).toEqual(
      expect.arrayContaining([
        '发布公告：招标公告（篇）,1,1,2',
        '发布公告：中标结果公告（篇）,0,0,0',
        '发布公告：合计（篇）,1,1,2',
        '招标文件下载（次）,1,4,5',
        '投标文件递交（次）,0,6,6',
        '有效投标文件（份）,0,5,5',
        '开标标段（个）,0,1,1',
        '流标标段（个）,0,1,1',
        '异议（质疑）：收到（件）,,,2',
        '异议（质疑）：答复率,,,100.00%',
        '投诉：逾期未答复（件）,,,1',
        '投诉：平均办理时间（工作日）,,,1.00',
        '异议与投诉合计：答复率,,,75.00%',
      ]),
    );
    // one row per notice type and per figure, every row as wide as the header
    expect(lines).toHaveLength(1 + 6 + 1 + 5 + 3 * 7);
    for (const line of lines) expect(line.split(',')).toHaveLength(4);
  });
});

describe('disclosure statistics: throttled per address like the public search', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_SEARCH: '2/60' } });
  });
  afterAll(() => t?.close());

  it('answers over the limit with 429 problem+json RATE_LIMITED and Retry-After, the JSON and the CSV each counted', async () => {
    for (const path of ['/api/public/statistics?from=2026-01-01&to=2026-12-31', '/api/public/statistics.csv?from=2026-01-01&to=2026-12-31']) {
      for (let i = 0; i < 2; i++) expect((await t.fetch(path)).status).toBe(200);
      const refused = await t.fetch(path);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as Problem).code).toBe('RATE_LIMITED');
    }
  });
});

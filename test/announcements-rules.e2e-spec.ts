import { DataSource } from 'typeorm';
import { AnnouncementsFixture, json, NoticeJson, pdfBytes, ProjectJson } from './support/announcements-fixture';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * The announcement rules of docs/rules.md (R5–R11) over HTTP, for both procedure types: each broken on purpose one
 * day short of its figure (refused with the rule's code and the earliest date that satisfies it) and met exactly
 * at the figure (published). The platform clock stands at Tuesday 1 December 2026, 10:00 in Shanghai unless a
 * test moves it.
 */

interface Problem {
  status: number;
  code: string;
  rule?: string;
  earliestAllowed?: string;
  earliestDate?: string;
  limit?: string;
  field?: string;
  message: { zh: string; en: string };
}

const START = '2026-12-01T10:00:00+08:00';

describe('announcement rules over HTTP', () => {
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
  beforeEach(() => moveClock(START));

  /** Moves the platform clock; tokens expire by it, so the staff logs in again. */
  async function moveClock(iso: string): Promise<void> {
    await f.setClock(iso);
    staff = await f.token(staffUser);
  }

  const patchNotice = (id: string, body: Record<string, unknown>) => t.fetch(`/api/notices/${id}`, { method: 'PATCH', token: staff, json: body });
  const patchSection = (id: string, body: Record<string, unknown>) => t.fetch(`/api/sections/${id}`, { method: 'PATCH', token: staff, json: body });
  const problem = (r: Response, status = 422) => json<Problem>(r, status);

  async function bidderWithDocuments(notice: NoticeJson): Promise<{ user: TestUser; token: string }> {
    const user = await t.user('bidder');
    const token = await f.token(user);
    expect((await f.download(token, notice)).status).toBe(200);
    return { user, token };
  }

  describe.each(['construction', 'government'] as const)('%s procedures', (procedureType) => {
    const noticePeriod = procedureType === 'government' ? { noticePeriodEnd: '2026-12-08T17:00:00+08:00' } : {};

    it(`R5 refuses 截止 one day short of 20 days after the documents are issued, and publishes at exactly 20 days (${procedureType})`, async () => {
      const project = await f.project(staff, { procedureType, bidDeadline: '2026-12-20T09:30:00+08:00' });
      const draft = await f.tenderDraft(staff, project, { documentsUntil: '2026-12-10T17:00:00+08:00', ...noticePeriod });
      const refused = await problem(await f.publish(staff, draft.id));
      expect(refused).toMatchObject({
        status: 422,
        code: 'BID_DEADLINE_TOO_EARLY',
        rule: 'R5',
        field: 'bidDeadline',
        earliestAllowed: '2026-12-21T00:00:00+08:00',
        earliestDate: '2026-12-21',
      });
      expect(refused.message.zh).toContain('2026-12-21');
      // nothing moved: the notice is still a draft, the section still draft, nothing upstream
      const still = await json<NoticeJson>(await t.fetch(`/api/notices/${draft.id}`, { token: staff }), 200);
      expect(still.status).toBe('draft');
      expect(still.sections[0].status).toBe('draft');
      expect(await outboxDatasets(project.code)).toEqual(['GCJS_TENDER_PROJECT']);

      await json(await patchSection(project.sections[0].id, { bidDeadline: '2026-12-21T09:30:00+08:00' }), 200);
      const published = await json<NoticeJson>(await f.publish(staff, draft.id), 200);
      expect(published.status).toBe('published');
      expect(published.sections[0]).toMatchObject({ status: 'published', bidDeadline: '2026-12-21T09:30:00+08:00' });
    });

    it(`R9 refuses a bid security one fen above 2% of the ${procedureType === 'government' ? 'budget' : 'estimated price'} and accepts exactly 2%`, async () => {
      const refused = await problem(await t.fetch('/api/projects', { method: 'POST', token: staff, json: projectBody(procedureType, '20000.01') }));
      expect(refused).toMatchObject({ code: 'BID_SECURITY_TOO_HIGH', rule: 'R9', field: 'bidSecurity', limit: '20000.00' });
      const created = await json<ProjectJson>(await t.fetch('/api/projects', { method: 'POST', token: staff, json: projectBody(procedureType, '20000') }), 201);
      expect(created.sections[0]).toMatchObject({ status: 'draft' });
      expect((created.sections[0] as unknown as { bidSecurity: string }).bidSecurity).toBe('20000.00');
      // the same rule guards a change of the draft section
      expect(await problem(await patchSection(created.sections[0].id, { bidSecurity: '20000.01' }))).toMatchObject({ rule: 'R9' });
    });

    it(`R8 a change affecting bid preparation one day short of 15 days before 截止 is refused without a new 截止, and needs a new 截止 at least 15 days later (${procedureType})`, async () => {
      const { project, notice } = await f.publishedTender(staff, { procedureType, bidDeadline: '2026-12-24T09:30:00+08:00', ...noticePeriod });
      await moveClock('2026-12-10T10:00:00+08:00');
      const draft = await f.draft(staff, {
        projectId: project.id,
        type: 'supplement',
        changeKind: 'change',
        relatedNoticeId: notice.id,
        title: '变更公告：技术参数调整',
        content: '第三章技术参数调整如下……',
        affectsBidPreparation: true,
      });
      const needsDeadline = await problem(await f.publish(staff, draft.id));
      expect(needsDeadline).toMatchObject({ code: 'CHANGE_NEEDS_NEW_BID_DEADLINE', rule: 'R8', earliestAllowed: '2026-12-25T00:00:00+08:00' });

      await json(await patchNotice(draft.id, { newBidDeadline: '2026-12-24T09:30:00+08:00' }), 200);
      expect(await problem(await f.publish(staff, draft.id))).toMatchObject({ code: 'NEW_BID_DEADLINE_TOO_EARLY', rule: 'R8', earliestDate: '2026-12-25' });

      await json(await patchNotice(draft.id, { newBidDeadline: '2026-12-25T09:30:00+08:00' }), 200);
      const published = await json<NoticeJson>(await f.publish(staff, draft.id), 200);
      expect(published.sections[0]).toMatchObject({ bidDeadline: '2026-12-25T09:30:00+08:00' });
      const section = await json<{ bidDeadline: string; openingTime: string }>(await t.fetch(`/api/sections/${project.sections[0].id}`, { token: staff }), 200);
      expect(section).toMatchObject({ bidDeadline: '2026-12-25T09:30:00+08:00', openingTime: '2026-12-25T09:30:00+08:00' });
    });

    it(`R8 a change affecting bid preparation exactly 15 days before 截止 needs no new 截止 (${procedureType})`, async () => {
      const { project, notice } = await f.publishedTender(staff, { procedureType, bidDeadline: '2026-12-25T09:30:00+08:00', ...noticePeriod });
      await moveClock('2026-12-10T10:00:00+08:00');
      const draft = await f.draft(staff, {
        projectId: project.id,
        type: 'supplement',
        relatedNoticeId: notice.id,
        title: '补充公告',
        content: '补充工程量清单。',
        affectsBidPreparation: true,
      });
      const published = await json<NoticeJson>(await f.publish(staff, draft.id), 200);
      expect(published.sections[0].bidDeadline).toBe('2026-12-25T09:30:00+08:00');
    });

    it(`R10 termination ends the section and notifies every holder of the tender documents (${procedureType})`, async () => {
      const { project, notice } = await f.publishedTender(staff, { procedureType, ...noticePeriod });
      const a = await bidderWithDocuments(notice);
      const b = await bidderWithDocuments(notice);
      const outsiderUser = await t.user('bidder');
      await moveClock('2026-12-10T10:00:00+08:00');
      const draft = await f.draft(staff, {
        projectId: project.id,
        type: 'termination',
        relatedNoticeId: notice.id,
        title: `${project.name}终止公告`,
        content: '因项目调整，本项目终止招标。',
      });
      const terminated = await json<NoticeJson>(await f.publish(staff, draft.id), 200);
      expect(terminated.sections[0].status).toBe('terminated');

      for (const holder of [a, b]) {
        const inbox = await json<{ items: { kind: string; title: string; body: string; noticeId: string }[] }>(
          await t.fetch('/api/inbox', { token: await f.token(holder.user) }),
          200,
        );
        expect(inbox.items).toEqual([expect.objectContaining({ kind: 'termination', noticeId: draft.id, title: `【终止】${project.name}终止公告` })]);
      }
      const outsider = await f.token(outsiderUser);
      expect((await json<{ items: unknown[] }>(await t.fetch('/api/inbox', { token: outsider }), 200)).items).toEqual([]);

      const detail = await json<{ sections: { status: string; refundDueAt: string | null }[] }>(await t.fetch(`/api/public/notices/${draft.id}`), 200);
      if (procedureType === 'government') {
        // refund within 5 working days of Thursday 10 December: Friday 11, Monday 14 … Thursday 17, until 24:00
        expect(detail.sections[0]).toEqual(expect.objectContaining({ status: 'terminated', refundDueAt: '2026-12-18T00:00:00+08:00' }));
        const inbox = await json<{ items: { body: string }[] }>(await t.fetch('/api/inbox', { token: await f.token(a.user) }), 200);
        expect(inbox.items[0].body).toContain('2026-12-17');
      } else {
        expect(detail.sections[0]).toEqual(expect.objectContaining({ status: 'terminated', refundDueAt: null }));
      }
      // nothing more can be downloaded from a terminated section
      expect((await problem(await f.download(outsider, notice), 409)).code).toBe('DOCUMENTS_NOT_AVAILABLE');
    });

    it(`R11 comments on a consultation are recorded until the comment period ends, and refused at its end (${procedureType})`, async () => {
      const project = await f.project(staff, { procedureType });
      const noEnd = await f.draft(staff, {
        projectId: project.id,
        type: 'consultation',
        title: '采购需求征求意见公告',
        content: '现就采购需求公开征求意见。',
        sectionIds: [project.sections[0].id],
      });
      expect(await problem(await f.publish(staff, noEnd.id))).toMatchObject({ code: 'COMMENT_PERIOD_INVALID', rule: 'R11' });
      await json(await patchNotice(noEnd.id, { commentPeriodEnd: '2026-12-08T17:00:00+08:00' }), 200);
      await json(await f.publish(staff, noEnd.id), 200);

      const commenterUser = await t.user('bidder', { name: '意见单位甲' });
      await moveClock('2026-12-07T17:00:00+08:00'); // one day before the end
      const early = await t.fetch(`/api/notices/${noEnd.id}/comments`, { method: 'POST', token: await f.token(commenterUser), json: { text: '建议放宽业绩要求。' } });
      await json(early, 201);
      await moveClock('2026-12-08T17:00:00+08:00'); // exactly at the end
      const commenter = await f.token(commenterUser);
      const late = await problem(await t.fetch(`/api/notices/${noEnd.id}/comments`, { method: 'POST', token: commenter, json: { text: '迟到的意见' } }));
      expect(late).toMatchObject({ code: 'COMMENT_PERIOD_ENDED', rule: 'R11' });

      const comments = await json<{ items: { text: string; organisation: { name: string } }[] }>(await t.fetch(`/api/notices/${noEnd.id}/comments`, { token: staff }), 200);
      expect(comments.items.map((c) => [c.text, c.organisation.name])).toEqual([['建议放宽业绩要求。', '意见单位甲']]);
      // shown to staff, not to bidders
      expect((await t.fetch(`/api/notices/${noEnd.id}/comments`, { token: commenter })).status).toBe(403);
    });
  });

  it('R6 construction: documents available one day short of 5 days are refused; exactly 5 days (moved from Sunday to Monday, R2) publishes', async () => {
    const project = await f.project(staff, { procedureType: 'construction' });
    const draft = await f.tenderDraft(staff, project, { documentsUntil: '2026-12-06T17:00:00+08:00' });
    expect(await problem(await f.publish(staff, draft.id))).toMatchObject({
      code: 'DOCUMENTS_PERIOD_TOO_SHORT',
      rule: 'R6',
      field: 'documentsUntil',
      earliestAllowed: '2026-12-07T00:00:00+08:00',
    });
    await json(await patchNotice(draft.id, { documentsUntil: '2026-12-07T17:00:00+08:00' }), 200);
    expect((await json<NoticeJson>(await f.publish(staff, draft.id), 200)).status).toBe('published');
  });

  it('R6 government: documents available one day short of 5 working days are refused; exactly 5 working days publishes', async () => {
    const project = await f.project(staff, { procedureType: 'government' });
    const draft = await f.tenderDraft(staff, project, { documentsUntil: '2026-12-07T17:00:00+08:00', noticePeriodEnd: '2026-12-08T17:00:00+08:00' });
    expect(await problem(await f.publish(staff, draft.id))).toMatchObject({ code: 'DOCUMENTS_PERIOD_TOO_SHORT', rule: 'R6', earliestDate: '2026-12-08' });
    await json(await patchNotice(draft.id, { documentsUntil: '2026-12-08T17:00:00+08:00' }), 200);
    expect((await json<NoticeJson>(await f.publish(staff, draft.id), 200)).status).toBe('published');
  });

  it('R7 government: a notice period one working day short of 5 is refused; exactly 5 working days publishes', async () => {
    const project = await f.project(staff, { procedureType: 'government' });
    const draft = await f.tenderDraft(staff, project, { noticePeriodEnd: '2026-12-07T17:00:00+08:00' });
    expect(await problem(await f.publish(staff, draft.id))).toMatchObject({ code: 'NOTICE_PERIOD_TOO_SHORT', rule: 'R7', earliestDate: '2026-12-08' });
    await json(await patchNotice(draft.id, { noticePeriodEnd: '2026-12-08T17:00:00+08:00' }), 200);
    const published = await json<{ noticePeriodEnd: string }>(await f.publish(staff, draft.id), 200);
    expect(published.noticePeriodEnd).toBe('2026-12-08T17:00:00+08:00');
  });

  it('R7 does not apply to construction: a 1-day notice period publishes', async () => {
    const project = await f.project(staff, { procedureType: 'construction' });
    const draft = await f.tenderDraft(staff, project, { noticePeriodEnd: '2026-12-02T17:00:00+08:00' });
    await json(await f.publish(staff, draft.id), 200);
  });

  it('R7 government: without a notice period end, the end of 5 working days is recorded', async () => {
    const project = await f.project(staff, { procedureType: 'government' });
    const draft = await f.tenderDraft(staff, project);
    const published = await json<{ noticePeriodEnd: string }>(await f.publish(staff, draft.id), 200);
    expect(published.noticePeriodEnd).toBe('2026-12-09T00:00:00+08:00');
  });

  it('R17 the opening time must equal 截止', async () => {
    const body = projectBody('construction', '100.00');
    (body.sections[0] as Record<string, string>).openingTime = '2026-12-22T10:00:00+08:00';
    expect(await problem(await t.fetch('/api/projects', { method: 'POST', token: staff, json: body }))).toMatchObject({
      code: 'OPENING_TIME_NOT_AT_DEADLINE',
      rule: 'R17',
    });
  });

  it('R5 refuses every broken figure at once and lists them', async () => {
    const project = await f.project(staff, { procedureType: 'government', bidDeadline: '2026-12-15T09:30:00+08:00' });
    const draft = await f.tenderDraft(staff, project, { documentsUntil: '2026-12-03T17:00:00+08:00', noticePeriodEnd: '2026-12-03T17:00:00+08:00' });
    const refused = await json<{ violations: { rule: string }[] }>(await f.publish(staff, draft.id), 422);
    expect(refused.violations.map((v) => v.rule)).toEqual(['R5', 'R6', 'R7']);
  });

  it('R5 the first refusal lists every problem, rules first, each date-dependent one with the date that would pass', async () => {
    // 截止 12 days after the documents (R5 needs 20), documents available after 截止, and no tender documents
    const project = await f.project(staff, { bidDeadline: '2026-12-13T09:30:00+08:00' });
    const draft = await f.draft(staff, {
      projectId: project.id,
      type: 'tender',
      title: '招标公告',
      content: '正文',
      sectionIds: [project.sections[0].id],
      documentsUntil: '2026-12-14T17:00:00+08:00',
    });
    const refused = await json<Problem & { violations: { rule: string | null; code: string; earliestAllowed: string | null; latestAllowed?: string }[] }>(
      await f.publish(staff, draft.id),
      422,
    );
    expect(refused).toMatchObject({ code: 'BID_DEADLINE_TOO_EARLY', rule: 'R5', earliestAllowed: '2026-12-21T00:00:00+08:00' });
    expect(refused.violations.map((v) => [v.rule, v.code, v.earliestAllowed, v.latestAllowed ?? null])).toEqual([
      ['R5', 'BID_DEADLINE_TOO_EARLY', '2026-12-21T00:00:00+08:00', null],
      [null, 'TENDER_DOCUMENTS_MISSING', null, null],
      [null, 'DOCUMENTS_UNTIL_AFTER_DEADLINE', null, '2026-12-13T09:30:00+08:00'],
    ]);
  });

  it('R17 registering a section lists every problem at once: opening time, R9 and a past 截止, each with what would pass', async () => {
    const r = await t.fetch('/api/projects', {
      method: 'POST',
      token: staff,
      json: {
        name: '道路照明改造',
        procedureType: 'construction',
        regionCode: '210102',
        fundingSource: '财政资金',
        sections: [
          { name: '一标段', estimatedPrice: '1000000.00', bidSecurity: '20000.01', bidDeadline: '2026-11-30T09:30:00+08:00', openingTime: '2026-11-30T10:00:00+08:00' },
        ],
      },
    });
    const refused = await json<Problem & { violations: { rule: string | null; code: string; earliestAllowed: string | null; limit: string | null }[] }>(r, 422);
    expect(refused).toMatchObject({ rule: 'R9', code: 'BID_SECURITY_TOO_HIGH' });
    expect(refused.violations.map((v) => [v.rule, v.code, v.earliestAllowed, v.limit])).toEqual([
      ['R9', 'BID_SECURITY_TOO_HIGH', null, '20000.00'],
      ['R17', 'OPENING_TIME_NOT_AT_DEADLINE', '2026-11-30T09:30:00+08:00', null],
      [null, 'BID_DEADLINE_IN_PAST', expect.stringMatching(/^2026-12-01T10:0\d:\d\d\+08:00$/), null], // a second after now
    ]);
  });

  it('R11 a consultation whose comment period ends before its publication is refused with the earliest end allowed', async () => {
    const project = await f.project(staff);
    const draft = await f.draft(staff, {
      projectId: project.id,
      type: 'consultation',
      title: '征求意见公告',
      content: '正文',
      sectionIds: [project.sections[0].id],
      commentPeriodEnd: '2026-11-30T17:00:00+08:00',
    });
    expect(await problem(await f.publish(staff, draft.id))).toMatchObject({
      rule: 'R11',
      code: 'COMMENT_PERIOD_INVALID',
      earliestAllowed: expect.stringMatching(/^2026-12-01T10:0\d:\d\d\+08:00$/), // a second after the publication
    });
  });

  it('a tender notice without tender documents is not published', async () => {
    const project = await f.project(staff);
    const draft = await f.draft(staff, {
      projectId: project.id,
      type: 'tender',
      title: '招标公告',
      content: '正文',
      sectionIds: [project.sections[0].id],
      documentsUntil: '2026-12-10T17:00:00+08:00',
    });
    expect(await problem(await f.publish(staff, draft.id))).toMatchObject({ code: 'TENDER_DOCUMENTS_MISSING' });
    await json(await f.upload(staff, draft.id, 'attachment', '附件.pdf', pdfBytes()), 201);
    expect(await problem(await f.publish(staff, draft.id))).toMatchObject({ code: 'TENDER_DOCUMENTS_MISSING' });
  });

  function projectBody(procedureType: string, bidSecurity: string) {
    return {
      name: '学校食堂设备采购',
      procedureType,
      regionCode: '210102',
      fundingSource: '财政资金',
      sections: [{ name: '一标段', estimatedPrice: '1000000.00', bidSecurity, bidDeadline: '2026-12-22T09:30:00+08:00' }],
    };
  }

  async function outboxDatasets(projectCode: string): Promise<string[]> {
    const rows: { dataset_code: string }[] = await t.app
      .get(DataSource)
      .query('SELECT dataset_code FROM outbox WHERE tender_project_code = $1 ORDER BY sequence', [projectCode]);
    return rows.map((r) => r.dataset_code);
  }
});

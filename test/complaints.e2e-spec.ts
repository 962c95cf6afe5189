import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '@app/core';
import { SectionsService } from '@app/announcements';
import { BidOpeningService } from '@app/bids';
import { AnnouncementsFixture, json, NoticeJson, pdfBytes } from './support/announcements-fixture';
import { createPublishedSection } from './support/bids-test-fixtures';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Objections, complaints and the case status board over HTTP (docs/rules.md R27–R35): each window broken on
 * purpose (refused with the rule and the window's dates) and met; the section suspended while an objection is
 * answered and by the supervisor's order, released hold by hold; the clock paused for excluded time; what the
 * public, each party and the supervisor see; one GCJS_COMPLAINT per step in the outbox.
 */

interface Problem {
  status: number;
  code: string;
  rule?: string;
  windowFrom?: string | null;
  windowUntil?: string | null;
  position?: string;
}

interface CaseJson {
  id: string;
  caseNumber: string;
  kind: string;
  status: string;
  promisedBy: string;
  promiseRule: string;
  acceptedAt: string | null;
  overdue: boolean;
  remaining: { workingDays: number; paused: boolean; overdue: boolean } | null;
  resultSummary: string | null;
  contactName: string;
  holdsSuspension: boolean;
  section: { suspended: boolean; activeHolds: number; newBidDeadlineRequired: boolean };
  steps: { action: string; summary: string; note: string | null }[];
}

interface BoardJson {
  items: (Omit<CaseJson, 'contactName'> & Record<string, unknown>)[];
  nextCursor: string | null;
}

describe('objections, complaints and the case board (R27–R35)', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  let ds: DataSource;
  let staffUser: TestUser;
  let otherStaffUser: TestUser;
  let bidderA: TestUser;
  let bidderB: TestUser;
  let bidderC: TestUser;
  let supervisorUser: TestUser;
  let otherSupervisorUser: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    ds = t.app.get(DataSource);
    staffUser = await t.user('staff');
    otherStaffUser = await t.user('staff');
    bidderA = await t.user('bidder', { name: '甲建设集团有限公司' });
    bidderB = await t.user('bidder', { name: '乙路桥工程有限公司' });
    bidderC = await t.user('bidder');
    supervisorUser = await t.user('supervisor', { name: '市住房和城乡建设局' });
    otherSupervisorUser = await t.user('supervisor', { name: '市财政局' });
  }, 120_000);
  afterAll(() => t?.close());

  const tok = (u: TestUser) => f.token(u);
  const post = async (u: TestUser | null, path: string, body: unknown) => t.fetch(path, { method: 'POST', token: u ? await tok(u) : undefined, json: body });
  const get = async (u: TestUser | null, path: string) => t.fetch(path, { token: u ? await tok(u) : undefined });
  const problem = (r: Response, status = 422) => json<Problem>(r, status);
  const objection = (u: TestUser, sectionId: string, subject: string) =>
    post(u, '/api/objections', { sectionId, subject, content: `关于${subject}的异议：评分不符合招标文件。`, contactName: '张三', contactPhone: '13800000001' });
  const answer = (u: TestUser, id: string, summary = '异议不成立，维持原结果') =>
    post(u, `/api/objections/${id}/answer`, { text: '经复核，评标过程符合招标文件规定。', resultSummary: summary });
  const complaint = (u: TestUser, sectionId: string, subject: string, extra: Record<string, unknown> = {}) =>
    post(u, '/api/complaints', {
      sectionId,
      subject,
      departmentOrgId: supervisorUser.organisationId,
      content: '请求责令重新评审。',
      contactName: '李四',
      contactPhone: '13900000002',
      ...extra,
    });
  const sectionOf = async (id: string) => (await t.app.get(SectionsService).get(id));
  const outboxSteps = async (projectCode: string, caseNumber: string) =>
    ((await ds.query(
      `SELECT serial_number, body::json->'record'->>'step' AS step, body::json->'record'->>'status' AS status FROM outbox
        WHERE dataset_code = 'GCJS_COMPLAINT' AND tender_project_code = $1 AND body::json->'record'->>'caseNumber' = $2 ORDER BY sequence`,
      [projectCode, caseNumber],
    )) as { serial_number: string; step: string; status: string }[]);

  it('R27, R29, R34: an objection to the tender documents only up to 10 days before 截止; the section stands still until the staff answer on the platform; too little time left needs a new 截止', async () => {
    await f.setClock('2026-12-01T10:00:00+08:00');
    const { project, notice } = await f.publishedTender(await tok(staffUser), { procedureType: 'construction', bidDeadline: '2026-12-22T09:30:00+08:00' });
    const sectionId = project.sections[0].id;
    expect((await f.download(await tok(bidderA), notice)).status).toBe(200);

    // one day late: the last day was 12-12 (10 days before 12-22)
    await f.setClock('2026-12-13T09:00:00+08:00');
    const late = await problem(await objection(bidderA, sectionId, 'tender_documents'));
    expect(late).toMatchObject({ code: 'OBJECTION_OUTSIDE_WINDOW', rule: 'R27', position: 'late', windowUntil: '2026-12-13T00:00:00+08:00' });

    // the last day
    await f.setClock('2026-12-12T10:00:00+08:00');
    const filed = await json<CaseJson>(await objection(bidderA, sectionId, 'tender_documents'), 201);
    expect(filed).toMatchObject({ kind: 'objection', status: 'accepted', promiseRule: 'R29', promisedBy: '2026-12-16T00:00:00+08:00', holdsSuspension: true });
    expect(filed.caseNumber).toMatch(/^YY-2026-\d{4}$/);
    expect(filed.section).toMatchObject({ suspended: true, activeHolds: 1 });

    // R34: an objection is answered by the project's staff on the platform, no one else
    expect((await problem(await answer(otherStaffUser, filed.id), 403)).code).toBe('NOT_PROJECT_STAFF');
    expect((await answer(bidderB, filed.id)).status).toBe(403);

    // 截止 comes while it is pending: the scheduler does not open the section
    await f.setClock('2026-12-22T10:00:00+08:00');
    const sections = t.app.get(SectionsService);
    expect((await sections.listDueForOpening(new Date('2026-12-22T10:00:00+08:00'))).map((s) => s.id)).not.toContain(sectionId);
    expect(await t.app.get(BidOpeningService).open(sectionId)).toBe(false);
    const board = await json<BoardJson>(await get(null, `/api/public/cases?sectionCode=${project.sections[0].code}`), 200);
    expect(board.items[0]).toMatchObject({ caseNumber: filed.caseNumber, status: 'accepted', overdue: true });

    const answered = await json<CaseJson>(await answer(staffUser, filed.id), 200);
    expect(answered).toMatchObject({ status: 'answered', overdue: true, resultSummary: '异议不成立，维持原结果' });
    // released, but 截止 passed meanwhile: it stays still until a supplement sets a new 截止
    expect(answered.section).toMatchObject({ suspended: true, activeHolds: 0, newBidDeadlineRequired: true });
    expect(await t.app.get(BidOpeningService).open(sectionId)).toBe(false);

    const inbox = await json<{ items: { title: string; body: string }[] }>(await get(bidderA, '/api/inbox'), 200);
    expect(inbox.items.some((m) => m.title.includes(filed.caseNumber) && m.body.includes('经复核'))).toBe(true);

    const staff = await tok(staffUser);
    const draft = await f.draft(staff, { projectId: project.id, type: 'supplement', changeKind: 'change', relatedNoticeId: notice.id, title: '变更公告：重新确定投标截止时间', content: '因异议处理暂停，投标截止时间顺延。', affectsBidPreparation: true });
    expect(await problem(await f.publish(staff, draft.id))).toMatchObject({ code: 'NEW_BID_DEADLINE_REQUIRED' });
    await json(await t.fetch(`/api/notices/${draft.id}`, { method: 'PATCH', token: staff, json: { newBidDeadline: '2027-01-12T09:30:00+08:00' } }), 200);
    const published = await json<NoticeJson>(await f.publish(staff, draft.id), 200);
    expect(published.sections[0].bidDeadline).toBe('2027-01-12T09:30:00+08:00');
    expect(await sectionOf(sectionId)).toMatchObject({ suspended: false, newBidDeadlineRequired: false });

    expect((await outboxSteps(project.code, filed.caseNumber)).map((r) => r.step)).toEqual(['filed', 'answered']);
  });

  it('R29: on release, a suspension that left less than the 20-day bid period (R5) requires a new 截止 before 截止 comes; a short one does not', async () => {
    const issued = new Date('2026-12-01T10:00:00+08:00');
    const tight = await createPublishedSection(ds, { bidDeadline: new Date('2026-12-22T09:30:00+08:00'), tendererOrgId: staffUser.organisationId, holders: [bidderA.organisationId], now: issued });
    const ample = await createPublishedSection(ds, { bidDeadline: new Date('2026-12-31T09:30:00+08:00'), tendererOrgId: staffUser.organisationId, holders: [bidderA.organisationId], now: issued });
    await f.setClock('2026-12-10T10:00:00+08:00');
    const a = await json<CaseJson>(await objection(bidderA, tight.sectionId, 'tender_documents'), 201);
    const b = await json<CaseJson>(await objection(bidderA, ample.sectionId, 'tender_documents'), 201);
    await f.setClock('2026-12-12T10:00:00+08:00');
    // 21 days less 2 suspended: 19 < 20
    expect((await json<CaseJson>(await answer(staffUser, a.id), 200)).section).toMatchObject({ suspended: true, activeHolds: 0, newBidDeadlineRequired: true });
    // 30 days less 2: still 28
    expect((await json<CaseJson>(await answer(staffUser, b.id), 200)).section).toMatchObject({ suspended: false, newBidDeadlineRequired: false });
    expect(await t.app.get(SectionsService).isSuspended(tight.sectionId)).toBe(true);
    expect(await t.app.get(SectionsService).listSuspensions(tight.sectionId)).toEqual([
      expect.objectContaining({ source: 'objection', reference: a.caseNumber, releasedAt: expect.any(Date) }),
    ]);
  });

  it('R28, R29, R30, R31, R32, R33, R35: objection during the publicity, complaint after it, accepted, paused, suspended by order, decided; each party sees every step, the public the summary', async () => {
    await f.setClock('2026-12-01T10:00:00+08:00');
    const s = await createPublishedSection(ds, {
      bidDeadline: new Date('2026-11-20T09:30:00+08:00'),
      tendererOrgId: staffUser.organisationId,
      holders: [bidderA.organisationId, bidderB.organisationId],
      now: new Date('2026-10-20T09:00:00+08:00'),
    });
    await ds.query(`UPDATE tender_section SET status = 'publicity', publicity_start = $2, publicity_end = $3 WHERE id = $1`, [
      s.sectionId,
      new Date('2026-12-01T00:00:00+08:00'),
      new Date('2026-12-04T00:00:00+08:00'),
    ]);

    // R28: one day late (the publicity ended 12-03 24:00)
    await f.setClock('2026-12-04T09:00:00+08:00');
    expect(await problem(await objection(bidderB, s.sectionId, 'evaluation_result'))).toMatchObject({ code: 'OBJECTION_OUTSIDE_WINDOW', rule: 'R28', position: 'late' });

    await f.setClock('2026-12-02T10:00:00+08:00');
    // R33: no complaint about the result without a prior objection
    expect(await problem(await complaint(bidderA, s.sectionId, 'evaluation_result'))).toMatchObject({ code: 'PRIOR_OBJECTION_REQUIRED', rule: 'R33' });

    const objA = await json<CaseJson>(await objection(bidderA, s.sectionId, 'evaluation_result'), 201);
    const objB = await json<CaseJson>(await objection(bidderB, s.sectionId, 'evaluation_result'), 201);
    expect(objB.section).toMatchObject({ suspended: true, activeHolds: 2 });
    // R29: while pending the publicity cannot end in an award
    await expect(
      ds.transaction((m) => t.app.get(SectionsService).transition(m, s.sectionId, 'publicity', 'awarded', SYSTEM_ACTOR)),
    ).rejects.toMatchObject({ code: 'SECTION_SUSPENDED' });
    // R33: not while the objection is still within its answer period
    expect(await problem(await complaint(bidderA, s.sectionId, 'evaluation_result', { priorObjectionId: objA.id }))).toMatchObject({ code: 'PRIOR_OBJECTION_PENDING', rule: 'R33' });

    // the holds are released one by one
    expect((await json<CaseJson>(await answer(staffUser, objA.id), 200)).section).toMatchObject({ suspended: true, activeHolds: 1 });
    expect((await json<CaseJson>(await answer(staffUser, objB.id), 200)).section).toMatchObject({ suspended: false, activeHolds: 0, newBidDeadlineRequired: false });

    // R30: 10 days from knowing (12-02), the objection's day not counted: 12-12 is a Saturday, so the last day is 12-14
    await f.setClock('2026-12-15T09:00:00+08:00');
    expect(await problem(await complaint(bidderB, s.sectionId, 'evaluation_result', { priorObjectionId: objB.id }))).toMatchObject({
      code: 'COMPLAINT_OUTSIDE_WINDOW',
      rule: 'R30',
      windowUntil: '2026-12-15T00:00:00+08:00',
    });
    // a prior objection of someone else does not count (R33)
    expect(await problem(await complaint(bidderB, s.sectionId, 'evaluation_result', { priorObjectionId: objA.id }))).toMatchObject({ code: 'PRIOR_OBJECTION_REQUIRED' });

    await f.setClock('2026-12-03T10:00:00+08:00');
    const filed = await json<CaseJson>(await complaint(bidderA, s.sectionId, 'evaluation_result', { priorObjectionId: objA.id }), 201);
    // R31: 3 working days after Thursday 12-03: 12-04, 12-07, 12-08
    expect(filed).toMatchObject({ kind: 'complaint', status: 'submitted', promiseRule: 'R31', promisedBy: '2026-12-09T00:00:00+08:00', acceptedAt: null });
    expect(filed.caseNumber).toMatch(/^TS-2026-\d{4}$/);

    // R31: only the department it went to accepts it
    expect((await problem(await post(otherSupervisorUser, `/api/complaints/${filed.id}/accept`, {}), 403)).code).toBe('NOT_CASE_DEPARTMENT');
    await f.setClock('2026-12-07T10:00:00+08:00');
    const accepted = await json<CaseJson>(await post(supervisorUser, `/api/complaints/${filed.id}/accept`, { note: '材料齐全' }), 200);
    expect(accepted).toMatchObject({ status: 'accepted', promiseRule: 'R32' });
    expect(accepted.acceptedAt).toMatch(/^2026-12-07T10:00/);
    // 30 working days after Monday 12-07 (construction counts from the acceptance): last day 2027-01-19 (元旦 provisional)
    expect(accepted.promisedBy).toBe('2027-01-20T00:00:00+08:00');

    // R35: the department orders the procedure suspended, then lifts the order
    const ordered = await json<CaseJson>(await post(supervisorUser, `/api/complaints/${filed.id}/suspension`, { reason: '调查评标过程' }), 200);
    expect(ordered).toMatchObject({ holdsSuspension: true, section: { suspended: true, activeHolds: 1 } });
    await expect(
      ds.transaction((m) => t.app.get(SectionsService).transition(m, s.sectionId, 'publicity', 'awarded', SYSTEM_ACTOR)),
    ).rejects.toMatchObject({ code: 'SECTION_SUSPENDED' });
    expect((await problem(await post(supervisorUser, `/api/complaints/${filed.id}/suspension`, { reason: 'again' }), 409)).code).toBe('CASE_ALREADY_SUSPENDED');
    const lifted = await json<CaseJson>(await post(supervisorUser, `/api/complaints/${filed.id}/suspension/lift`, {}), 200);
    expect(lifted.section).toMatchObject({ suspended: false, activeHolds: 0 });
    await json(await post(supervisorUser, `/api/complaints/${filed.id}/suspension`, { reason: '专家复核期间暂停' }), 200);

    // R32: correction time is not excluded in construction; inspection is, and the board stands still meanwhile
    expect(await problem(await post(supervisorUser, `/api/complaints/${filed.id}/pause`, { kind: 'correction', reason: '补正' }))).toMatchObject({ code: 'PAUSE_NOT_EXCLUDED', rule: 'R32' });
    const boardRow = async () => (await json<BoardJson>(await get(null, `/api/public/cases?sectionCode=${s.sectionCode}&kind=complaint`), 200)).items[0];
    const before = (await boardRow()).remaining!;
    await json(await post(supervisorUser, `/api/complaints/${filed.id}/pause`, { kind: 'inspection', reason: '委托专家评审' }), 200);
    await f.setClock('2026-12-14T10:00:00+08:00');
    const during = (await boardRow()).remaining!;
    expect(during).toMatchObject({ paused: true, workingDays: before.workingDays });
    await json(await post(supervisorUser, `/api/complaints/${filed.id}/resume`, {}), 200);
    const after = (await boardRow()).remaining!;
    expect(after).toMatchObject({ paused: false, workingDays: before.workingDays });

    await f.setClock('2026-12-16T10:00:00+08:00');
    const decided = await json<CaseJson>(
      await post(supervisorUser, `/api/complaints/${filed.id}/decide`, { text: '经调查，评标委员会评分有误，责令重新评审。联系人张三。', resultSummary: '投诉成立，责令重新评审' }),
      200,
    );
    expect(decided).toMatchObject({ status: 'decided', overdue: false, resultSummary: '投诉成立，责令重新评审', section: { suspended: false } });

    // evidence: a file of the case, hashed, for the parties only
    const uploaded = await t.fetch(`/api/cases/${filed.id}/attachments?name=${encodeURIComponent('评分表（证据）.pdf')}`, {
      method: 'POST',
      token: await tok(bidderA),
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(pdfBytes('评分表')),
    });
    const [evidence] = (await json<{ attachments: { documentId: string; name: string; sha256: string }[] }>(uploaded, 201)).attachments;
    expect(evidence).toEqual(expect.objectContaining({ name: '评分表（证据）.pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }));
    // the parties and the supervising department read the file as stored; nobody else
    for (const u of [bidderA, staffUser, supervisorUser]) {
      const file = await get(u, `/api/cases/${filed.id}/attachments/${evidence.documentId}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('x-content-sha256')).toBe(evidence.sha256);
      expect(Buffer.from(await file.arrayBuffer()).equals(pdfBytes('评分表'))).toBe(true);
    }
    expect((await problem(await get(bidderC, `/api/cases/${filed.id}/attachments/${evidence.documentId}`), 403)).code).toBe('NOT_CASE_PARTY');
    expect((await problem(await get(bidderA, `/api/cases/${filed.id}/attachments/00000000-0000-4000-8000-000000000000`), 404)).code).toBe('NOT_FOUND');
    expect((await t.fetch(`/api/cases/${filed.id}/attachments?name=x.pdf`, { method: 'POST', token: await tok(bidderC), headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(pdfBytes()) })).status).toBe(403);
    // a name that is not valid percent-encoding is refused, as on every upload, and nothing is added to the case
    for (const raw of ['%ZZ%', '%E6%8B.pdf', 'a%0D%0A.pdf']) {
      const refused = await t.fetch(`/api/cases/${filed.id}/attachments?name=${raw}`, { method: 'POST', token: await tok(bidderA), headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(pdfBytes()) });
      expect({ raw, code: (await problem(refused, 400)).code }).toEqual({ raw, code: 'UPLOAD_FILE_NAME_INVALID' });
    }
    expect((await json<{ attachments: unknown[] }>(await get(bidderA, `/api/cases/${filed.id}`), 200)).attachments).toHaveLength(1);

    // the parties and the supervisor see every step, names, contacts and files; others do not
    for (const u of [bidderA, staffUser, supervisorUser]) {
      const seen = await json<CaseJson & { attachments: unknown[] }>(await get(u, `/api/cases/${filed.id}`), 200);
      expect(seen.contactName).toBe('李四');
      expect(seen.attachments).toHaveLength(1);
      expect(seen.steps.map((x) => x.action)).toEqual(['filed', 'accepted', 'suspension_ordered', 'suspension_lifted', 'suspension_ordered', 'paused', 'resumed', 'decided', 'attached']);
    }
    // every step is in the audit log (R36)
    const audited = (await ds.query(`SELECT action FROM audit_entry WHERE entity_type = 'complaint_case' AND entity_id = $1 ORDER BY seq`, [filed.id])) as { action: string }[];
    expect(audited.map((a) => a.action)).toEqual(['case.filed', 'case.accepted', 'case.suspension_ordered', 'case.suspension_lifted', 'case.suspension_ordered', 'case.paused', 'case.resumed', 'case.decided', 'case.attach']);
    expect((await problem(await get(bidderC, `/api/cases/${filed.id}`), 403)).code).toBe('NOT_CASE_PARTY');
    expect((await problem(await get(otherSupervisorUser, `/api/cases/${filed.id}`), 403)).code).toBe('NOT_CASE_PARTY');
    const publicText = await (await get(null, `/api/public/cases/${filed.caseNumber}`)).text();
    const publicCase = JSON.parse(publicText) as Record<string, unknown> & { steps: unknown[] };
    expect(publicCase).toMatchObject({ caseNumber: filed.caseNumber, status: 'decided', resultSummary: '投诉成立，责令重新评审', departmentName: '市住房和城乡建设局' });
    expect(publicCase.steps).toHaveLength(9);
    for (const secret of ['李四', '13900000002', '张三', '请求责令重新评审', '甲建设集团', '评分表']) expect(publicText).not.toContain(secret);
    const boardText = await (await get(null, `/api/public/cases?sectionCode=${s.sectionCode}`)).text();
    for (const secret of ['李四', '张三', '13800000001', '甲建设集团', '乙路桥']) expect(boardText).not.toContain(secret);

    // upstream: one GCJS_COMPLAINT per step, in order, each with its own serial number
    const rows = await outboxSteps(s.projectCode, filed.caseNumber);
    expect(rows.map((r) => `${r.step}:${r.status}`)).toEqual([
      'filed:submitted',
      'accepted:accepted',
      'suspension_ordered:accepted',
      'suspension_lifted:accepted',
      'suspension_ordered:accepted',
      'paused:accepted',
      'resumed:accepted',
      'decided:decided',
    ]);
    expect(new Set(rows.map((r) => r.serial_number)).size).toBe(rows.length);
  });

  it('R29, R31: a government 质疑 does not suspend the section and is due in 7 working days; a complaint not decided in time is marked overdue and counted in the statistics', async () => {
    await f.setClock('2026-12-01T10:00:00+08:00');
    const s = await createPublishedSection(ds, {
      bidDeadline: new Date('2026-12-28T09:30:00+08:00'),
      tendererOrgId: staffUser.organisationId,
      holders: [bidderA.organisationId],
      procedureType: 'government',
      now: new Date('2026-11-30T09:00:00+08:00'),
    });
    const filed = await json<CaseJson>(await objection(bidderA, s.sectionId, 'tender_documents'), 201);
    // 7 working days after Tuesday 12-01: 12-10
    expect(filed).toMatchObject({ promiseRule: 'R29', promisedBy: '2026-12-11T00:00:00+08:00', holdsSuspension: false, section: { suspended: false } });
    expect(filed.caseNumber).toMatch(/^ZY-2026-\d{4}$/);
    // R27 (government): 7 working days from obtaining the documents on 11-30: 12-09 is the last day
    await f.setClock('2026-12-10T09:00:00+08:00');
    expect(await problem(await objection(bidderA, s.sectionId, 'tender_documents'))).toMatchObject({ rule: 'R27', windowUntil: '2026-12-10T00:00:00+08:00' });

    // 'other' matters need no prior objection (R33); a complaint not accepted within 5 working days is overdue (R31)
    const other = await json<CaseJson>(await complaint(bidderA, s.sectionId, 'other', { knownAt: '2026-12-09T09:00:00+08:00' }), 201);
    expect(other).toMatchObject({ status: 'submitted', promiseRule: 'R31', promisedBy: '2026-12-18T00:00:00+08:00' });
    await f.setClock('2026-12-18T10:00:00+08:00');
    const row = (await json<BoardJson>(await get(null, `/api/public/cases?sectionCode=${s.sectionCode}&status=open&kind=complaint`), 200)).items[0];
    expect(row).toMatchObject({ caseNumber: other.caseNumber, overdue: true, remaining: { overdue: true } });

    const stats = await json<{ departments: Record<string, unknown>[] }>(
      await get(null, `/api/public/case-statistics?from=${encodeURIComponent('2026-12-01T00:00:00+08:00')}&to=${encodeURIComponent('2027-01-01T00:00:00+08:00')}&departmentOrgId=${supervisorUser.organisationId}`),
      200,
    );
    // the department received the complaint decided in the test before (12-03 → 12-16: 9 working days) and this one
    expect(stats.departments).toEqual([
      {
        departmentOrgId: supervisorUser.organisationId,
        departmentName: '市住房和城乡建设局',
        received: 2,
        replied: 1,
        repliedWithinLimit: 1,
        openOverdue: 1,
        replyRate: '0.5000',
        withinLimitRate: '0.5000',
        averageWorkingDays: 9,
      },
    ]);
  });
});

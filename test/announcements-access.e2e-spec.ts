import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '@app/core';
import { SectionsService } from '@app/announcements';
import { AnnouncementsFixture, json, NoticeJson, pdfBytes } from './support/announcements-fixture';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Who may do what with a project and its notices, what bidders and the public see, and what goes upstream:
 * the project's own staff only (staff of another agency refused), published notices immutable, R12 (any bidder
 * account downloads), R13 (the download list hidden from bidders and the public; clarifications reach every
 * holder), question anonymity, the outbox rows of publish, change and termination, and the SectionsService API
 * the bids module uses.
 */

interface Problem {
  code: string;
  status: number;
}

interface Inbox {
  items: { id: string; kind: string; title: string; noticeId: string; readAt: string | null }[];
}

describe('announcements: access, immutability, downloads, questions, outbox', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  let tendererStaff: TestUser;
  let agencyStaff: TestUser;
  let otherAgencyStaff: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    tendererStaff = await t.user('staff', { kind: 'tenderer', name: '沈阳市城市建设投资集团有限公司' });
    agencyStaff = await t.user('staff', { kind: 'agency', name: '辽宁某某招标代理有限公司' });
    otherAgencyStaff = await t.user('staff', { kind: 'agency', name: '另一家招标代理有限公司' });
    supervisor = await t.user('supervisor');
  }, 60_000);
  afterAll(() => t?.close());
  beforeEach(() => f.setClock('2026-12-01T10:00:00+08:00'));

  const as = (user: TestUser) => f.token(user);

  /** A project registered by the agency for the tenderer, with a published tender notice. */
  async function agencyProject(over: { name?: string; procedureType?: 'construction' | 'government' } = {}) {
    return f.publishedTender(await as(agencyStaff), { tendererOrgId: tendererStaff.organisationId, ...over });
  }

  async function holder(name?: string, notice?: NoticeJson): Promise<TestUser> {
    const user = await t.user('bidder', name ? { name } : {});
    if (notice) expect((await f.download(await as(user), notice)).status).toBe(200);
    return user;
  }

  it('staff of another agency are refused on every write and on the working data of the project', async () => {
    const agency = await as(agencyStaff);
    const project = await f.project(agency, { tendererOrgId: tendererStaff.organisationId });
    const draft = await f.tenderDraft(agency, project);
    const other = await as(otherAgencyStaff);
    const attempts: [string, Response][] = [
      ['PATCH project', await t.fetch(`/api/projects/${project.id}`, { method: 'PATCH', token: other, json: { name: '改名' } })],
      ['add section', await t.fetch(`/api/projects/${project.id}/sections`, { method: 'POST', token: other, json: { name: '二标段', estimatedPrice: '100.00', bidSecurity: '1.00', bidDeadline: '2026-12-30T09:30:00+08:00' } })],
      ['PATCH section', await t.fetch(`/api/sections/${project.sections[0].id}`, { method: 'PATCH', token: other, json: { name: '改名' } })],
      ['draft notice', await t.fetch('/api/notices', { method: 'POST', token: other, json: { projectId: project.id, type: 'consultation', title: 't', content: 'c', sectionIds: [project.sections[0].id] } })],
      ['edit draft', await t.fetch(`/api/notices/${draft.id}`, { method: 'PATCH', token: other, json: { title: '改' } })],
      ['upload', await f.upload(other, draft.id, 'attachment', 'x.pdf', pdfBytes())],
      ['publish', await f.publish(other, draft.id)],
      ['read draft', await t.fetch(`/api/notices/${draft.id}`, { token: other })],
      ['read project', await t.fetch(`/api/projects/${project.id}`, { token: other })],
      ['download list', await t.fetch(`/api/sections/${project.sections[0].id}/downloads`, { token: other })],
    ];
    const wrong = [];
    for (const [what, r] of attempts) {
      const body = (await r.json()) as Problem;
      if (r.status !== 403 || body.code !== 'NOT_PROJECT_STAFF') wrong.push(`${what}: ${r.status} ${body.code}`);
    }
    expect(wrong).toEqual([]);
    expect((await json<NoticeJson>(await t.fetch(`/api/notices/${draft.id}`, { token: agency }), 200)).title).toBe(draft.title);

    // the tenderer's own staff may act on the project the agency registered, and publish it
    const published = await json<NoticeJson>(await f.publish(await as(tendererStaff), draft.id), 200);
    expect(published.status).toBe('published');
    // the other agency does not even see the project in its list
    const list = await json<{ items: { id: string }[] }>(await t.fetch('/api/projects', { token: other }), 200);
    expect(list.items.map((p) => p.id)).not.toContain(project.id);
  });

  it('an agency can only register a project for an organisation that is a tenderer', async () => {
    const r = await t.fetch('/api/projects', {
      method: 'POST',
      token: await as(agencyStaff),
      json: {
        name: '项目',
        procedureType: 'construction',
        regionCode: '210100',
        fundingSource: '自筹',
        tendererOrgId: otherAgencyStaff.organisationId,
        sections: [{ name: '一标段', estimatedPrice: '100.00', bidSecurity: '1.00', bidDeadline: '2026-12-30T09:30:00+08:00' }],
      },
    });
    expect(await json<Problem>(r, 422)).toMatchObject({ code: 'ORGANISATION_KIND_INVALID' });
  });

  it('a published notice is never edited: edits, uploads and deletion are refused, and a supplement supersedes it', async () => {
    const { project, notice } = await agencyProject();
    const agency = await as(agencyStaff);
    const refusals: [string, Response, number, string][] = [
      ['edit', await t.fetch(`/api/notices/${notice.id}`, { method: 'PATCH', token: agency, json: { title: '改过的标题' } }), 409, 'NOTICE_NOT_DRAFT'],
      ['upload', await f.upload(agency, notice.id, 'attachment', '补充.pdf', pdfBytes('补充')), 409, 'NOTICE_NOT_DRAFT'],
      ['remove file', await t.fetch(`/api/notices/${notice.id}/attachments/${notice.attachments[0].documentId}`, { method: 'DELETE', token: agency }), 409, 'NOTICE_NOT_DRAFT'],
      ['delete', await t.fetch(`/api/notices/${notice.id}`, { method: 'DELETE', token: agency }), 409, 'NOTICE_NOT_DRAFT'],
      ['publish again', await f.publish(agency, notice.id), 409, 'NOTICE_NOT_DRAFT'],
      ['edit section', await t.fetch(`/api/sections/${project.sections[0].id}`, { method: 'PATCH', token: agency, json: { bidDeadline: '2026-12-30T09:30:00+08:00' } }), 409, 'SECTION_NOT_DRAFT'],
      ['edit project', await t.fetch(`/api/projects/${project.id}`, { method: 'PATCH', token: agency, json: { name: '改名' } }), 409, 'PROJECT_PUBLISHED'],
      ['withdraw', await t.fetch(`/api/notices/${notice.id}/withdraw`, { method: 'POST', token: agency, json: { reason: '撤回' } }), 409, 'NOTICE_WITHDRAW_NOT_ALLOWED'],
    ];
    for (const [what, r, status, code] of refusals) {
      expect([what, r.status, ((await r.json()) as Problem).code]).toEqual([what, status, code]);
    }
    const before = await json<{ title: string; attachments: unknown[]; status: string }>(await t.fetch(`/api/public/notices/${notice.id}`), 200);
    expect(before).toMatchObject({ title: notice.title, status: 'published' });
    expect(before.attachments).toHaveLength(1);

    // nor behind the service's back
    const ds = t.app.get(DataSource);
    await expect(ds.query(`UPDATE notice SET title = '改过的标题' WHERE id = $1`, [notice.id])).rejects.toThrow(/cannot be edited/);
    await expect(ds.query(`DELETE FROM notice_attachment WHERE notice_id = $1`, [notice.id])).rejects.toThrow(/published notice cannot change/);
    await expect(ds.query(`DELETE FROM notice WHERE id = $1`, [notice.id])).rejects.toThrow(/cannot be deleted/);

    const supplement = await f.draft(agency, {
      projectId: project.id,
      type: 'supplement',
      changeKind: 'supplement',
      relatedNoticeId: notice.id,
      title: '补充公告（一）',
      content: '补充说明：投标文件份数改为一正四副。',
    });
    await json(await f.publish(agency, supplement.id), 200);
    const after = await json<{ status: string; supersededBy: { id: string; code: string } }>(await t.fetch(`/api/public/notices/${notice.id}`), 200);
    expect(after).toMatchObject({ status: 'superseded', supersededBy: { id: supplement.id, code: supplement.code } });
    const change = await json<{ relatedNotice: { id: string }; typeName: string }>(await t.fetch(`/api/public/notices/${supplement.id}`), 200);
    expect(change).toMatchObject({ relatedNotice: { id: notice.id }, typeName: '补充公告' });
    // a second change names the current notice, not the superseded one
    const stale = await t.fetch('/api/notices', {
      method: 'POST',
      token: agency,
      json: { projectId: project.id, type: 'supplement', relatedNoticeId: notice.id, title: '补充公告（二）', content: '……' },
    });
    expect(await json<Problem>(stale, 422)).toMatchObject({ code: 'RELATED_NOTICE_INVALID' });
  });

  it('R12 downloading tender documents needs only a bidder account: no sign-up, the bytes and their hash, the Chinese file name', async () => {
    const { notice } = await agencyProject();
    const newcomer = await t.user('bidder');
    const r = await f.download(await as(newcomer), notice);
    expect(r.status).toBe(200);
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.equals(pdfBytes())).toBe(true);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(r.headers.get('x-content-sha256')).toBe(sha);
    expect(notice.attachments[0].sha256).toBe(sha);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('招标文件（第一标段）.pdf')}`);

    const anonymous = await f.download(undefined, notice);
    expect(anonymous.status).toBe(401);
    // the public detail says where the documents are and that they need an account
    const detail = await json<{ attachments: { href: string; requiresAccount: boolean }[] }>(await t.fetch(`/api/public/notices/${notice.id}`), 200);
    expect(detail.attachments[0]).toEqual(
      expect.objectContaining({ href: `/api/notices/${notice.id}/documents/${notice.attachments[0].documentId}`, requiresAccount: true }),
    );
  });

  it('R12 a draft notice and its documents do not exist for bidders', async () => {
    const agency = await as(agencyStaff);
    const project = await f.project(agency, { tendererOrgId: tendererStaff.organisationId });
    const draft = await f.tenderDraft(agency, project);
    const bidder = await as(await t.user('bidder'));
    const r = await t.fetch(`/api/notices/${draft.id}/documents/${(await json<NoticeJson>(await t.fetch(`/api/notices/${draft.id}`, { token: agency }), 200)).attachments[0].documentId}`, { token: bidder });
    expect(r.status).toBe(404);
    expect((await t.fetch(`/api/public/notices/${draft.id}`)).status).toBe(404);
  });

  it('R13 every download is logged (who, when, from where); the list is shown to the project staff (supervisors from 截止 on), never to bidders or the public', async () => {
    const { project, notice } = await agencyProject();
    const a = await holder('甲建设集团有限公司', notice);
    await f.setClock('2026-12-02T09:15:00+08:00');
    const b = await holder('乙路桥工程有限公司', notice);
    const sectionId = project.sections[0].id;

    for (const staff of [agencyStaff, tendererStaff]) {
      const list = await json<{ items: { organisation: { name: string }; at: string; ip: string; role: string; document: { name: string } }[] }>(
        await t.fetch(`/api/sections/${sectionId}/downloads`, { token: await as(staff) }),
        200,
      );
      expect(list.items.map((d) => [d.organisation.name, d.at.slice(0, 16), d.ip, d.role, d.document.name])).toEqual([
        ['乙路桥工程有限公司', '2026-12-02T09:15', '127.0.0.1', 'bidder', '招标文件（第一标段）.pdf'],
        ['甲建设集团有限公司', '2026-12-01T10:00', '127.0.0.1', 'bidder', '招标文件（第一标段）.pdf'],
      ]);
    }
    const holders = await json<{ organisation: { name: string } }[]>(await t.fetch(`/api/sections/${sectionId}/holders`, { token: await as(agencyStaff) }), 200);
    expect(holders.map((h) => h.organisation.name)).toEqual(['甲建设集团有限公司', '乙路桥工程有限公司']);

    for (const bidder of [a, b]) {
      const r = await t.fetch(`/api/sections/${sectionId}/downloads`, { token: await as(bidder) });
      expect([r.status, ((await r.json()) as Problem).code]).toEqual([403, 'ROLE_FORBIDDEN']);
      expect((await t.fetch(`/api/sections/${sectionId}/holders`, { token: await as(bidder) })).status).toBe(403);
    }
    expect((await t.fetch(`/api/sections/${sectionId}/downloads`)).status).toBe(401);
    expect((await t.fetch(`/api/sections/${sectionId}/holders`)).status).toBe(401);
    const other = await t.fetch(`/api/sections/${sectionId}/downloads`, { token: await as(otherAgencyStaff) });
    expect([other.status, ((await other.json()) as Problem).code]).toEqual([403, 'NOT_PROJECT_STAFF']);
    // nor does the public detail carry it
    expect(JSON.stringify(await (await t.fetch(`/api/public/notices/${notice.id}`)).json())).not.toContain('甲建设');

    // the log cannot be changed
    await expect(t.app.get(DataSource).query(`UPDATE document_download SET ip = '10.0.0.1'`)).rejects.toThrow(/append-only/);
  });

  it('R13 before 截止 a supervisor is refused the download list and the holders; from 截止 on it sees them', async () => {
    const { project, notice } = await agencyProject();
    await holder('丙市政工程有限公司', notice);
    const section = project.sections[0];
    const sup = await as(supervisor);
    for (const path of ['downloads', 'holders']) {
      const r = await t.fetch(`/api/sections/${section.id}/${path}`, { token: sup });
      const body = (await r.json()) as Problem & { rule: string; earliestAllowed: string };
      expect([path, r.status, body.code, body.rule]).toEqual([path, 403, 'DOWNLOAD_LIST_SEALED', 'R13']);
      expect(new Date(body.earliestAllowed).getTime()).toBe(new Date(section.bidDeadline).getTime());
      expect(JSON.stringify(body)).not.toContain('丙市政');
    }
    // the project's own staff see it before 截止
    expect((await t.fetch(`/api/sections/${section.id}/holders`, { token: await as(tendererStaff) })).status).toBe(200);
    await f.setClock(section.bidDeadline);
    const after = await as(supervisor);
    const list = await json<{ items: { organisation: { name: string } }[] }>(await t.fetch(`/api/sections/${section.id}/downloads`, { token: after }), 200);
    expect(list.items.map((d) => d.organisation.name)).toEqual(['丙市政工程有限公司']);
    const holders = await json<{ organisation: { name: string } }[]>(await t.fetch(`/api/sections/${section.id}/holders`, { token: after }), 200);
    expect(holders.map((h) => h.organisation.name)).toEqual(['丙市政工程有限公司']);
  });

  it('R13 download entries stay out of GET /api/audit until 截止, for every reader', async () => {
    const { project, notice } = await agencyProject();
    const bidder = await holder('丁水利工程有限公司', notice);
    const section = project.sections[0];
    const downloadsIn = async (token: string) => {
      const r = await json<{ items: { action: string; actorOrganisationId: string }[] }>(
        await t.fetch(`/api/audit?entityType=notice&entityId=${notice.id}&limit=200`, { token }),
        200,
      );
      return r.items.filter((e) => e.action === 'tender_document.download' && e.actorOrganisationId === bidder.organisationId).length;
    };
    const adminUser = await t.user('admin');
    const admin = await as(adminUser);
    const sup = await as(supervisor);
    // the entry is written (and chained) now; only the readers do not get it yet
    const written = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'tender_document.download' AND entity_id = $1 AND actor_organisation_id = $2`, [notice.id, bidder.organisationId]);
    expect(written).toEqual([{ n: 1 }]);
    expect(await downloadsIn(admin)).toBe(0);
    expect(await downloadsIn(sup)).toBe(0);
    const all = await json<{ items: { action: string }[] }>(await t.fetch(`/api/audit?limit=200`, { token: admin }), 200);
    expect(all.items.filter((e) => e.action === 'tender_document.download')).toEqual([]);
    await f.setClock(section.bidDeadline);
    expect(await downloadsIn(await as(adminUser))).toBe(1);
    expect(await downloadsIn(await as(supervisor))).toBe(1);
  });

  it('R13 a clarification reaches everyone on the download list, and nobody else', async () => {
    const { project, notice } = await agencyProject();
    const a = await holder(undefined, notice);
    const b = await holder(undefined, notice);
    const outsider = await holder();
    const agency = await as(agencyStaff);
    const clarification = await f.draft(agency, {
      projectId: project.id,
      type: 'supplement',
      changeKind: 'clarification',
      relatedNoticeId: notice.id,
      title: '澄清公告（一）',
      content: '关于资格条件的澄清：……',
    });
    await json(await f.publish(agency, clarification.id), 200);
    for (const user of [a, b]) {
      const inbox = await json<Inbox>(await t.fetch('/api/inbox', { token: await as(user) }), 200);
      expect(inbox.items.map((m) => [m.kind, m.title, m.noticeId])).toEqual([['clarification', '【澄清】澄清公告（一）', clarification.id]]);
    }
    expect((await json<Inbox>(await t.fetch('/api/inbox', { token: await as(outsider) }), 200)).items).toEqual([]);

    // read receipts are per organisation
    const inbox = await json<Inbox>(await t.fetch('/api/inbox', { token: await as(a) }), 200);
    const read = await json<{ readAt: string }>(await t.fetch(`/api/inbox/${inbox.items[0].id}/read`, { method: 'POST', token: await as(a) }), 200);
    expect(read.readAt.slice(0, 16)).toBe('2026-12-01T10:00');
    expect((await json<Inbox>(await t.fetch('/api/inbox?unread=true', { token: await as(a) }), 200)).items).toEqual([]);
    expect((await json<Inbox>(await t.fetch('/api/inbox?unread=true', { token: await as(b) }), 200)).items).toHaveLength(1);
    expect((await t.fetch(`/api/inbox/${inbox.items[0].id}/read`, { method: 'POST', token: await as(b) })).status).toBe(404);
  });

  it("questions: holders ask, the asker's identity is never shown to other bidders or staff, the answer reaches every holder", async () => {
    const { project, notice } = await agencyProject();
    const sectionId = project.sections[0].id;
    const asker = await holder('提问单位', notice);
    const other = await holder('其他投标人', notice);
    const stranger = await holder();

    const refused = await t.fetch(`/api/sections/${sectionId}/questions`, { method: 'POST', token: await as(stranger), json: { text: '能否延期？' } });
    expect(await json<Problem>(refused, 403)).toMatchObject({ code: 'NOT_DOCUMENT_HOLDER' });

    const asked = await json<{ id: string; mine: boolean }>(
      await t.fetch(`/api/sections/${sectionId}/questions`, { method: 'POST', token: await as(asker), json: { text: '第三章业绩要求是否包括在建项目？' } }),
      201,
    );
    expect(asked.mine).toBe(true);
    // not answered yet: the other bidder does not see it
    expect(await json<unknown[]>(await t.fetch(`/api/sections/${sectionId}/questions`, { token: await as(other) }), 200)).toEqual([]);
    // staff see the question, not who asked
    const staffView = await json<Record<string, unknown>[]>(await t.fetch(`/api/sections/${sectionId}/questions`, { token: await as(agencyStaff) }), 200);
    expect(staffView).toHaveLength(1);
    expect(staffView[0]).not.toHaveProperty('askerOrganisationId');
    expect(JSON.stringify(staffView)).not.toContain(asker.organisationId);

    const agency = await as(agencyStaff);
    const clarification = await f.draft(agency, {
      projectId: project.id,
      type: 'supplement',
      changeKind: 'clarification',
      relatedNoticeId: notice.id,
      title: '答疑澄清（一）',
      content: '问：业绩要求是否包括在建项目？答：不包括。',
      answers: [{ questionId: asked.id, answer: '不包括在建项目。' }],
    });
    await json(await f.publish(agency, clarification.id), 200);

    const seenByOther = await json<Record<string, unknown>[]>(await t.fetch(`/api/sections/${sectionId}/questions`, { token: await as(other) }), 200);
    expect(seenByOther).toEqual([
      expect.objectContaining({ text: '第三章业绩要求是否包括在建项目？', answer: '不包括在建项目。', answerNoticeId: clarification.id, mine: false }),
    ]);
    expect(seenByOther[0]).not.toHaveProperty('askerOrganisationId');
    expect(JSON.stringify(seenByOther)).not.toContain(asker.organisationId);
    const seenByAsker = await json<{ mine: boolean }[]>(await t.fetch(`/api/sections/${sectionId}/questions`, { token: await as(asker) }), 200);
    expect(seenByAsker[0].mine).toBe(true);
    // the supervisor may know who asked
    const supervisorView = await json<{ askerOrganisationId: string }[]>(await t.fetch(`/api/sections/${sectionId}/questions`, { token: await as(supervisor) }), 200);
    expect(supervisorView[0].askerOrganisationId).toBe(asker.organisationId);
    // every holder got the clarification, the asker like everyone else; a bidder without the documents did not
    for (const user of [asker, other]) {
      const inbox = await json<Inbox>(await t.fetch('/api/inbox', { token: await as(user) }), 200);
      expect(inbox.items.map((m) => m.noticeId)).toEqual([clarification.id]);
    }
    expect((await json<Inbox>(await t.fetch('/api/inbox', { token: await as(stranger) }), 200)).items).toEqual([]);
  });

  it('publish, change and termination each write their outbox record (GCJS_TENDER_PROJECT, GCJS_NOTICE) in the same transaction', async () => {
    const { project, notice } = await agencyProject({ procedureType: 'government' });
    const agency = await as(agencyStaff);
    await f.setClock('2026-12-03T10:00:00+08:00');
    const change = await f.draft(await as(agencyStaff), {
      projectId: project.id,
      type: 'supplement',
      changeKind: 'change',
      relatedNoticeId: notice.id,
      title: '变更公告',
      content: '投标截止时间延期。',
      affectsBidPreparation: true,
      newBidDeadline: '2026-12-28T09:30:00+08:00',
    });
    // the clock runs on from 10:00:00 while the draft is made: the record carries the instant the notice was published
    const changePublished = await json<{ publishedAt: string }>(await f.publish(await as(agencyStaff), change.id), 200);
    expect(changePublished.publishedAt.startsWith('2026-12-03T10:0')).toBe(true);
    await f.setClock('2026-12-10T10:00:00+08:00');
    const termination = await f.draft(await as(agencyStaff), {
      projectId: project.id,
      type: 'termination',
      relatedNoticeId: change.id,
      title: '终止公告',
      content: '终止采购。',
    });
    await json(await f.publish(await as(agencyStaff), termination.id), 200);
    // a refused publication leaves nothing upstream
    const late = await f.draft(await as(agencyStaff), { projectId: project.id, type: 'consultation', title: '征求意见', content: '……', sectionIds: [project.sections[0].id] });
    expect((await f.publish(await as(agencyStaff), late.id)).status).toBe(422);
    void agency;

    const rows: { dataset_code: string; sequence: number; body: string }[] = await t.app
      .get(DataSource)
      .query('SELECT dataset_code, sequence, body FROM outbox WHERE tender_project_code = $1 ORDER BY sequence', [project.code]);
    const records = rows.map((r) => ({ dataset: r.dataset_code, sequence: r.sequence, envelope: JSON.parse(r.body) as { record: Record<string, unknown>; dataTimestamp: string } }));
    expect(records.map((r) => [r.dataset, r.sequence])).toEqual([
      ['GCJS_TENDER_PROJECT', 1],
      ['GCJS_NOTICE', 2],
      ['GCJS_NOTICE', 3],
      ['GCJS_NOTICE', 4],
    ]);
    expect(records[0].envelope.record).toMatchObject({
      tenderProjectCode: project.code,
      procedureType: 'government',
      tendererName: '沈阳市城市建设投资集团有限公司',
      agencyName: '辽宁某某招标代理有限公司',
      regionCode: '210100',
      sections: [{ bidSectionCode: `${project.code}-001`, bidSectionName: '第1标段', estimatedPrice: '1000000.00' }],
    });
    expect(records[1].envelope.record).toMatchObject({
      noticeId: notice.code,
      bulletinType: 'tender',
      bidSectionCodes: [`${project.code}-001`],
      // documents are on offer from the publication (the test clock runs on from 10:00 while the project is set up)
      docGetStartTime: notice.publishedAt,
      docGetEndTime: '2026-12-10T17:00:00+08:00',
      bidDeadline: '2026-12-22T09:30:00+08:00',
      bidOpenTime: '2026-12-22T09:30:00+08:00',
      relatedNoticeId: null,
      firstNoticeId: notice.code,
      attachments: [{ name: '招标文件（第一标段）.pdf', sha256: notice.attachments[0].sha256, size: notice.attachments[0].size }],
    });
    expect(records[2].envelope.record).toMatchObject({
      noticeId: change.code,
      bulletinType: 'supplement',
      relatedNoticeId: notice.code,
      firstNoticeId: notice.code,
      bidDeadline: '2026-12-28T09:30:00+08:00',
      bidOpenTime: '2026-12-28T09:30:00+08:00',
      publishTime: changePublished.publishedAt,
    });
    expect(records[3].envelope.record).toMatchObject({
      noticeId: termination.code,
      bulletinType: 'termination',
      relatedNoticeId: change.code,
      firstNoticeId: notice.code,
      refundDueTime: '2026-12-18T00:00:00+08:00',
    });
    expect(records[3].envelope.dataTimestamp.startsWith('2026-12-10T10:00')).toBe(true);
  });

  it('SectionsService: the API the bids module moves sections with (optimistic checks, suspension, due for opening, holders)', async () => {
    const { project, notice } = await agencyProject();
    const a = await holder(undefined, notice);
    const sections = t.app.get(SectionsService);
    const ds = t.app.get(DataSource);
    const sectionId = project.sections[0].id;

    const section = await sections.get(sectionId);
    expect(section).toMatchObject({
      status: 'published',
      project: { id: project.id, procedureType: 'construction', tendererOrgId: tendererStaff.organisationId, agencyOrgId: agencyStaff.organisationId },
    });
    expect(await sections.holdsDocuments(sectionId, a.organisationId)).toBe(true);
    expect(await sections.holdsDocuments(sectionId, tendererStaff.organisationId)).toBe(false);

    const deadline = new Date('2026-12-22T09:30:00+08:00');
    expect((await sections.listDueForOpening(new Date(deadline.getTime() - 1))).map((s) => s.id)).not.toContain(sectionId);
    expect((await sections.listDueForOpening(deadline)).map((s) => s.id)).toContain(sectionId);

    // a lifecycle move that does not exist, and one from a state the section is no longer in
    await expect(ds.transaction((m) => sections.transition(m, sectionId, 'published', 'evaluated', SYSTEM_ACTOR))).rejects.toMatchObject({
      code: 'SECTION_TRANSITION_REFUSED',
    });
    await expect(ds.transaction((m) => sections.transition(m, sectionId, 'draft', 'published', SYSTEM_ACTOR))).rejects.toMatchObject({
      code: 'SECTION_STATE_CONFLICT',
    });
    // suspended: no move but termination, and not due for opening
    await ds.transaction((m) => sections.setSuspended(m, sectionId, true, SYSTEM_ACTOR, { reason: '异议处理中' }));
    expect((await sections.listDueForOpening(deadline)).map((s) => s.id)).not.toContain(sectionId);
    await expect(ds.transaction((m) => sections.transition(m, sectionId, 'published', 'opening', SYSTEM_ACTOR))).rejects.toMatchObject({
      code: 'SECTION_SUSPENDED',
    });
    await ds.transaction((m) => sections.setSuspended(m, sectionId, false, SYSTEM_ACTOR));
    const window = new Date('2026-12-22T10:30:00+08:00');
    const moved = await ds.transaction((m) =>
      sections.transition(m, sectionId, 'published', 'opening', SYSTEM_ACTOR, { decryptionWindowEnd: window, at: deadline }),
    );
    expect(moved).toMatchObject({ status: 'opening', decryptionWindowEnd: window, version: section.version + 3 });
    // two movers racing: the second finds the section already moved
    await expect(ds.transaction((m) => sections.transition(m, sectionId, 'published', 'opening', SYSTEM_ACTOR))).rejects.toMatchObject({
      code: 'SECTION_STATE_CONFLICT',
    });
    // a rolled-back move leaves the section as it was
    await expect(
      ds.transaction(async (m) => {
        await sections.transition(m, sectionId, 'opening', 'failed', SYSTEM_ACTOR);
        throw new Error('the caller failed after moving');
      }),
    ).rejects.toThrow('the caller failed');
    expect((await sections.get(sectionId)).status).toBe('opening');
    const audit: { action: string }[] = await ds.query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY id`, [sectionId]);
    expect(audit.map((e) => e.action)).toEqual(['section.transition', 'section.suspend', 'section.resume', 'section.transition']);
  });
});

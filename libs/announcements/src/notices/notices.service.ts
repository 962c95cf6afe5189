import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, CalendarService, ChangeContext, ChangeService, Errors, RulesTable } from '@app/core';
import { Document, DocumentPurpose, DocumentsService } from '@app/documents';
import { OutboxService } from '@app/exchange';
import { AnnouncementErrors, ruleRefusal } from '../announcements.errors';
import { assertMayOversee, assertProjectStaff } from '../common/access';
import { shanghai } from '../common/time';
import { noticeRecord } from '../common/upstream-records';
import { CreateNoticeDto, UpdateNoticeDto } from '../dto/notice.dto';
import { InboxService } from '../inbox/inbox.service';
import { TenderProject } from '../projects/tender-project.entity';
import { TenderQuestion } from '../questions/question.entity';
import { checkConsultation, checkSupplement, checkTenderNotice, instantAllowed, refundDue, RuleViolation } from '../rules/announcement-rules';
import { bucketOf, indexTokens, searchTextOf } from '../search/gram-search';
import { isTerminable } from '../sections/section-lifecycle';
import { SectionsService } from '../sections/sections.service';
import { TenderSection } from '../sections/tender-section.entity';
import { ANNOUNCEMENT_RULES } from '../announcements.tokens';
import { AttachmentKind, DraftAnswer, Notice, NoticeAttachment, NoticeSection, NoticeType } from './notice.entity';

/** Which optional fields each notice type uses; any other is refused (FIELD_NOT_ALLOWED). */
const FIELDS_OF: Record<NoticeType, readonly string[]> = {
  tender: ['sectionIds', 'documentsFrom', 'documentsUntil', 'noticePeriodEnd'],
  consultation: ['sectionIds', 'commentPeriodEnd'],
  supplement: ['relatedNoticeId', 'changeKind', 'affectsBidPreparation', 'newBidDeadline', 'documentsUntil', 'answers'],
  termination: ['relatedNoticeId', 'sectionIds'],
  candidate_publicity: [],
  result: [],
};
const OPTIONAL_FIELDS = [
  'sectionIds',
  'documentsFrom',
  'documentsUntil',
  'noticePeriodEnd',
  'commentPeriodEnd',
  'relatedNoticeId',
  'changeKind',
  'affectsBidPreparation',
  'newBidDeadline',
  'answers',
] as const;

/** What a supplement or termination may name: the current notice of a chain. */
const RELATED_TYPES: Record<'supplement' | 'termination', readonly NoticeType[]> = {
  supplement: ['tender', 'supplement', 'consultation'],
  termination: ['tender', 'supplement'],
};

const TYPE_ZH: Record<NoticeType, string> = {
  tender: '招标公告',
  consultation: '征求意见公告',
  supplement: '补充/变更公告',
  termination: '终止公告',
  candidate_publicity: '中标候选人公示',
  result: '中标结果公告',
};

export interface AttachmentOutput {
  documentId: string;
  kind: AttachmentKind;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface NoticeOutput {
  id: string;
  code: string;
  projectId: string;
  type: NoticeType;
  changeKind: string | null;
  status: string;
  title: string;
  content: string;
  relatedNotice: { id: string; code: string; title: string } | null;
  firstNoticeId: string | null;
  affectsBidPreparation: boolean;
  newBidDeadline: string | null;
  documentsFrom: string | null;
  documentsUntil: string | null;
  noticePeriodEnd: string | null;
  commentPeriodEnd: string | null;
  answers: DraftAnswer[];
  publishedAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  supersededAt: string | null;
  supersededBy: string | null;
  sections: { id: string; code: string; name: string; status: string; bidDeadline: string; documentsUntil: string | null }[];
  attachments: AttachmentOutput[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export function attachmentOutput(a: NoticeAttachment): AttachmentOutput {
  return { documentId: a.documentId, kind: a.kind, name: a.name, contentType: a.contentType, size: a.size, sha256: a.sha256 };
}

/**
 * Notices (公告) and their lifecycle: draft → published → superseded | withdrawn. A published notice is never
 * edited; publishing checks every figure of docs/rules.md for the project's procedure type, moves the sections it
 * concerns, notifies the holders of the tender documents and writes the GCJS_NOTICE record, in one transaction.
 */
@Injectable()
export class NoticesService {
  private readonly logger = new Logger('Notices');

  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
    private readonly sections: SectionsService,
    private readonly documents: DocumentsService,
    private readonly outbox: OutboxService,
    private readonly inbox: InboxService,
    private readonly calendars: CalendarService,
    @Inject(ANNOUNCEMENT_RULES) private readonly rules: RulesTable,
  ) {}

  async createDraft(actor: Actor, dto: CreateNoticeDto): Promise<NoticeOutput> {
    return this.change.run(actor, async (ctx) => {
      const project = await this.lockProject(ctx.manager, dto.projectId);
      assertProjectStaff(actor, project);
      this.assertFieldsOf(dto.type, dto);
      let related: Notice | null = null;
      let sectionIds: string[];
      if (dto.type === 'supplement' || dto.type === 'termination') {
        if (!dto.relatedNoticeId) throw AnnouncementErrors.fieldRequired('relatedNoticeId', '所变更的公告');
        related = await this.relatedNotice(ctx.manager, project, dto.type, dto.relatedNoticeId);
        const relatedSections = await this.sectionIdsOf(ctx.manager, related.id);
        sectionIds = dto.sectionIds ?? relatedSections;
        if (sectionIds.some((id) => !relatedSections.includes(id))) {
          throw AnnouncementErrors.relatedNotice('A termination can only end sections of the notice it names', '终止公告只能终止所变更公告的标段');
        }
      } else {
        if (!dto.sectionIds) throw AnnouncementErrors.fieldRequired('sectionIds', '标段');
        sectionIds = dto.sectionIds;
      }
      await this.assertSectionsOfProject(ctx.manager, project.id, sectionIds);
      const number = project.noticeCount + 1;
      await ctx.manager.update(TenderProject, { id: project.id }, { noticeCount: number });
      const notice = ctx.manager.create(Notice, {
        id: randomUUID(),
        code: `${project.code}-N${String(number).padStart(3, '0')}`,
        projectId: project.id,
        type: dto.type,
        changeKind: dto.type === 'supplement' ? (dto.changeKind ?? 'supplement') : null,
        status: 'draft',
        title: dto.title.trim(),
        content: dto.content,
        relatedNoticeId: related?.id ?? null,
        firstNoticeId: null,
        affectsBidPreparation: dto.affectsBidPreparation ?? false,
        newBidDeadline: instant(dto.newBidDeadline),
        documentsFrom: instant(dto.documentsFrom),
        documentsUntil: instant(dto.documentsUntil),
        noticePeriodEnd: instant(dto.noticePeriodEnd),
        commentPeriodEnd: instant(dto.commentPeriodEnd),
        answers: dto.answers?.map((a) => ({ questionId: a.questionId, answer: a.answer })) ?? [],
        publishedAt: null,
        withdrawnAt: null,
        withdrawReason: null,
        supersededAt: null,
        supersededBy: null,
        procedureType: project.procedureType,
        regionCode: project.regionCode,
        projectName: project.name,
        createdBy: actor.accountId,
        createdAt: ctx.at,
        updatedAt: ctx.at,
        version: 1,
      });
      await ctx.manager.insert(Notice, notice);
      await ctx.manager.insert(
        NoticeSection,
        sectionIds.map((sectionId) => ({ noticeId: notice.id, sectionId })),
      );
      if (notice.answers.length) await this.assertAnswerable(ctx.manager, sectionIds, notice.answers);
      await ctx.audit({ action: 'notice.draft', entityType: 'notice', entityId: notice.id, data: { code: notice.code, type: notice.type } });
      return this.output(ctx.manager, notice.id);
    });
  }

  /** Only a draft changes; a published notice is changed by a supplement that names it. */
  async updateDraft(actor: Actor, noticeId: string, dto: UpdateNoticeDto): Promise<NoticeOutput> {
    return this.change.run(actor, async (ctx) => {
      const notice = await this.lockDraft(ctx.manager, actor, noticeId);
      this.assertFieldsOf(notice.type, dto);
      const patch: Partial<Notice> = {};
      if (dto.title !== undefined) patch.title = dto.title.trim();
      if (dto.content !== undefined) patch.content = dto.content;
      if (dto.changeKind !== undefined) patch.changeKind = dto.changeKind;
      if (dto.affectsBidPreparation !== undefined) patch.affectsBidPreparation = dto.affectsBidPreparation;
      for (const key of ['newBidDeadline', 'documentsFrom', 'documentsUntil', 'noticePeriodEnd', 'commentPeriodEnd'] as const) {
        if (dto[key] !== undefined) patch[key] = instant(dto[key]);
      }
      let sectionIds = await this.sectionIdsOf(ctx.manager, noticeId);
      if (dto.sectionIds) {
        if (notice.type === 'termination') {
          const relatedSections = await this.sectionIdsOf(ctx.manager, notice.relatedNoticeId!);
          if (dto.sectionIds.some((id) => !relatedSections.includes(id))) {
            throw AnnouncementErrors.relatedNotice('A termination can only end sections of the notice it names', '终止公告只能终止所变更公告的标段');
          }
        }
        await this.assertSectionsOfProject(ctx.manager, notice.projectId, dto.sectionIds);
        await ctx.manager.delete(NoticeSection, { noticeId });
        await ctx.manager.insert(
          NoticeSection,
          dto.sectionIds.map((sectionId) => ({ noticeId, sectionId })),
        );
        sectionIds = dto.sectionIds;
      }
      if (dto.answers !== undefined) {
        patch.answers = dto.answers.map((a) => ({ questionId: a.questionId, answer: a.answer }));
        await this.assertAnswerable(ctx.manager, sectionIds, patch.answers);
      }
      await ctx.manager.update(Notice, { id: noticeId }, { ...patch, updatedAt: ctx.at, version: notice.version + 1 });
      await ctx.audit({ action: 'notice.edit', entityType: 'notice', entityId: noticeId, data: { code: notice.code, fields: Object.keys(patch) } });
      return this.output(ctx.manager, noticeId);
    });
  }

  async deleteDraft(actor: Actor, noticeId: string): Promise<void> {
    const removed = await this.change.run(actor, async (ctx) => {
      const notice = await this.lockDraft(ctx.manager, actor, noticeId);
      const attachments = await ctx.manager.find(NoticeAttachment, { where: { noticeId } });
      await ctx.manager.delete(NoticeAttachment, { noticeId });
      await ctx.manager.delete(NoticeSection, { noticeId });
      await ctx.manager.delete(Notice, { id: noticeId });
      await ctx.audit({ action: 'notice.delete_draft', entityType: 'notice', entityId: noticeId, data: { code: notice.code } });
      return attachments;
    });
    for (const a of removed) await this.removeDocument(a.documentId);
  }

  /**
   * Stores a file for a draft notice through libs/documents (streamed, hashed), then records it on the notice.
   * Tender documents (招标文件) belong to tender notices and supplements (amended documents).
   */
  async attach(
    actor: Actor,
    noticeId: string,
    input: { kind: AttachmentKind; name: string; stream: Readable; declaredSize?: number; declaredType?: string },
  ): Promise<AttachmentOutput> {
    const notice = await this.dataSource.manager.findOne(Notice, { where: { id: noticeId } });
    if (!notice) throw AnnouncementErrors.noticeNotFound();
    const project = await this.dataSource.manager.findOneOrFail(TenderProject, { where: { id: notice.projectId } });
    assertProjectStaff(actor, project);
    if (notice.status !== 'draft') throw AnnouncementErrors.notDraft('notice');
    if (input.kind === 'tender-document' && notice.type !== 'tender' && notice.type !== 'supplement') {
      throw AnnouncementErrors.fieldNotAllowed('tender-document', notice.type);
    }
    const purpose = input.kind === 'tender-document' ? DocumentPurpose.TenderDocument : DocumentPurpose.NoticeAttachment;
    const document = await this.documents.store(purpose, input.stream, {
      originalName: input.name,
      declaredSize: input.declaredSize,
      declaredType: input.declaredType,
      createdBy: actor.accountId,
      uploaderOrgId: actor.organisationId,
    });
    try {
      return await this.change.run(actor, async (ctx) => {
        await this.lockDraft(ctx.manager, actor, noticeId);
        const [{ n }] = (await ctx.manager.query(`SELECT count(*)::int AS n FROM notice_attachment WHERE notice_id = $1`, [noticeId])) as { n: number }[];
        const attachment = ctx.manager.create(NoticeAttachment, {
          noticeId,
          documentId: document.id,
          kind: input.kind,
          position: n + 1,
          name: document.originalName,
          contentType: document.contentType,
          sha256: document.sha256,
          size: document.size,
          createdAt: ctx.at,
        });
        await ctx.manager.insert(NoticeAttachment, attachment);
        await ctx.audit({
          action: 'notice.attach',
          entityType: 'notice',
          entityId: noticeId,
          data: { documentId: document.id, kind: input.kind, name: document.originalName, sha256: document.sha256, size: document.size },
        });
        return attachmentOutput(attachment);
      });
    } catch (err) {
      await this.removeDocument(document.id);
      throw err;
    }
  }

  async detach(actor: Actor, noticeId: string, documentId: string): Promise<void> {
    await this.change.run(actor, async (ctx) => {
      await this.lockDraft(ctx.manager, actor, noticeId);
      const attachment = await ctx.manager.findOne(NoticeAttachment, { where: { noticeId, documentId } });
      if (!attachment) throw AnnouncementErrors.attachmentNotFound();
      await ctx.manager.delete(NoticeAttachment, { noticeId, documentId });
      await ctx.audit({ action: 'notice.detach', entityType: 'notice', entityId: noticeId, data: { documentId, name: attachment.name } });
    });
    await this.removeDocument(documentId);
  }

  /** Publishes a draft: the rules of its type, the sections it moves, the holders it notifies, the record upstream. */
  async publish(actor: Actor, noticeId: string): Promise<NoticeOutput> {
    return this.change.run(actor, async (ctx) => {
      const notice = await this.lockDraft(ctx.manager, actor, noticeId);
      const project = await this.lockProject(ctx.manager, notice.projectId);
      const sectionIds = await this.sectionIdsOf(ctx.manager, noticeId);
      const sections = await this.lockSections(ctx.manager, sectionIds);
      const attachments = await ctx.manager.find(NoticeAttachment, { where: { noticeId }, order: { position: 'ASC' } });
      let related: Notice | null = null;
      let firstNoticeId = notice.id;
      if (notice.relatedNoticeId) {
        related = await this.relatedNotice(ctx.manager, project, notice.type as 'supplement' | 'termination', notice.relatedNoticeId, true);
        firstNoticeId = related.firstNoticeId ?? related.id;
      }
      const patch: Partial<Notice> = { status: 'published', publishedAt: ctx.at, firstNoticeId, updatedAt: ctx.at, version: notice.version + 1 };

      switch (notice.type) {
        case 'tender':
          Object.assign(patch, await this.publishTender(ctx, actor, notice, project, sections, attachments));
          break;
        case 'consultation':
          this.publishConsultation(ctx, notice, sections);
          break;
        case 'supplement':
          await this.publishSupplement(ctx, notice, project, sections);
          break;
        case 'termination':
          await this.publishTermination(ctx, actor, notice, project, sections);
          break;
      }

      await ctx.manager.update(Notice, { id: noticeId }, patch);
      if (related && (await this.coversAllSections(ctx.manager, related.id, sectionIds))) {
        await ctx.manager.update(Notice, { id: related.id }, { status: 'superseded', supersededAt: ctx.at, supersededBy: noticeId, updatedAt: ctx.at });
      }
      const published = await ctx.manager.findOneOrFail(Notice, { where: { id: noticeId } });
      const after = await ctx.manager.find(TenderSection, { where: { id: In(sectionIds) }, order: { number: 'ASC' } });
      const searchText = searchTextOf(
        published.title,
        published.projectName,
        published.code,
        after.map((s) => s.code).join(' '),
        ...attachments.map((a) => a.name),
        published.content,
      );
      await ctx.manager.query(`UPDATE notice SET search_text = $2, search_vector = array_to_tsvector($3::text[]) WHERE id = $1`, [
        noticeId,
        searchText,
        indexTokens(searchText, bucketOf(published.publishedAt!)),
      ]);
      await ctx.audit({
        action: 'notice.publish',
        entityType: 'notice',
        entityId: noticeId,
        data: {
          code: published.code,
          type: published.type,
          sections: after.map((s) => s.code),
          relatedNotice: related?.code ?? null,
          attachments: attachments.map((a) => ({ name: a.name, sha256: a.sha256, size: a.size })),
        },
      });
      await this.sendNoticeRecord(ctx, published, after, attachments, related?.code ?? null, 'published');
      return this.output(ctx.manager, noticeId);
    });
  }

  /**
   * Publishes a candidate publicity or a result announcement at once, in the caller's transaction (the awards module
   * writes its own rows, audit and upstream record in the same one): a published notice of the section's project, in
   * the public list, search and feed under its own type. The previous one of the same type for the section is
   * superseded by it (kept: a new publicity after a correction).
   */
  async publishAwardNotice(
    ctx: ChangeContext,
    input: { sectionId: string; type: 'candidate_publicity' | 'result'; title: string; content: string },
  ): Promise<{ id: string; code: string }> {
    const { manager, actor } = ctx;
    const at = ctx.at;
    const section = await manager.findOneOrFail(TenderSection, { where: { id: input.sectionId } });
    const project = await this.lockProject(manager, section.projectId);
    const number = project.noticeCount + 1;
    await manager.update(TenderProject, { id: project.id }, { noticeCount: number });
    const previous = await manager
      .createQueryBuilder(Notice, 'n')
      .innerJoin(NoticeSection, 'ns', 'ns.notice_id = n.id AND ns.section_id = :sectionId', { sectionId: section.id })
      .where(`n.type = :type AND n.status = 'published'`, { type: input.type })
      .getOne();
    const notice = manager.create(Notice, {
      id: randomUUID(),
      code: `${project.code}-N${String(number).padStart(3, '0')}`,
      projectId: project.id,
      type: input.type,
      changeKind: null,
      status: 'draft',
      title: input.title.slice(0, 200),
      content: input.content,
      relatedNoticeId: previous?.id ?? null,
      firstNoticeId: previous ? (previous.firstNoticeId ?? previous.id) : null,
      affectsBidPreparation: false,
      newBidDeadline: null,
      documentsFrom: null,
      documentsUntil: null,
      noticePeriodEnd: null,
      commentPeriodEnd: null,
      answers: [],
      publishedAt: null,
      withdrawnAt: null,
      withdrawReason: null,
      supersededAt: null,
      supersededBy: null,
      procedureType: project.procedureType,
      regionCode: project.regionCode,
      projectName: project.name,
      createdBy: actor.accountId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    if (!notice.firstNoticeId) notice.firstNoticeId = notice.id;
    await manager.insert(Notice, notice);
    // written as a draft with its section, then published: a published notice's parts never change (trigger)
    await manager.insert(NoticeSection, [{ noticeId: notice.id, sectionId: section.id }]);
    await manager.update(Notice, { id: notice.id }, { status: 'published', publishedAt: at });
    if (previous) await manager.update(Notice, { id: previous.id }, { status: 'superseded', supersededAt: at, supersededBy: notice.id, updatedAt: at });
    const searchText = searchTextOf(notice.title, notice.projectName, notice.code, section.code, notice.content);
    await manager.query(`UPDATE notice SET search_text = $2, search_vector = array_to_tsvector($3::text[]) WHERE id = $1`, [
      notice.id,
      searchText,
      indexTokens(searchText, bucketOf(at)),
    ]);
    await ctx.audit({ action: 'notice.publish', entityType: 'notice', entityId: notice.id, data: { code: notice.code, type: notice.type, sections: [section.code], supersedes: previous?.code ?? null } });
    return { id: notice.id, code: notice.code };
  }

  /** Withdraws a published consultation notice (撤回). Other notices change by a supplement or end by a termination. */
  async withdraw(actor: Actor, noticeId: string, reason: string): Promise<NoticeOutput> {
    return this.change.run(actor, async (ctx) => {
      const notice = await ctx.manager.findOne(Notice, { where: { id: noticeId }, lock: { mode: 'pessimistic_write' } });
      if (!notice) throw AnnouncementErrors.noticeNotFound();
      const project = await ctx.manager.findOneOrFail(TenderProject, { where: { id: notice.projectId } });
      assertProjectStaff(actor, project);
      if (notice.type !== 'consultation') throw AnnouncementErrors.withdrawNotAllowed(notice.type);
      if (notice.status !== 'published') {
        throw Errors.conflict('NOTICE_NOT_PUBLISHED', '只有已发布的公告可以撤回', 'Only a published notice can be withdrawn', { status: notice.status });
      }
      await ctx.manager.update(
        Notice,
        { id: noticeId },
        { status: 'withdrawn', withdrawnAt: ctx.at, withdrawReason: reason.trim(), updatedAt: ctx.at, version: notice.version + 1 },
      );
      const withdrawn = await ctx.manager.findOneOrFail(Notice, { where: { id: noticeId } });
      const sections = await ctx.manager.find(TenderSection, { where: { id: In(await this.sectionIdsOf(ctx.manager, noticeId)) } });
      const attachments = await ctx.manager.find(NoticeAttachment, { where: { noticeId } });
      const related = notice.relatedNoticeId ? await ctx.manager.findOne(Notice, { where: { id: notice.relatedNoticeId } }) : null;
      await ctx.audit({ action: 'notice.withdraw', entityType: 'notice', entityId: noticeId, data: { code: notice.code, reason } });
      await this.sendNoticeRecord(ctx, withdrawn, sections, attachments, related?.code ?? null, 'withdrawn');
      return this.output(ctx.manager, noticeId);
    });
  }

  /** The staff view of a notice, drafts included: the project's staff and supervisors. */
  async get(actor: Actor, noticeId: string): Promise<NoticeOutput> {
    const notice = await this.dataSource.manager.findOne(Notice, { where: { id: noticeId } });
    if (!notice) throw AnnouncementErrors.noticeNotFound();
    const project = await this.dataSource.manager.findOneOrFail(TenderProject, { where: { id: notice.projectId } });
    assertMayOversee(actor, project);
    return this.output(this.dataSource.manager, noticeId);
  }

  async listForProject(actor: Actor, projectId: string): Promise<NoticeOutput[]> {
    const project = await this.dataSource.manager.findOne(TenderProject, { where: { id: projectId } });
    if (!project) throw AnnouncementErrors.projectNotFound();
    assertMayOversee(actor, project);
    const notices = await this.dataSource.manager.find(Notice, { where: { projectId }, order: { createdAt: 'ASC', code: 'ASC' } });
    const out: NoticeOutput[] = [];
    for (const n of notices) out.push(await this.output(this.dataSource.manager, n.id));
    return out;
  }

  async output(manager: EntityManager, noticeId: string): Promise<NoticeOutput> {
    const n = await manager.findOneOrFail(Notice, { where: { id: noticeId } });
    const sectionIds = await this.sectionIdsOf(manager, noticeId);
    const sections = sectionIds.length ? await manager.find(TenderSection, { where: { id: In(sectionIds) }, order: { number: 'ASC' } }) : [];
    const attachments = await manager.find(NoticeAttachment, { where: { noticeId }, order: { position: 'ASC' } });
    const related = n.relatedNoticeId ? await manager.findOne(Notice, { where: { id: n.relatedNoticeId } }) : null;
    return {
      id: n.id,
      code: n.code,
      projectId: n.projectId,
      type: n.type,
      changeKind: n.changeKind,
      status: n.status,
      title: n.title,
      content: n.content,
      relatedNotice: related ? { id: related.id, code: related.code, title: related.title } : null,
      firstNoticeId: n.firstNoticeId,
      affectsBidPreparation: n.affectsBidPreparation,
      newBidDeadline: shanghai(n.newBidDeadline),
      documentsFrom: shanghai(n.documentsFrom),
      documentsUntil: shanghai(n.documentsUntil),
      noticePeriodEnd: shanghai(n.noticePeriodEnd),
      commentPeriodEnd: shanghai(n.commentPeriodEnd),
      answers: n.answers,
      publishedAt: shanghai(n.publishedAt),
      withdrawnAt: shanghai(n.withdrawnAt),
      withdrawReason: n.withdrawReason,
      supersededAt: shanghai(n.supersededAt),
      supersededBy: n.supersededBy,
      sections: sections.map((s) => ({
        id: s.id,
        code: s.code,
        name: s.name,
        status: s.status,
        bidDeadline: shanghai(s.bidDeadline),
        documentsUntil: shanghai(s.documentsUntil),
      })),
      attachments: attachments.map(attachmentOutput),
      createdAt: shanghai(n.createdAt),
      updatedAt: shanghai(n.updatedAt),
      version: n.version,
    };
  }

  async sectionIdsOf(manager: EntityManager, noticeId: string): Promise<string[]> {
    const rows = await manager.find(NoticeSection, { where: { noticeId } });
    return rows.map((r) => r.sectionId);
  }

  // ——— publication by type ———

  /** 招标公告: R5, R6, R7, R9 (and R17 at registration); the sections open for tendering. */
  private async publishTender(
    ctx: ChangeContext,
    actor: Actor,
    notice: Notice,
    project: TenderProject,
    sections: TenderSection[],
    attachments: NoticeAttachment[],
  ): Promise<Partial<Notice>> {
    if (!notice.documentsUntil) throw AnnouncementErrors.fieldRequired('documentsUntil', '招标文件获取截止时间');
    for (const s of sections) {
      if (s.status !== 'draft') throw AnnouncementErrors.sectionState(s.code, s.status, ['draft']);
    }
    // Every problem a staff member can fix is found before refusing, so the first refusal lists them all.
    const problems: RuleViolation[] = [];
    if (!attachments.some((a) => a.kind === 'tender-document')) problems.push(missingTenderDocuments());
    for (const s of sections) {
      if (notice.documentsUntil.getTime() > s.bidDeadline.getTime()) problems.push(documentsAfterDeadline(s.code, s.bidDeadline));
    }
    const check = checkTenderNotice(
      {
        procedure: project.procedureType,
        publishAt: ctx.at,
        documentsFrom: notice.documentsFrom,
        documentsUntil: notice.documentsUntil,
        noticePeriodEnd: notice.noticePeriodEnd,
        sections: sections.map((s) => ({ code: s.code, bidDeadline: s.bidDeadline, estimatedPrice: s.estimatedPrice, bidSecurity: s.bidSecurity })),
      },
      this.calendars.calendar,
      this.rules,
    );
    if (check.violations.length || problems.length) throw ruleRefusal([...check.violations, ...problems]);
    for (const s of sections) {
      await this.sections.transition(ctx.manager, s.id, 'draft', 'published', actor, { at: ctx.at, reason: `tender notice ${notice.code}` });
      await ctx.manager
        .createQueryBuilder()
        .update(TenderSection)
        .set({ documentsIssuedAt: check.documentsIssuedAt, documentsUntil: notice.documentsUntil, updatedAt: ctx.at })
        .where('id = :id', { id: s.id })
        .execute();
    }
    return { documentsFrom: check.documentsIssuedAt, noticePeriodEnd: check.noticePeriodEnd };
  }

  /** 征求意见公告: R11, a comment period that ends after the publication. */
  private publishConsultation(ctx: ChangeContext, notice: Notice, sections: TenderSection[]): void {
    const violation = checkConsultation(ctx.at, notice.commentPeriodEnd);
    if (violation) throw ruleRefusal([violation]);
    for (const s of sections) {
      if (s.status === 'terminated' || s.status === 'failed') throw AnnouncementErrors.sectionState(s.code, s.status, ['draft', 'published']);
    }
  }

  /**
   * 补充/变更/澄清公告: R8 (and R5 for a new 截止). Moves 截止 and the opening with it, extends the document
   * period, answers questions, and reaches every holder of the documents (R13).
   */
  private async publishSupplement(ctx: ChangeContext, notice: Notice, project: TenderProject, sections: TenderSection[]): Promise<void> {
    const tendering = sections.filter((s) => s.status !== 'draft');
    for (const s of tendering) {
      if (s.status !== 'published') throw AnnouncementErrors.sectionState(s.code, s.status, ['published']);
      // after a suspension that left too little of the bid period (SectionsService.release), only a new 截止 helps
      if (s.newBidDeadlineRequired) {
        if (!notice.newBidDeadline) throw AnnouncementErrors.newBidDeadlineRequired(s.code);
        continue;
      }
      if (ctx.at.getTime() >= s.bidDeadline.getTime()) {
        throw Errors.conflict('BID_DEADLINE_PASSED', `标段 ${s.code} 已过投标截止时间`, `The bid deadline of section ${s.code} has passed`, { section: s.code });
      }
    }
    if (notice.newBidDeadline && tendering.length === 0) throw AnnouncementErrors.fieldNotAllowed('newBidDeadline', 'consultation supplement');
    const violations: RuleViolation[] = checkSupplement(
      {
        procedure: project.procedureType,
        publishAt: ctx.at,
        affectsBidPreparation: notice.affectsBidPreparation,
        sections: tendering.map((s) => ({ code: s.code, bidDeadline: s.bidDeadline, documentsIssuedAt: s.documentsIssuedAt })),
        newBidDeadline: notice.newBidDeadline,
      },
      this.calendars.calendar,
      this.rules,
    );
    for (const s of tendering) {
      const deadline = notice.newBidDeadline ?? s.bidDeadline;
      const documentsUntil = notice.documentsUntil ?? s.documentsUntil;
      if (documentsUntil && documentsUntil.getTime() > deadline.getTime()) violations.push(documentsAfterDeadline(s.code, deadline));
    }
    if (violations.length) throw ruleRefusal(violations);
    for (const s of tendering) {
      const deadline = notice.newBidDeadline ?? s.bidDeadline;
      const documentsUntil = notice.documentsUntil ?? s.documentsUntil;
      await ctx.manager
        .createQueryBuilder()
        .update(TenderSection)
        .set({ bidDeadline: deadline, openingTime: deadline, documentsUntil, updatedAt: ctx.at, version: () => 'version + 1' })
        .where('id = :id', { id: s.id })
        .execute();
      if (s.newBidDeadlineRequired && notice.newBidDeadline) await this.sections.newBidDeadlineSet(ctx.manager, s.id, ctx.actor, ctx.at);
    }
    if (notice.answers.length) {
      await this.assertAnswerable(ctx.manager, sections.map((s) => s.id), notice.answers);
      for (const a of notice.answers) {
        await ctx.manager.update(TenderQuestion, { id: a.questionId }, { answer: a.answer, answerNoticeId: notice.id, answeredAt: ctx.at });
      }
    }
    const kindZh = notice.changeKind === 'clarification' ? '澄清' : notice.changeKind === 'change' ? '变更' : '补充';
    const moved = notice.newBidDeadline ? `\n新的投标截止（开标）时间：${shanghai(notice.newBidDeadline)}` : '';
    for (const s of tendering) {
      const holders = await this.sections.listHolders(s.id, ctx.manager);
      await this.inbox.deliver(
        ctx.manager,
        holders.map((h) => h.organisationId),
        {
          kind: 'clarification',
          title: `【${kindZh}】${notice.title}`,
          body: `${project.name}（标段 ${s.code}）发布${kindZh}公告 ${notice.code}。${moved}\n\n${notice.content}`,
          noticeId: notice.id,
          sectionId: s.id,
        },
        ctx.at,
      );
    }
  }

  /** 终止公告 (R10): the sections end, every holder is told, and (government) the refund due date is recorded. */
  private async publishTermination(ctx: ChangeContext, actor: Actor, notice: Notice, project: TenderProject, sections: TenderSection[]): Promise<void> {
    const due = refundDue(project.procedureType, ctx.at, this.calendars.calendar, this.rules);
    for (const s of sections) {
      if (!isTerminable(s.status)) throw AnnouncementErrors.sectionState(s.code, s.status, ['published', 'opening', 'opened', 'evaluated', 'publicity']);
      await this.sections.transition(ctx.manager, s.id, s.status, 'terminated', actor, { at: ctx.at, reason: `termination notice ${notice.code}` });
      if (due) {
        await ctx.manager
          .createQueryBuilder()
          .update(TenderSection)
          .set({ refundDueAt: due.at, refundDueProvisional: due.provisional })
          .where('id = :id', { id: s.id })
          .execute();
      }
      const holders = await this.sections.listHolders(s.id, ctx.manager);
      const refund = due
        ? `\n招标文件费用、投标保证金及其孳息将于 ${due.date} 前退还（${due.basis}）。`
        : '\n已收取的招标文件费用、投标保证金及其孳息将予退还。';
      await this.inbox.deliver(
        ctx.manager,
        holders.map((h) => h.organisationId),
        {
          kind: 'termination',
          title: `【终止】${notice.title}`,
          body: `${project.name}（标段 ${s.code}）已终止招标，终止公告 ${notice.code}。${refund}\n\n${notice.content}`,
          noticeId: notice.id,
          sectionId: s.id,
        },
        ctx.at,
      );
    }
  }

  // ——— helpers ———

  private async sendNoticeRecord(
    ctx: ChangeContext,
    notice: Notice,
    sections: TenderSection[],
    attachments: NoticeAttachment[],
    relatedCode: string | null,
    status: 'published' | 'withdrawn',
  ): Promise<void> {
    const project = await ctx.manager.findOneOrFail(TenderProject, { where: { id: notice.projectId } });
    const first = notice.firstNoticeId ? await ctx.manager.findOne(Notice, { where: { id: notice.firstNoticeId } }) : null;
    await this.outbox.append(ctx.manager, {
      tenderProjectCode: project.code,
      datasetCode: 'GCJS_NOTICE',
      record: noticeRecord({ notice, sections, attachments, relatedCode, firstCode: first?.code ?? notice.code, status }),
      at: ctx.at,
    });
  }

  private assertFieldsOf(type: NoticeType, dto: object): void {
    const given = dto as Record<string, unknown>;
    for (const field of OPTIONAL_FIELDS) {
      if (given[field] !== undefined && !FIELDS_OF[type].includes(field)) throw AnnouncementErrors.fieldNotAllowed(field, type);
    }
  }

  private async lockProject(manager: EntityManager, projectId: string): Promise<TenderProject> {
    const project = await manager.findOne(TenderProject, { where: { id: projectId }, lock: { mode: 'pessimistic_write' } });
    if (!project) throw AnnouncementErrors.projectNotFound();
    return project;
  }

  private async lockDraft(manager: EntityManager, actor: Actor, noticeId: string): Promise<Notice> {
    const notice = await manager.findOne(Notice, { where: { id: noticeId }, lock: { mode: 'pessimistic_write' } });
    if (!notice) throw AnnouncementErrors.noticeNotFound();
    const project = await manager.findOneOrFail(TenderProject, { where: { id: notice.projectId } });
    assertProjectStaff(actor, project);
    if (notice.status !== 'draft') throw AnnouncementErrors.notDraft('notice');
    return notice;
  }

  private async lockSections(manager: EntityManager, ids: string[]): Promise<TenderSection[]> {
    if (!ids.length) return [];
    return manager.find(TenderSection, { where: { id: In(ids) }, order: { number: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  private async assertSectionsOfProject(manager: EntityManager, projectId: string, sectionIds: string[]): Promise<void> {
    const unique = [...new Set(sectionIds)];
    if (unique.length !== sectionIds.length) throw AnnouncementErrors.sectionsOfOtherProject();
    const found = await manager.count(TenderSection, { where: { id: In(unique), projectId } });
    if (found !== unique.length) throw AnnouncementErrors.sectionsOfOtherProject();
  }

  /** The notice a supplement or termination names: published, of the same project, the current one of its chain. */
  private async relatedNotice(
    manager: EntityManager,
    project: TenderProject,
    type: 'supplement' | 'termination',
    relatedId: string,
    lock = false,
  ): Promise<Notice> {
    const related = await manager.findOne(Notice, { where: { id: relatedId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!related || related.projectId !== project.id) {
      throw AnnouncementErrors.relatedNotice('The related notice must be a notice of the same project', '所变更的公告必须是本项目的公告');
    }
    if (related.status !== 'published') {
      throw AnnouncementErrors.relatedNotice(
        `The related notice is ${related.status}; name the current published notice`,
        `所变更的公告状态为 ${related.status}，请选择当前有效的公告`,
      );
    }
    if (!RELATED_TYPES[type].includes(related.type)) {
      throw AnnouncementErrors.relatedNotice(`A ${type} cannot change a ${related.type} notice`, `${TYPE_ZH[type]}不能变更${TYPE_ZH[related.type]}`);
    }
    return related;
  }

  private async coversAllSections(manager: EntityManager, relatedId: string, sectionIds: string[]): Promise<boolean> {
    const relatedSections = await this.sectionIdsOf(manager, relatedId);
    return relatedSections.every((id) => sectionIds.includes(id));
  }

  private async assertAnswerable(manager: EntityManager, sectionIds: string[], answers: DraftAnswer[]): Promise<void> {
    for (const a of answers) {
      const q = await manager.findOne(TenderQuestion, { where: { id: a.questionId } });
      if (!q || !sectionIds.includes(q.sectionId)) throw AnnouncementErrors.answerUnknown(a.questionId);
      if (q.answerNoticeId) throw AnnouncementErrors.answeredAlready(a.questionId);
    }
  }

  private async removeDocument(documentId: string): Promise<void> {
    try {
      const document: Document = await this.documents.findById(documentId);
      await this.documents.remove(document);
    } catch (err) {
      this.logger.warn(`could not remove document ${documentId}: ${(err as Error).message}`);
    }
  }
}

function instant(value: string | null | undefined): Date | null {
  return value ? new Date(value) : null;
}

/** A tender notice without its tender documents (not a legal figure, listed with the rules broken). */
function missingTenderDocuments(): RuleViolation {
  return { rule: null, code: 'TENDER_DOCUMENTS_MISSING', zh: '招标公告须附招标文件', en: 'A tender notice needs its tender documents attached', field: 'attachments' };
}

/** Documents available after 截止: an earlier documentsUntil lifts it, so the refusal carries the latest allowed. */
function documentsAfterDeadline(section: string, bidDeadline: Date): RuleViolation {
  return {
    rule: null,
    code: 'DOCUMENTS_UNTIL_AFTER_DEADLINE',
    zh: `招标文件获取截止时间不能晚于标段 ${section} 的投标截止时间`,
    en: `Documents cannot be available after the bid deadline of section ${section}`,
    field: 'documentsUntil',
    section,
    latest: instantAllowed(bidDeadline, 'the bid deadline of the section'),
  };
}

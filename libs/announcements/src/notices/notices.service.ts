import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, ChangeContext, ChangeService, PeriodCount, periodBucketParams, PERIODS_FROM } from '@app/core';
import { Document, DocumentPurpose, DocumentsService } from '@app/documents';
import { AnnouncementErrors } from '../announcements.errors';
import { assertMayOversee, assertProjectStaff } from '../common/access';
import { CreateNoticeDto, UpdateNoticeDto } from '../dto/notice.dto';
import { TenderProject } from '../projects/tender-project.entity';
import { TenderSection } from '../sections/tender-section.entity';
import { AttachmentKind, Notice, NoticeAttachment, NoticeSection, NoticeType } from './notice.entity';
import { NoticePublicationService } from './notice-publication.service';
import {
  assertAnswerable,
  AttachmentOutput,
  attachmentOutput,
  lockDraft,
  lockProject,
  noticeOutput,
  NoticeOutput,
  relatedNotice,
  sectionIdsOf,
} from './notice-queries';

export { attachmentOutput } from './notice-queries';
export type { AttachmentOutput, NoticeOutput } from './notice-queries';

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

/**
 * Notices (公告) and their lifecycle: draft → published → superseded | withdrawn. A published notice is never
 * edited. Here: drafts, their attachments and the staff view; the publication (the rules of each type, the sections
 * it moves, the holders it notifies, the GCJS_NOTICE record) is NoticePublicationService's, which this delegates to.
 */
@Injectable()
export class NoticesService {
  private readonly logger = new Logger('Notices');

  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
    private readonly documents: DocumentsService,
    private readonly publication: NoticePublicationService,
  ) {}

  async createDraft(actor: Actor, dto: CreateNoticeDto): Promise<NoticeOutput> {
    return this.change.run(actor, async (ctx) => {
      const project = await lockProject(ctx.manager, dto.projectId);
      assertProjectStaff(actor, project);
      this.assertFieldsOf(dto.type, dto);
      let related: Notice | null = null;
      let sectionIds: string[];
      if (dto.type === 'supplement' || dto.type === 'termination') {
        if (!dto.relatedNoticeId) throw AnnouncementErrors.fieldRequired('relatedNoticeId', '所变更的公告');
        related = await relatedNotice(ctx.manager, project, dto.type, dto.relatedNoticeId);
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
      if (notice.answers.length) await assertAnswerable(ctx.manager, sectionIds, notice.answers);
      await ctx.audit({ action: 'notice.draft', entityType: 'notice', entityId: notice.id, data: { code: notice.code, type: notice.type } });
      return this.output(ctx.manager, notice.id);
    });
  }

  /** Only a draft changes; a published notice is changed by a supplement that names it. */
  async updateDraft(actor: Actor, noticeId: string, dto: UpdateNoticeDto): Promise<NoticeOutput> {
    return this.change.run(actor, async (ctx) => {
      const notice = await lockDraft(ctx.manager, actor, noticeId);
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
        await assertAnswerable(ctx.manager, sectionIds, patch.answers);
      }
      await ctx.manager.update(Notice, { id: noticeId }, { ...patch, updatedAt: ctx.at, version: notice.version + 1 });
      await ctx.audit({ action: 'notice.edit', entityType: 'notice', entityId: noticeId, data: { code: notice.code, fields: Object.keys(patch) } });
      return this.output(ctx.manager, noticeId);
    });
  }

  async deleteDraft(actor: Actor, noticeId: string): Promise<void> {
    const removed = await this.change.run(actor, async (ctx) => {
      const notice = await lockDraft(ctx.manager, actor, noticeId);
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
        await lockDraft(ctx.manager, actor, noticeId);
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
      await lockDraft(ctx.manager, actor, noticeId);
      const attachment = await ctx.manager.findOne(NoticeAttachment, { where: { noticeId, documentId } });
      if (!attachment) throw AnnouncementErrors.attachmentNotFound();
      await ctx.manager.delete(NoticeAttachment, { noticeId, documentId });
      await ctx.audit({ action: 'notice.detach', entityType: 'notice', entityId: noticeId, data: { documentId, name: attachment.name } });
    });
    await this.removeDocument(documentId);
  }

  /** Publishes a draft: see NoticePublicationService.publish. */
  async publish(actor: Actor, noticeId: string): Promise<NoticeOutput> {
    return this.publication.publish(actor, noticeId);
  }

  /** Publishes a candidate publicity or a result announcement in the caller's transaction: see NoticePublicationService. */
  async publishAwardNotice(
    ctx: ChangeContext,
    input: { sectionId: string; type: 'candidate_publicity' | 'result'; title: string; content: string },
  ): Promise<{ id: string; code: string }> {
    return this.publication.publishAwardNotice(ctx, input);
  }

  /** Withdraws a published consultation notice (撤回): see NoticePublicationService.withdraw. */
  async withdraw(actor: Actor, noticeId: string, reason: string): Promise<NoticeOutput> {
    return this.publication.withdraw(actor, noticeId, reason);
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
    return noticeOutput(manager, noticeId);
  }

  async sectionIdsOf(manager: EntityManager, noticeId: string): Promise<string[]> {
    return sectionIdsOf(manager, noticeId);
  }

  /**
   * Notices published in each period (the disclosure statistics): every notice with its publication instant in
   * the period, by type, whatever became of it later (superseded or withdrawn, it was published). An index-only
   * range scan of notice_published_type_idx.
   */
  async publishedCounts(boundaries: readonly Date[]): Promise<(PeriodCount & { type: NoticeType })[]> {
    return this.dataSource.query(
      `SELECT m.bucket::int AS bucket, c.type, c.count FROM ${PERIODS_FROM}
         CROSS JOIN LATERAL (SELECT type, count(*)::int AS count FROM notice WHERE published_at >= m.lo AND published_at < m.hi GROUP BY type) c`,
      periodBucketParams(boundaries),
    );
  }

  // ——— helpers ———

  private assertFieldsOf(type: NoticeType, dto: object): void {
    const given = dto as Record<string, unknown>;
    for (const field of OPTIONAL_FIELDS) {
      if (given[field] !== undefined && !FIELDS_OF[type].includes(field)) throw AnnouncementErrors.fieldNotAllowed(field, type);
    }
  }

  private async assertSectionsOfProject(manager: EntityManager, projectId: string, sectionIds: string[]): Promise<void> {
    const unique = [...new Set(sectionIds)];
    if (unique.length !== sectionIds.length) throw AnnouncementErrors.sectionsOfOtherProject();
    const found = await manager.count(TenderSection, { where: { id: In(unique), projectId } });
    if (found !== unique.length) throw AnnouncementErrors.sectionsOfOtherProject();
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

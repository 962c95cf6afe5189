import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, AuditHolds, ChangeService, ClockService, decodeTimeCursor, Errors, limitOf, Page, pageOf, PeriodCount, periodBucketParams, PERIODS_FROM } from '@app/core';
import { DocumentsService } from '@app/documents';
import { IdentityService, type OrganisationSummary } from '@app/identity';
import { AnnouncementErrors } from '../announcements.errors';
import { assertMaySeeDownloads, mayOverseeProject } from '../common/access';
import { shanghai } from '../common/time';
import { Notice, NoticeAttachment } from '../notices/notice.entity';
import { NoticesService } from '../notices/notices.service';
import { TenderProject } from '../projects/tender-project.entity';
import { SectionsService } from '../sections/sections.service';
import { TenderSection } from '../sections/tender-section.entity';
import { DocumentDownload } from './document-download.entity';

export interface DownloadOutput {
  id: string;
  at: string;
  organisation: { id: string; name: string; uscc: string };
  accountId: string;
  role: string;
  ip: string | null;
  userAgent: string | null;
  notice: { id: string; code: string };
  document: { id: string; name: string; sha256: string };
}

export interface HolderOutput {
  organisation: { id: string; name: string; uscc: string };
  firstDownloadedAt: string;
  lastDownloadedAt: string;
}

/** The section is open for downloads: tendering, after the documents are issued, before they close and before 截止. */
function downloadable(s: TenderSection, now: Date): boolean {
  return (
    s.status === 'published' &&
    !!s.documentsIssuedAt &&
    now.getTime() >= s.documentsIssuedAt.getTime() &&
    (!s.documentsUntil || now.getTime() <= s.documentsUntil.getTime()) &&
    now.getTime() < s.bidDeadline.getTime()
  );
}

/**
 * Tender documents (招标文件): downloaded with nothing but a bidder account (R12), every download logged with who,
 * when and from where (R13), the downloading organisation recorded as a holder of each section the documents are
 * for. Before 截止 the list, the holders and the download entries of the audit log are for the project's own
 * staff only (supervisors from 截止 on, GET /audit from 截止 on).
 */
@Injectable()
export class TenderDocumentsService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
    private readonly clock: ClockService,
    private readonly documents: DocumentsService,
    private readonly notices: NoticesService,
    private readonly sections: SectionsService,
    private readonly identity: IdentityService,
    private readonly auditHolds: AuditHolds,
  ) {}

  onModuleInit(): void {
    // R13: the audit log's readers see a download only once every section it was for has reached 截止
    this.auditHolds.register({ action: 'tender_document.download', heldEntityIds: () => this.noticesBeforeDeadline() });
  }

  /** The notices with a section whose 截止 has not come: their download entries stay out of GET /audit. */
  async noticesBeforeDeadline(): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT ns.notice_id AS id FROM notice_section ns JOIN tender_section s ON s.id = ns.section_id WHERE s.bid_deadline > $1`,
      [this.clock.now()],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** The attachment and its bytes, logged. The caller streams them with Content-Disposition. */
  async download(
    actor: Actor,
    noticeId: string,
    documentId: string,
    userAgent: string | null,
  ): Promise<{ attachment: NoticeAttachment; stream: Readable }> {
    const manager = this.dataSource.manager;
    const notice = await manager.findOne(Notice, { where: { id: noticeId } });
    if (!notice) throw AnnouncementErrors.noticeNotFound();
    const project = await manager.findOneOrFail(TenderProject, { where: { id: notice.projectId } });
    const overseer = mayOverseeProject(actor, project);
    const isPublic = notice.status === 'published' || notice.status === 'superseded';
    if (!isPublic && !overseer) throw AnnouncementErrors.noticeNotFound();
    if (actor.role !== 'bidder' && !overseer) throw AnnouncementErrors.notProjectStaff();
    const attachment = await manager.findOne(NoticeAttachment, { where: { noticeId, documentId, kind: 'tender-document' } });
    if (!attachment) throw AnnouncementErrors.attachmentNotFound();
    if (actor.role === 'bidder') this.assertOpen(await this.sectionsOf(manager, noticeId), this.clock.now());

    const document = await this.documents.findById(documentId);
    const stream = await this.documents.open(document);
    try {
      await this.change.run(actor, async (ctx) => {
        const sections = await this.sectionsOf(ctx.manager, noticeId);
        const open = actor.role === 'bidder' ? this.assertOpen(sections, ctx.at) : [];
        await ctx.manager.insert(DocumentDownload, {
          id: randomUUID(),
          projectId: project.id,
          noticeId,
          documentId,
          organisationId: actor.organisationId!,
          accountId: actor.accountId!,
          role: actor.role,
          ip: actor.ip,
          userAgent: userAgent ? userAgent.slice(0, 300) : null,
          at: ctx.at,
        });
        for (const s of open) {
          await ctx.manager.query(
            `INSERT INTO document_holder (section_id, organisation_id, first_downloaded_at, last_downloaded_at) VALUES ($1, $2, $3, $3)
             ON CONFLICT (section_id, organisation_id) DO UPDATE SET last_downloaded_at = EXCLUDED.last_downloaded_at`,
            [s.id, actor.organisationId, ctx.at],
          );
        }
        await ctx.audit({
          action: 'tender_document.download',
          entityType: 'notice',
          entityId: noticeId,
          data: { documentId, name: attachment.name, sha256: attachment.sha256, sections: open.map((s) => s.code) },
        });
      });
    } catch (err) {
      stream.destroy();
      throw err;
    }
    return { attachment, stream };
  }

  /**
   * Who downloaded the section's tender documents, newest first (R13): the project's own staff; supervisors
   * from 截止 on.
   */
  async listDownloads(actor: Actor, sectionId: string, query: { cursor?: string; limit?: number }): Promise<Page<DownloadOutput>> {
    const section = await this.sections.get(sectionId);
    assertMaySeeDownloads(actor, section.project, section.bidDeadline, this.clock.now());
    const limit = limitOf(query.limit, 50, 200);
    const cursor = decodeTimeCursor(query.cursor);
    const params: unknown[] = [sectionId, limit + 1];
    let after = '';
    if (cursor) {
      params.push(cursor.at, cursor.id);
      after = 'AND (d.at, d.id) < ($3, $4)';
    }
    const rows = (await this.dataSource.query(
      `SELECT d.id, d.at, d.organisation_id, d.account_id, d.role, d.ip, d.user_agent,
              n.id AS notice_id, n.code AS notice_code, a.document_id, a.name AS document_name, a.sha256
         FROM document_download d
         JOIN notice_section ns ON ns.notice_id = d.notice_id AND ns.section_id = $1
         JOIN notice n ON n.id = d.notice_id
         JOIN notice_attachment a ON a.notice_id = d.notice_id AND a.document_id = d.document_id
        WHERE true ${after}
        ORDER BY d.at DESC, d.id DESC
        LIMIT $2`,
      params,
    )) as DownloadRow[];
    const orgs = await this.identity.organisationsById(rows.map((r) => r.organisation_id));
    return pageOf(
      rows,
      limit,
      (r) => ({ at: new Date(r.at), id: r.id }),
      (r) => ({
        id: r.id,
        at: shanghai(new Date(r.at)),
        organisation: organisationRef(orgs, r.organisation_id),
        accountId: r.account_id,
        role: r.role,
        ip: r.ip,
        userAgent: r.user_agent,
        notice: { id: r.notice_id, code: r.notice_code },
        document: { id: r.document_id, name: r.document_name, sha256: r.sha256 },
      }),
    );
  }

  /** The organisations holding the section's documents (R13): the project's own staff; supervisors from 截止 on. */
  async listHolders(actor: Actor, sectionId: string): Promise<HolderOutput[]> {
    const section = await this.sections.get(sectionId);
    assertMaySeeDownloads(actor, section.project, section.bidDeadline, this.clock.now());
    const rows = (await this.dataSource.query(
      `SELECT h.organisation_id, h.first_downloaded_at, h.last_downloaded_at
         FROM document_holder h
        WHERE h.section_id = $1
        ORDER BY h.first_downloaded_at, h.organisation_id`,
      [sectionId],
    )) as { organisation_id: string; first_downloaded_at: Date; last_downloaded_at: Date }[];
    const orgs = await this.identity.organisationsById(rows.map((r) => r.organisation_id));
    return rows.map((r) => ({
      organisation: organisationRef(orgs, r.organisation_id),
      firstDownloadedAt: shanghai(new Date(r.first_downloaded_at)),
      lastDownloadedAt: shanghai(new Date(r.last_downloaded_at)),
    }));
  }

  private async sectionsOf(manager: EntityManager, noticeId: string): Promise<TenderSection[]> {
    const ids = await this.notices.sectionIdsOf(manager, noticeId);
    return ids.length ? manager.find(TenderSection, { where: { id: In(ids) }, order: { number: 'ASC' } }) : [];
  }

  /** The sections open for download now, or a refusal that says when the documents are available. */
  private assertOpen(sections: TenderSection[], now: Date): TenderSection[] {
    const open = sections.filter((s) => downloadable(s, now));
    if (open.length) return open;
    const s = sections[0];
    if (!s) throw Errors.notFound('Section', '标段');
    throw AnnouncementErrors.downloadClosed(
      `招标文件不在获取期内（${shanghai(s.documentsIssuedAt) ?? '未发出'} 至 ${shanghai(s.documentsUntil ?? s.bidDeadline)}，标段状态 ${s.status}）`,
      `The tender documents are not available now (from ${shanghai(s.documentsIssuedAt) ?? 'not issued'} until ${shanghai(s.documentsUntil ?? s.bidDeadline)}, section ${s.status})`,
      { availableFrom: shanghai(s.documentsIssuedAt), availableUntil: shanghai(s.documentsUntil ?? s.bidDeadline), sectionStatus: s.status },
    );
  }

  /** Tender documents downloaded in each period (the disclosure statistics): every logged download (R13). An index-only range scan of document_download_at_idx. */
  async downloadCounts(boundaries: readonly Date[]): Promise<PeriodCount[]> {
    return this.dataSource.query(
      `SELECT m.bucket::int AS bucket, c.count FROM ${PERIODS_FROM}
         CROSS JOIN LATERAL (SELECT count(*)::int AS count FROM document_download WHERE at >= m.lo AND at < m.hi) c`,
      periodBucketParams(boundaries),
    );
  }
}

/** An organisation as the download list and the holders show it. */
function organisationRef(orgs: Map<string, OrganisationSummary>, id: string): { id: string; name: string; uscc: string } {
  const o = orgs.get(id);
  return { id, name: o?.name ?? '', uscc: o?.uscc ?? '' };
}

interface DownloadRow {
  id: string;
  at: Date;
  organisation_id: string;
  account_id: string;
  role: string;
  ip: string | null;
  user_agent: string | null;
  notice_id: string;
  notice_code: string;
  document_id: string;
  document_name: string;
  sha256: string;
}

import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource, In } from 'typeorm';
import { ClockService, decodeTimeCursor, DomainError, endOfLocalDay, isLocalDate, limitOf, Page, pageOf, PLATFORM_CONFIG, PlatformConfig, ProcedureType, startOfLocalDay } from '@app/core';
import { DocumentsService } from '@app/documents';
import { IdentityService } from '@app/identity';
import { AnnouncementErrors } from '../announcements.errors';
import { shanghai } from '../common/time';
import { Notice, NoticeAttachment, NoticeSection, NoticeType } from '../notices/notice.entity';
import { TenderProject } from '../projects/tender-project.entity';
import { containsPattern, keywordQuery } from '../search/bigram-search';
import { TenderSection } from '../sections/tender-section.entity';
import { renderAtom, summaryOf } from './atom-feed';

export const NOTICE_TYPE_NAMES: Record<NoticeType, string> = {
  tender: '招标公告',
  consultation: '征求意见公告',
  supplement: '补充/变更公告',
  termination: '终止公告',
  candidate_publicity: '中标候选人公示',
  result: '中标结果公告',
};
const CHANGE_KIND_NAMES: Record<string, string> = { supplement: '补充公告', change: '变更公告', clarification: '澄清公告' };

export interface PublicNoticeFilters {
  type?: NoticeType;
  procedure?: ProcedureType;
  region?: string;
  status?: 'published' | 'superseded' | 'withdrawn';
  from?: string;
  to?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface PublicNoticeItem {
  id: string;
  code: string;
  type: NoticeType;
  typeName: string;
  changeKind: string | null;
  status: string;
  title: string;
  projectName: string;
  procedureType: string;
  regionCode: string;
  publishedAt: string;
}

interface ListRow {
  id: string;
  code: string;
  type: NoticeType;
  change_kind: string | null;
  status: string;
  title: string;
  project_name: string;
  procedure_type: string;
  region_code: string;
  published_at: Date;
}

/** '210000' (a province) → '21', '210100' (a city) → '2101', '210102' → '210102': GB/T 2260 levels as prefixes. */
export function regionPrefix(code: string): string {
  let prefix = code;
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return prefix;
}

/** How many of the newest notices a keyword search looks through before it asks the bigram index for all matches. */
export const SEARCH_WINDOW = 2000;

const badDate = (field: string) =>
  new DomainError('BAD_DATE', 400, `${field} 不是有效日期（YYYY-MM-DD）`, `${field} is not a calendar date (YYYY-MM-DD)`, { field });

/**
 * Public reading: the notice list with filters and Chinese keyword search (one table, cursor on
 * (published_at, id), bigram GIN index), the notice detail with its attachments, the Atom feed. Drafts are never
 * public.
 */
@Injectable()
export class PublicNoticesService {
  /** SEARCH_WINDOW; tests set it small to exercise both steps of a keyword search with a few notices. */
  searchWindow = SEARCH_WINDOW;

  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityService,
    private readonly documents: DocumentsService,
    private readonly clock: ClockService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /**
   * The list's SQL and parameters (public so that the benchmark can EXPLAIN exactly what the API runs).
   *
   * With a keyword there are two queries. `windowSql` looks for matches among the newest SEARCH_WINDOW notices
   * that pass the other filters (the (published_at, id) index, then the keyword on those rows only): a frequent
   * word fills the page from there in a few milliseconds, and since the window is a prefix of the list's order
   * its first matches are the list's first matches. When the window does not fill the page the word is rare, and
   * `sql` asks the GIN index of bigrams for every match, which is then a small set to sort. (The planner alone
   * picks badly here: it takes the bigrams of one word as independent and underestimates a phrase's matches.)
   */
  listQuery(filters: PublicNoticeFilters): { sql: string; params: unknown[]; windowSql: string | null; windowParams: unknown[]; limit: number } {
    const limit = limitOf(filters.limit);
    const where: string[] = [`n.status <> 'draft'`];
    const keyword: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filters.type) where.push(`n.type = ${param(filters.type)}`);
    if (filters.procedure) where.push(`n.procedure_type = ${param(filters.procedure)}`);
    if (filters.status) where.push(`n.status = ${param(filters.status)}`);
    if (filters.region) where.push(`n.region_code LIKE ${param(`${regionPrefix(filters.region)}%`)}`);
    if (filters.from) {
      if (!isLocalDate(filters.from)) throw badDate('from');
      where.push(`n.published_at >= ${param(startOfLocalDay(filters.from))}`);
    }
    if (filters.to) {
      if (!isLocalDate(filters.to)) throw badDate('to');
      where.push(`n.published_at < ${param(endOfLocalDay(filters.to))}`);
    }
    const cursor = decodeTimeCursor(filters.cursor);
    if (cursor) where.push(`(n.published_at, n.id) < (${param(cursor.at)}, ${param(cursor.id)})`);
    if (filters.q) {
      const query = keywordQuery(filters.q);
      if (query.tsquery) {
        keyword.push(`n.search_vector @@ ${param(query.tsquery)}::tsquery`);
        for (const term of query.terms.filter((t) => t.recheck)) {
          const p = param(containsPattern(term.text));
          keyword.push(`(n.title ILIKE ${p} OR n.project_name ILIKE ${p} OR n.code ILIKE ${p} OR n.content ILIKE ${p})`);
        }
      }
    }
    const columns = 'n.id, n.code, n.type, n.change_kind, n.status, n.title, n.project_name, n.procedure_type, n.region_code, n.published_at';
    const order = 'ORDER BY n.published_at DESC, n.id DESC';
    const take = param(limit + 1);
    const sql = `SELECT ${columns} FROM notice n WHERE ${[...where, ...keyword].join(' AND ')} ${order} LIMIT ${take}`;
    const sqlParams = [...params];
    const windowSql = keyword.length
      ? `SELECT ${columns} FROM (SELECT ${columns}, n.search_vector, n.content FROM notice n WHERE ${where.join(' AND ')} ${order} LIMIT ${param(this.searchWindow)}) n
          WHERE ${keyword.join(' AND ')} ${order} LIMIT ${take}`
      : null;
    return { sql, params: sqlParams, windowSql, windowParams: params, limit };
  }

  async list(filters: PublicNoticeFilters): Promise<Page<PublicNoticeItem>> {
    const { sql, params, windowSql, windowParams, limit } = this.listQuery(filters);
    let rows = windowSql ? ((await this.dataSource.query(windowSql, windowParams)) as ListRow[]) : [];
    if (!windowSql || rows.length <= limit) rows = (await this.dataSource.query(sql, params)) as ListRow[];
    return pageOf(rows, limit, (r) => ({ at: new Date(r.published_at), id: r.id }), (r) => ({
      id: r.id,
      code: r.code,
      type: r.type,
      typeName: r.change_kind ? CHANGE_KIND_NAMES[r.change_kind] : NOTICE_TYPE_NAMES[r.type],
      changeKind: r.change_kind,
      status: r.status,
      title: r.title,
      projectName: r.project_name,
      procedureType: r.procedure_type,
      regionCode: r.region_code,
      publishedAt: shanghai(new Date(r.published_at)),
    }));
  }

  /** A published (or superseded, or withdrawn) notice with its project, sections and attachments. */
  async detail(id: string) {
    const manager = this.dataSource.manager;
    const n = await manager.findOne(Notice, { where: { id } });
    if (!n || n.status === 'draft') throw AnnouncementErrors.noticeNotFound();
    const project = await manager.findOneOrFail(TenderProject, { where: { id: n.projectId } });
    const orgs = await this.identity.organisationsById([project.tendererOrgId, ...(project.agencyOrgId ? [project.agencyOrgId] : [])], manager);
    const sectionIds = (await manager.find(NoticeSection, { where: { noticeId: id } })).map((s) => s.sectionId);
    const sections = await manager.find(TenderSection, { where: { id: In(sectionIds) }, order: { number: 'ASC' } });
    const attachments = await manager.find(NoticeAttachment, { where: { noticeId: id }, order: { position: 'ASC' } });
    const linked = await manager.find(Notice, {
      where: { id: In([n.relatedNoticeId, n.supersededBy].filter((x): x is string => !!x)) },
    });
    const ref = (nid: string | null) => {
      const x = nid ? linked.find((l) => l.id === nid) : undefined;
      return x ? { id: x.id, code: x.code, title: x.title, type: x.type } : null;
    };
    const org = (oid: string | null) => {
      const o = oid ? orgs.get(oid) : undefined;
      return o ? { name: o.name, uscc: o.uscc } : null;
    };
    return {
      id: n.id,
      code: n.code,
      type: n.type,
      typeName: n.changeKind ? CHANGE_KIND_NAMES[n.changeKind] : NOTICE_TYPE_NAMES[n.type],
      changeKind: n.changeKind,
      status: n.status,
      title: n.title,
      content: n.content,
      publishedAt: shanghai(n.publishedAt),
      supersededAt: shanghai(n.supersededAt),
      withdrawnAt: shanghai(n.withdrawnAt),
      withdrawReason: n.withdrawReason,
      relatedNotice: ref(n.relatedNoticeId),
      supersededBy: ref(n.supersededBy),
      documentsFrom: shanghai(n.documentsFrom),
      documentsUntil: shanghai(n.documentsUntil),
      noticePeriodEnd: shanghai(n.noticePeriodEnd),
      commentPeriodEnd: shanghai(n.commentPeriodEnd),
      newBidDeadline: shanghai(n.newBidDeadline),
      project: {
        code: project.code,
        name: project.name,
        procedureType: project.procedureType,
        regionCode: project.regionCode,
        fundingSource: project.fundingSource,
        tenderer: org(project.tendererOrgId),
        agency: org(project.agencyOrgId),
      },
      sections: sections.map((s) => ({
        id: s.id,
        code: s.code,
        name: s.name,
        status: s.status,
        estimatedPrice: s.estimatedPrice,
        bidSecurity: s.bidSecurity,
        bidDeadline: shanghai(s.bidDeadline),
        openingTime: shanghai(s.openingTime),
        documentsUntil: shanghai(s.documentsUntil),
        refundDueAt: shanghai(s.refundDueAt),
      })),
      attachments: attachments.map((a) => ({
        documentId: a.documentId,
        kind: a.kind,
        name: a.name,
        contentType: a.contentType,
        size: a.size,
        sha256: a.sha256,
        // tender documents need a bidder account and every download is logged (R12, R13)
        href: a.kind === 'tender-document' ? `/api/notices/${n.id}/documents/${a.documentId}` : `/api/public/notices/${n.id}/attachments/${a.documentId}`,
        requiresAccount: a.kind === 'tender-document',
      })),
    };
  }

  /** A public attachment's bytes (not the tender documents: those go through the logged download). */
  async openAttachment(noticeId: string, documentId: string): Promise<{ attachment: NoticeAttachment; stream: Readable }> {
    const manager = this.dataSource.manager;
    const n = await manager.findOne(Notice, { where: { id: noticeId } });
    if (!n || n.status === 'draft') throw AnnouncementErrors.noticeNotFound();
    const attachment = await manager.findOne(NoticeAttachment, { where: { noticeId, documentId, kind: 'attachment' } });
    if (!attachment) throw AnnouncementErrors.attachmentNotFound();
    const document = await this.documents.findById(documentId);
    return { attachment, stream: await this.documents.open(document) };
  }

  /** The newest notices as Atom, for feed readers and the provincial portal's crawler. */
  async feed(baseUrl: string, limit = 50): Promise<string> {
    const rows = (await this.dataSource.query(
      `SELECT n.id, n.code, n.type, n.change_kind, n.status, n.title, n.content, n.published_at,
              greatest(n.published_at, coalesce(n.superseded_at, n.published_at), coalesce(n.withdrawn_at, n.published_at)) AS updated_at
         FROM notice n WHERE n.status <> 'draft'
        ORDER BY n.published_at DESC, n.id DESC LIMIT $1`,
      [limit],
    )) as (ListRow & { content: string; updated_at: Date })[];
    const entries = rows.map((r) => ({
      id: `urn:uuid:${r.id}`,
      title: r.status === 'published' ? r.title : `${r.title}（${r.status === 'withdrawn' ? '已撤回' : '已被替代'}）`,
      link: `${baseUrl}/api/public/notices/${r.id}`,
      published: new Date(r.published_at),
      updated: new Date(r.updated_at),
      category: { term: r.type, label: r.change_kind ? CHANGE_KIND_NAMES[r.change_kind] : NOTICE_TYPE_NAMES[r.type] },
      summary: `${r.code} ${summaryOf(r.content)}`,
    }));
    return renderAtom({
      id: `urn:etendering:${this.config.platformCode}:notices`,
      title: `公共资源交易公告（${this.config.platformCode}）`,
      selfLink: `${baseUrl}/api/public/notices/feed.atom`,
      alternateLink: `${baseUrl}/api/public/notices`,
      author: `公共资源电子招投标交易平台 ${this.config.platformCode}`,
      updated: entries.length ? new Date(Math.max(...entries.map((e) => e.updated.getTime()))) : this.clock.now(),
      entries,
    });
  }
}

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
import { bucketOf, bucketQuery, containsPattern, KeywordTerm, keywordTerms } from '../search/gram-search';
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

/** How many of the newest notices (after the filters) a keyword search reads row by row before it walks the index. */
export const SEARCH_WINDOW = 300;

const COLUMNS = 'n.id, n.code, n.type, n.change_kind, n.status, n.title, n.project_name, n.procedure_type, n.region_code, n.published_at';
const ORDER = 'ORDER BY n.published_at DESC, n.id DESC';

const badDate = (field: string) =>
  new DomainError('BAD_DATE', 400, `${field} 不是有效日期（YYYY-MM-DD）`, `${field} is not a calendar date (YYYY-MM-DD)`, { field });

/** The filters of a list as SQL conditions on `notice n`, with their parameters (more can be added with `param`). */
export interface ListBase {
  where: string[];
  params: unknown[];
  param: (value: unknown) => string;
  limit: number;
  /** The lower bound of `from`, when given. */
  from: Date | null;
}

/** One step of a keyword search, for the benchmark's EXPLAIN. */
export interface SearchStep {
  label: string;
  sql: string;
  params: unknown[];
}

/**
 * Public reading: the notice list with filters and exact keyword search (one table, cursor on (published_at, id),
 * week-bucketed trigram GIN index, search/gram-search.ts and docs/search.md), the notice detail with its
 * attachments, the Atom feed. Drafts are never public.
 */
@Injectable()
export class PublicNoticesService {
  /** SEARCH_WINDOW; tests set it small to exercise both steps of a keyword search with a few notices. */
  searchWindow = SEARCH_WINDOW;
  /** The steps the last keyword search ran (the benchmark EXPLAINs them). */
  lastSearchSteps: SearchStep[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityService,
    private readonly documents: DocumentsService,
    private readonly clock: ClockService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  listBase(filters: PublicNoticeFilters): ListBase {
    const where: string[] = [`n.status <> 'draft'`];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filters.type) where.push(`n.type = ${param(filters.type)}`);
    if (filters.procedure) where.push(`n.procedure_type = ${param(filters.procedure)}`);
    if (filters.status) where.push(`n.status = ${param(filters.status)}`);
    if (filters.region) where.push(`n.region_code LIKE ${param(`${regionPrefix(filters.region)}%`)}`);
    let from: Date | null = null;
    if (filters.from) {
      if (!isLocalDate(filters.from)) throw badDate('from');
      from = new Date(startOfLocalDay(filters.from));
      where.push(`n.published_at >= ${param(startOfLocalDay(filters.from))}`);
    }
    if (filters.to) {
      if (!isLocalDate(filters.to)) throw badDate('to');
      where.push(`n.published_at < ${param(endOfLocalDay(filters.to))}`);
    }
    const cursor = decodeTimeCursor(filters.cursor);
    if (cursor) where.push(`(n.published_at, n.id) < (${param(cursor.at)}, ${param(cursor.id)})`);
    return { where, params, param, limit: limitOf(filters.limit), from };
  }

  async list(filters: PublicNoticeFilters): Promise<Page<PublicNoticeItem>> {
    const base = this.listBase(filters);
    const terms = filters.q ? keywordTerms(filters.q) : [];
    let rows: ListRow[];
    if (terms.length) rows = await this.search(base, terms);
    else {
      const take = base.param(base.limit + 1);
      rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM notice n WHERE ${base.where.join(' AND ')} ${ORDER} LIMIT ${take}`, base.params)) as ListRow[];
    }
    return pageOf(rows, base.limit, (r) => ({ at: new Date(r.published_at), id: r.id }), (r) => ({
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

  /**
   * The first `limit + 1` matches of the keyword's terms after the cursor, newest first, exactly (docs/search.md).
   *
   * 1. The newest `searchWindow` notices that pass the filters, read by the (published_at, id) index and tested
   *    with LIKE on their search text: a frequent keyword fills its page here, reading at most that many rows.
   * 2. Otherwise, older than the window, the GIN index week by week, newest first, in groups of 1, 2, 4, 8…
   *    weeks: each group asks the index only for its weeks' lexemes (`'2916|监理':*`), so a group costs its own
   *    candidates and one lookup per week and lexeme, never the whole posting list; the walk stops when the page
   *    is full. The candidates are fetched by ctid from the index's answer (sequential scans off, so that the
   *    planner never walks the table instead); terms of 4+ characters are rechecked with LIKE.
   */
  private async search(base: ListBase, terms: KeywordTerm[]): Promise<ListRow[]> {
    const want = base.limit + 1;
    const steps: SearchStep[] = [];
    this.lastSearchSteps = steps;
    const where = base.where.join(' AND ');
    // each query gets its own parameters after the filters' ones
    const query = () => {
      const params = [...base.params];
      const p = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      return { params, p };
    };
    const like = (p: (v: unknown) => string, t: KeywordTerm) => `n.search_text LIKE ${p(containsPattern(t.text))}`;

    // step 1, and in the same statement the window's last row (step 2 starts below it; none: the window held every
    // notice that passes the filters) and the oldest notice's time (step 2 stops there)
    const w = query();
    const windowSql = `(SELECT ${COLUMNS}, NULL::timestamptz AS oldest FROM (SELECT ${COLUMNS}, n.search_text FROM notice n WHERE ${where} ${ORDER} LIMIT ${w.p(this.searchWindow)}) n
        WHERE ${terms.map((t) => like(w.p, t)).join(' AND ')} ${ORDER} LIMIT ${w.p(want)})
      UNION ALL
      (SELECT ${COLUMNS}, (SELECT min(published_at) FROM notice WHERE status <> 'draft') AS oldest
         FROM notice n WHERE ${where} ${ORDER} OFFSET ${w.p(this.searchWindow - 1)} LIMIT 1)`;
    steps.push({ label: `step 1: the newest ${this.searchWindow} notices, LIKE on each`, sql: windowSql, params: w.params });
    const found = (await this.dataSource.query(windowSql, w.params)) as (ListRow & { oldest: Date | null })[];
    const edge = found.find((r) => r.oldest !== null);
    const rows: ListRow[] = found.filter((r) => r.oldest === null).map(({ oldest: _, ...r }) => r);
    if (rows.length >= want || !edge) return rows;

    const low = Math.max(bucketOf(edge.oldest!), base.from ? bucketOf(base.from) : -Infinity);
    const groups: string[] = [];
    for (let high = bucketOf(edge.published_at), span = 1; high >= low; span *= 2) {
      const from = Math.max(low, high - span + 1);
      groups.push(bucketQuery(terms, from, high));
      high = from - 1;
    }
    const g = query();
    const rechecks = terms
      .filter((t) => t.recheck)
      .map((t) => ` AND ${like(g.p, t)}`)
      .join('');
    // one statement: the groups in order, each asked only when the ones before did not fill the page (the outer
    // LIMIT stops the nested loop); the index answer is fetched by ctid, so the planner cannot walk the table
    const walkSql = `SELECT r.* FROM unnest(${g.p(groups)}::text[]) WITH ORDINALITY AS g(q, i)
      CROSS JOIN LATERAL (
        SELECT ${COLUMNS} FROM notice n
         WHERE n.ctid = ANY (ARRAY(SELECT c.ctid FROM notice c WHERE c.search_vector @@ g.q::tsquery))
           AND ${where} AND (n.published_at, n.id) < (${g.p(edge.published_at)}, ${g.p(edge.id)})${rechecks}
         ${ORDER} LIMIT ${g.p(want - rows.length)}) r
      LIMIT ${g.p(want - rows.length)}`;
    steps.push({ label: `step 2: ${groups.length} groups of weeks from the index`, sql: walkSql, params: g.params });
    rows.push(...((await this.dataSource.query(walkSql, g.params)) as ListRow[]));
    return rows;
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

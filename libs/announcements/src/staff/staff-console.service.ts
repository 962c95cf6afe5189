import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, badCursor, CalendarService, ClockService, ComputedDate, formatShanghai, limitOf, ProcedureType, RulesTable } from '@app/core';
import { AnnouncementErrors, violationDetails } from '../announcements.errors';
import { ANNOUNCEMENT_RULES } from '../announcements.tokens';
import { assertMayOversee } from '../common/access';
import { shanghai } from '../common/time';
import type { ComputedDateDto, DeadlineDto, DeadlineKind, DeadlinePageDto, NoticeChecksDto, NoticeChecksQueryDto } from '../dto/staff-console.dto';
import { noticeFigures } from '../rules/notice-figures';
import { SectionsService } from '../sections/sections.service';

/** What each kind of date is called on the staff's dashboard. */
const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  documentsUntil: '招标文件获取截止',
  bidDeadline: '投标截止（开标）',
  decryptionWindowEnd: '解密时间窗结束',
  publicityEnd: '中标候选人公示结束',
  refundDue: '终止后退还保证金期限',
};

/**
 * The staff console's read-only helpers: the legal figures of a draft while it is typed (the same plain rule
 * functions and calendar the publication refuses with), and the coming dates of the caller's own organisation's
 * sections, nearest first.
 */
@Injectable()
export class StaffConsoleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: ClockService,
    private readonly calendars: CalendarService,
    private readonly sections: SectionsService,
    @Inject(ANNOUNCEMENT_RULES) private readonly rules: RulesTable,
  ) {}

  async noticeChecks(actor: Actor, q: NoticeChecksQueryDto): Promise<NoticeChecksDto> {
    const date = (v: string | undefined) => (v ? new Date(v) : undefined);
    let procedure = q.procedure;
    let fromSection: { code: string; bidDeadline: Date; estimatedPrice: string; bidSecurity: string; documentsIssuedAt: Date | null } | undefined;
    if (q.sectionId) {
      const s = await this.sections.get(q.sectionId);
      assertMayOversee(actor, s.project);
      procedure = s.project.procedureType;
      fromSection = s;
    }
    if (!procedure) {
      throw AnnouncementErrors.fieldRequired('procedure', '项目类型（procedure）或标段（sectionId）');
    }
    const publishAt = date(q.publishAt) ?? this.clock.now();
    const figures = noticeFigures(
      {
        procedure: procedure as ProcedureType,
        type: q.type,
        publishAt,
        documentsFrom: date(q.documentsFrom),
        documentsUntil: date(q.documentsUntil),
        noticePeriodEnd: date(q.noticePeriodEnd),
        commentPeriodEnd: date(q.commentPeriodEnd),
        bidDeadline: date(q.bidDeadline) ?? fromSection?.bidDeadline,
        documentsIssuedAt: fromSection?.documentsIssuedAt,
        estimatedPrice: q.estimatedPrice ?? fromSection?.estimatedPrice,
        bidSecurity: q.bidSecurity ?? fromSection?.bidSecurity,
        affectsBidPreparation: q.affectsBidPreparation === 'true',
        newBidDeadline: date(q.newBidDeadline),
        section: fromSection?.code,
      },
      this.calendars.calendar,
      this.rules,
    );
    return {
      procedure,
      publishAt: formatShanghai(publishAt),
      documentsIssuedAt: formatShanghai(figures.documentsIssuedAt),
      earliestBidDeadline: computed(figures.earliestBidDeadline),
      earliestDocumentsUntil: computed(figures.earliestDocumentsUntil),
      earliestNoticePeriodEnd: computed(figures.earliestNoticePeriodEnd),
      bidSecurity: figures.bidSecurity ? { ...figures.bidSecurity } : null,
      supplement: figures.supplement
        ? {
            latestWithoutNewDeadline: computed(figures.supplement.latestWithoutNewDeadline)!,
            daysLeft: figures.supplement.daysLeft,
            earliestNewBidDeadline: computed(figures.supplement.earliestNewBidDeadline)!,
            needsNewBidDeadline: figures.supplement.needsNewBidDeadline,
          }
        : null,
      violations: figures.violations.map(violationDetails),
    };
  }

  /**
   * The coming dates of the sections of the caller's organisation's projects (as tenderer or agency), nearest
   * first: documents' availability and 截止 while tendering, the decryption window during the opening, the end
   * of the candidate publicity, the refund limit after a termination. Keyset-paginated on (at, section, kind).
   */
  async deadlines(actor: Actor, q: { cursor?: string; limit?: number }): Promise<DeadlinePageDto> {
    const limit = limitOf(q.limit, 20, 100);
    const cursor = decodeDeadlineCursor(q.cursor);
    const params: unknown[] = [actor.organisationId, this.clock.now(), limit + 1];
    let after = '';
    if (cursor) {
      params.push(cursor.at, cursor.sectionId, cursor.kind);
      after = 'AND (d.at, d.section_id, d.kind) > ($4, $5::uuid, $6)';
    }
    const rows = (await this.dataSource.query(
      `WITH mine AS (
         SELECT s.id, s.code, s.name, s.status, s.project_id, p.name AS project_name, s.documents_until, s.bid_deadline,
                s.decryption_window_end, s.publicity_end, s.refund_due_at
           FROM tender_section s JOIN tender_project p ON p.id = s.project_id
          WHERE p.tenderer_org_id = $1 OR p.agency_org_id = $1
       ), d AS (
         SELECT 'documentsUntil' AS kind, documents_until AS at, id AS section_id, code, name, status, project_id, project_name FROM mine WHERE status = 'published'
         UNION ALL SELECT 'bidDeadline', bid_deadline, id, code, name, status, project_id, project_name FROM mine WHERE status = 'published'
         UNION ALL SELECT 'decryptionWindowEnd', decryption_window_end, id, code, name, status, project_id, project_name FROM mine WHERE status = 'opening'
         UNION ALL SELECT 'publicityEnd', publicity_end, id, code, name, status, project_id, project_name FROM mine WHERE status = 'publicity'
         UNION ALL SELECT 'refundDue', refund_due_at, id, code, name, status, project_id, project_name FROM mine WHERE status = 'terminated'
       )
       SELECT * FROM d WHERE d.at IS NOT NULL AND d.at >= $2 ${after}
        ORDER BY d.at, d.section_id, d.kind
        LIMIT $3`,
      params,
    )) as DeadlineRow[];
    const more = rows.length > limit;
    const kept = more ? rows.slice(0, limit) : rows;
    const last = kept[kept.length - 1];
    return {
      items: kept.map(
        (r): DeadlineDto => ({
          kind: r.kind,
          label: DEADLINE_LABELS[r.kind],
          at: shanghai(new Date(r.at))!,
          sectionId: r.section_id,
          sectionCode: r.code,
          sectionName: r.name,
          sectionStatus: r.status,
          projectId: r.project_id,
          projectName: r.project_name,
        }),
      ),
      nextCursor: more && last ? encodeDeadlineCursor(new Date(last.at), last.section_id, last.kind) : null,
    };
  }
}

interface DeadlineRow {
  kind: DeadlineKind;
  at: Date;
  section_id: string;
  code: string;
  name: string;
  status: string;
  project_id: string;
  project_name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encodeDeadlineCursor(at: Date, sectionId: string, kind: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), sectionId, kind]), 'utf8').toString('base64url');
}

function decodeDeadlineCursor(cursor: string | undefined): { at: Date; sectionId: string; kind: string } | undefined {
  if (!cursor) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'string') && UUID.test(v[1] as string)) {
      const at = new Date(v[0] as string);
      if (!Number.isNaN(at.getTime())) return { at, sectionId: v[1] as string, kind: v[2] as string };
    }
  } catch {
    // reported below
  }
  throw badCursor();
}

function computed(c: ComputedDate | null): ComputedDateDto | null {
  return c ? { at: formatShanghai(c.at), date: c.date, provisional: c.provisional, provisionalYears: [...c.provisionalYears], basis: c.basis } : null;
}

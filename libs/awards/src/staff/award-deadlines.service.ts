import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { Actor, apiTime, badCursor, CalendarService, ClockService, limitOf } from '@app/core';
import { SectionsService, SectionWithProject } from '@app/announcements';
import type { AwardDeadlineItem, AwardDeadlinePageResponse, AwardDeadlineResponse } from '../awards.dto';
import { isOverdue, publicityLatest, resultAnnounceBy } from '../domain/award-rules';
import { Award } from '../entities/award.entity';
import { AwardEvaluation } from '../entities/award-evaluation.entity';

/** What each award time limit is called on the staff's dashboard. */
export const AWARD_DEADLINE_LABELS: Record<AwardDeadlineItem, string> = {
  candidate_publicity: '发布中标候选人公示（收到评标报告后 3 日内）',
  result_announcement: '发布成交结果公告（确定成交供应商后 2 个工作日内）',
  contract: '签订书面合同（中标通知书发出后 30 日内）',
  supervisor_report: '向行政监督部门提交书面报告（15 日内）',
};

const RULE_OF: Record<AwardDeadlineItem, 'R21' | 'R23' | 'R24' | 'R25'> = {
  candidate_publicity: 'R21',
  result_announcement: 'R23',
  contract: 'R24',
  supervisor_report: 'R25',
};

interface Pending {
  item: AwardDeadlineItem;
  dueAt: Date;
  basis: string | null;
  sectionId: string;
  winnerName: string | null;
}

/**
 * The award time limits still open on the caller's organisation's sections (as tenderer or agency), due first:
 * the candidate publicity to publish (R21, construction), the result to announce (R23, government), the contract
 * (R24) and the report to the supervising department (R25) not yet recorded — upcoming and overdue alike, each
 * flagged. The candidate publicity's end (R22) is on GET /staff/deadlines (libs/announcements) and not repeated.
 *
 * R21 and R23 are counted from the report and the decision on the working-day calendar rather than stored, so the
 * open items are gathered (only open ones: a recorded contract or report drops out, so they stay few per
 * organisation) and sorted and paged here on (due, section, item), with the same opaque cursor shape as
 * GET /staff/deadlines.
 */
@Injectable()
export class AwardDeadlinesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: ClockService,
    private readonly calendar: CalendarService,
    private readonly sections: SectionsService,
  ) {}

  async list(actor: Actor, q: { cursor?: string; limit?: number }): Promise<AwardDeadlinePageResponse> {
    const limit = limitOf(q.limit, 20, 100);
    const after = decodeCursor(q.cursor);
    const org = actor.organisationId;
    if (actor.role !== 'staff' || !org) return { items: [], nextCursor: null };
    const now = this.clock.now();
    const cal = this.calendar.calendar;
    const m = this.dataSource.manager;
    const pending: Pending[] = [];

    // R21: an evaluation recorded (or corrected) and not yet published, on a construction section before the decision
    const evaluating = (await this.sections.listForOrganisation(org, ['evaluated', 'publicity'])).filter((s) => s.project.procedureType === 'construction');
    if (evaluating.length) {
      const drafts = await m.find(AwardEvaluation, { where: { sectionId: In(evaluating.map((s) => s.id)), status: 'draft' } });
      const decided = drafts.length
        ? new Set((await m.find(Award, { where: { sectionId: In(drafts.map((d) => d.sectionId)) }, select: { sectionId: true } })).map((a) => a.sectionId))
        : new Set<string>();
      for (const d of drafts) {
        if (decided.has(d.sectionId)) continue;
        const latest = publicityLatest('construction', d.reportedAt, cal);
        if (latest) pending.push({ item: 'candidate_publicity', dueAt: latest.at, basis: latest.basis, sectionId: d.sectionId, winnerName: null });
      }
    }

    // R23, R24, R25: the awards of the organisation with something still to do
    const awards = await m.find(Award, {
      where: [
        { tendererOrgId: org, resultPublishedAt: IsNull() },
        { agencyOrgId: org, resultPublishedAt: IsNull() },
        { tendererOrgId: org, contractDueAt: Not(IsNull()), contractSignedAt: IsNull() },
        { agencyOrgId: org, contractDueAt: Not(IsNull()), contractSignedAt: IsNull() },
        { tendererOrgId: org, reportDueAt: Not(IsNull()), reportSubmittedAt: IsNull() },
        { agencyOrgId: org, reportDueAt: Not(IsNull()), reportSubmittedAt: IsNull() },
      ],
    });
    const sectionOf = new Map<string, SectionWithProject>(evaluating.map((s) => [s.id, s]));
    for (const s of await this.sections.listByIds(awards.map((a) => a.sectionId).filter((id) => !sectionOf.has(id)))) sectionOf.set(s.id, s);
    for (const a of awards) {
      const section = sectionOf.get(a.sectionId);
      if (!section) continue;
      if (!a.resultPublishedAt) {
        const by = resultAnnounceBy(section.project.procedureType, a.decidedAt, cal);
        if (by) pending.push({ item: 'result_announcement', dueAt: by.at, basis: by.basis, sectionId: a.sectionId, winnerName: a.winnerName });
        continue;
      }
      if (a.contractDueAt && !a.contractSignedAt) pending.push({ item: 'contract', dueAt: a.contractDueAt, basis: a.contractDueBasis, sectionId: a.sectionId, winnerName: a.winnerName });
      if (a.reportDueAt && !a.reportSubmittedAt) pending.push({ item: 'supervisor_report', dueAt: a.reportDueAt, basis: a.reportDueBasis, sectionId: a.sectionId, winnerName: a.winnerName });
    }

    const ordered = pending.sort(compare).filter((p) => !after || compare(p, after) > 0);
    const kept = ordered.slice(0, limit);
    const last = kept[kept.length - 1];
    return {
      items: kept.map((p): AwardDeadlineResponse => {
        const s = sectionOf.get(p.sectionId)!;
        return {
          item: p.item,
          rule: RULE_OF[p.item],
          label: AWARD_DEADLINE_LABELS[p.item],
          dueAt: apiTime(p.dueAt),
          basis: p.basis,
          overdue: isOverdue(p.dueAt, now),
          sectionId: s.id,
          sectionCode: s.code,
          sectionName: s.name,
          sectionStatus: s.status,
          projectId: s.project.id,
          projectName: s.project.name,
          winnerName: p.winnerName,
        };
      }),
      nextCursor: ordered.length > limit && last ? encodeCursor(last) : null,
    };
  }
}

type CursorKey = Pick<Pending, 'dueAt' | 'sectionId' | 'item'>;

function compare(a: CursorKey, b: CursorKey): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || (a.sectionId < b.sectionId ? -1 : a.sectionId > b.sectionId ? 1 : 0) || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encodeCursor(p: CursorKey): string {
  return Buffer.from(JSON.stringify([p.dueAt.toISOString(), p.sectionId, p.item]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): CursorKey | undefined {
  if (!cursor) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'string') && UUID.test(v[1] as string)) {
      const dueAt = new Date(v[0] as string);
      if (!Number.isNaN(dueAt.getTime())) return { dueAt, sectionId: v[1] as string, item: v[2] as AwardDeadlineItem };
    }
  } catch {
    // reported below
  }
  throw badCursor();
}

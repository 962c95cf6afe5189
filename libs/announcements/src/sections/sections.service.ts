import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { Actor, AuditService, CalendarService, ClockService, ProcedureType, ruleMinimum, rulesFor } from '@app/core';
import { AnnouncementErrors } from '../announcements.errors';
import { DocumentHolder } from '../downloads/document-download.entity';
import { TenderProject } from '../projects/tender-project.entity';
import { checkTransition, isSuspendable, SectionState } from './section-lifecycle';
import { SectionSuspension } from './section-suspension.entity';
import { TenderSection } from './tender-section.entity';

/** A section with what other modules need of its project. */
export interface SectionWithProject {
  id: string;
  code: string;
  number: number;
  name: string;
  status: SectionState;
  suspended: boolean;
  suspendedReason: string | null;
  /** The last suspension was released with too little of the bid period left: a supplement must set a new 截止. */
  newBidDeadlineRequired: boolean;
  estimatedPrice: string;
  bidSecurity: string;
  /** 投标截止 */
  bidDeadline: Date;
  /** 开标时间 = 截止 (R17) */
  openingTime: Date;
  decryptionWindowEnd: Date | null;
  evaluationReportedAt: Date | null;
  publicityStart: Date | null;
  publicityEnd: Date | null;
  resultAnnouncedAt: Date | null;
  awardedAt: Date | null;
  documentsIssuedAt: Date | null;
  documentsUntil: Date | null;
  terminatedAt: Date | null;
  refundDueAt: Date | null;
  version: number;
  project: {
    id: string;
    code: string;
    name: string;
    procedureType: ProcedureType;
    regionCode: string;
    tendererOrgId: string;
    agencyOrgId: string | null;
  };
}

export interface TransitionOptions {
  /** The time of the change (ChangeContext.at); the platform clock when absent. */
  at?: Date;
  /** Set with the move to `opening` (R18). */
  decryptionWindowEnd?: Date;
  /** Set with the moves after the opening: the key dates the awards module records (R21–R25). */
  evaluationReportedAt?: Date;
  publicityStart?: Date;
  publicityEnd?: Date;
  resultAnnouncedAt?: Date;
  awardedAt?: Date;
  /** Why, for the audit log. */
  reason?: string;
}

/** What asks for a suspension (SectionsService.suspend). */
export interface SuspensionRequest {
  /** 'objection' (R29), 'supervisor_order' (R35), or another module's word for it. */
  source: string;
  /** The source's own reference (a case number), shown with the suspension and usable to release it. */
  reference?: string | null;
  reason: string;
  at?: Date;
}

/** One hold on a section, as other modules see it. */
export interface SectionSuspensionView {
  id: string;
  sectionId: string;
  source: string;
  reference: string | null;
  reason: string;
  suspendedAt: Date;
  releasedAt: Date | null;
  releaseNote: string | null;
}

/** What a release left behind. */
export interface SuspensionRelease {
  suspension: SectionSuspensionView;
  /** Other holds still active: the section stays suspended until they are released too. */
  stillSuspended: boolean;
  activeHolds: number;
  /**
   * The last hold is gone but the bid period, not counting the time suspended, no longer meets R5 (or 截止 has
   * passed): the section stays still until staff publish a supplement with a new 截止.
   */
  newBidDeadlineRequired: boolean;
  section: SectionWithProject;
}

function suspensionView(row: SectionSuspension): SectionSuspensionView {
  return {
    id: row.id,
    sectionId: row.sectionId,
    source: row.source,
    reference: row.reference,
    reason: row.reason,
    suspendedAt: row.suspendedAt,
    releasedAt: row.releasedAt,
    releaseNote: row.releaseNote,
  };
}

/** The time covered by the holds (overlaps counted once), in milliseconds, from `since` on. */
function suspendedMillis(holds: readonly SectionSuspension[], since: Date, until: Date): number {
  const spans = holds
    .map((h) => [Math.max(h.suspendedAt.getTime(), since.getTime()), (h.releasedAt ?? until).getTime()] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of spans) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

const DATED_OPTIONS = ['decryptionWindowEnd', 'evaluationReportedAt', 'publicityStart', 'publicityEnd', 'resultAnnouncedAt', 'awardedAt'] as const;

function view(section: TenderSection, project: TenderProject): SectionWithProject {
  return {
    id: section.id,
    code: section.code,
    number: section.number,
    name: section.name,
    status: section.status,
    suspended: section.suspended,
    suspendedReason: section.suspendedReason,
    newBidDeadlineRequired: section.newBidDeadlineRequired,
    estimatedPrice: section.estimatedPrice,
    bidSecurity: section.bidSecurity,
    bidDeadline: section.bidDeadline,
    openingTime: section.openingTime,
    decryptionWindowEnd: section.decryptionWindowEnd,
    evaluationReportedAt: section.evaluationReportedAt,
    publicityStart: section.publicityStart,
    publicityEnd: section.publicityEnd,
    resultAnnouncedAt: section.resultAnnouncedAt,
    awardedAt: section.awardedAt,
    documentsIssuedAt: section.documentsIssuedAt,
    documentsUntil: section.documentsUntil,
    terminatedAt: section.terminatedAt,
    refundDueAt: section.refundDueAt,
    version: section.version,
    project: {
      id: project.id,
      code: project.code,
      name: project.name,
      procedureType: project.procedureType,
      regionCode: project.regionCode,
      tendererOrgId: project.tendererOrgId,
      agencyOrgId: project.agencyOrgId,
    },
  };
}

/**
 * The one owner of a section's lifecycle state, key dates and suspension flag (docs/design.md "The shape"). The bids,
 * awards and complaints modules read and move sections only through this service, inside their own transaction
 * (pass ctx.manager), so that the move commits with their rows, audit entry and outbox record.
 */
@Injectable()
export class SectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly calendars: CalendarService,
  ) {}

  /** A section with its project (procedure type, tenderer and agency organisations). */
  async get(sectionId: string, manager: EntityManager = this.dataSource.manager): Promise<SectionWithProject> {
    const section = await manager.findOne(TenderSection, { where: { id: sectionId } });
    if (!section) throw AnnouncementErrors.sectionNotFound();
    const project = await manager.findOneOrFail(TenderProject, { where: { id: section.projectId } });
    return view(section, project);
  }

  async getByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<SectionWithProject> {
    const section = await manager.findOne(TenderSection, { where: { code } });
    if (!section) throw AnnouncementErrors.sectionNotFound();
    const project = await manager.findOneOrFail(TenderProject, { where: { id: section.projectId } });
    return view(section, project);
  }

  /** The section's row locked for the rest of the caller's transaction (FOR UPDATE). */
  async lock(manager: EntityManager, sectionId: string): Promise<SectionWithProject> {
    const section = await manager.findOne(TenderSection, { where: { id: sectionId }, lock: { mode: 'pessimistic_write' } });
    if (!section) throw AnnouncementErrors.sectionNotFound();
    const project = await manager.findOneOrFail(TenderProject, { where: { id: section.projectId } });
    return view(section, project);
  }

  /** Whether the organisation downloaded this section's tender documents (a holder: may bid, ask, is notified). */
  async holdsDocuments(sectionId: string, organisationId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const found = await manager.findOne(DocumentHolder, { where: { sectionId, organisationId } });
    return found !== null;
  }

  /** Every holder of the section's tender documents, first download first. */
  async listHolders(sectionId: string, manager: EntityManager = this.dataSource.manager): Promise<DocumentHolder[]> {
    return manager.find(DocumentHolder, { where: { sectionId }, order: { firstDownloadedAt: 'ASC', organisationId: 'ASC' } });
  }

  /**
   * Moves a section from `from` to `to` inside the caller's transaction. Refused when the lifecycle has no such
   * move (SECTION_TRANSITION_REFUSED), when the section is no longer in `from` (SECTION_STATE_CONFLICT: someone
   * moved it first), or when it is suspended (SECTION_SUSPENDED; termination still passes). Writes an audit entry.
   */
  async transition(
    manager: EntityManager,
    sectionId: string,
    from: SectionState,
    to: SectionState,
    actor: Actor,
    options: TransitionOptions = {},
  ): Promise<SectionWithProject> {
    const refusal = checkTransition(from, to);
    if (refusal) throw AnnouncementErrors.transitionRefused(sectionId, from, to, refusal.reason);
    const at = options.at ?? this.clock.now();
    const patch: Record<string, unknown> = { status: to, updatedAt: at, version: () => 'version + 1' };
    for (const key of DATED_OPTIONS) if (options[key]) patch[key] = options[key];
    if (to === 'terminated') patch.terminatedAt = at;
    const qb = manager
      .createQueryBuilder()
      .update(TenderSection)
      .set(patch)
      .where('id = :id AND status = :from', { id: sectionId, from });
    if (to !== 'terminated') qb.andWhere('suspended = false');
    const result = await qb.execute();
    if (!result.affected) {
      const current = await manager.findOne(TenderSection, { where: { id: sectionId } });
      if (!current) throw AnnouncementErrors.sectionNotFound();
      if (current.status === from && current.suspended) throw AnnouncementErrors.sectionSuspended(current.code);
      throw AnnouncementErrors.sectionState(current.code, current.status, [from]);
    }
    const moved = await this.get(sectionId, manager);
    await this.audit.append(
      manager,
      actor,
      {
        action: 'section.transition',
        entityType: 'tender_section',
        entityId: sectionId,
        data: { code: moved.code, from, to, ...(options.reason ? { reason: options.reason } : {}), version: moved.version },
      },
      at,
    );
    return moved;
  }

  /**
   * Suspends the section for one reason (a hold), in the caller's transaction: an objection being answered (R29),
   * a supervisor's order (R35), or any other source. While at least one hold is active the section makes no move
   * but termination, takes no bids and is not opened by the scheduler. Each hold is released on its own
   * (`release`), so concurrent suspensions never lift each other. Refused for a section whose procedure is not
   * running (draft or final). Writes an audit entry.
   */
  async suspend(manager: EntityManager, sectionId: string, request: SuspensionRequest, actor: Actor): Promise<SectionSuspensionView> {
    const current = await this.lock(manager, sectionId);
    if (!isSuspendable(current.status)) {
      throw AnnouncementErrors.sectionState(current.code, current.status, ['published', 'opening', 'opened', 'evaluated', 'publicity', 'awarded']);
    }
    const at = request.at ?? this.clock.now();
    const hold: SectionSuspension = Object.assign(new SectionSuspension(), {
      id: randomUUID(),
      sectionId,
      source: request.source,
      reference: request.reference ?? null,
      reason: request.reason,
      suspendedAt: at,
      suspendedBy: actor.accountId,
      releasedAt: null,
      releasedBy: null,
      releaseNote: null,
    });
    await manager.insert(SectionSuspension, hold);
    await manager
      .createQueryBuilder()
      .update(TenderSection)
      .set({ suspended: true, suspendedReason: request.reason.slice(0, 500), updatedAt: at, version: () => 'version + 1' })
      .where('id = :id', { id: sectionId })
      .execute();
    await this.audit.append(
      manager,
      actor,
      {
        action: 'section.suspend',
        entityType: 'tender_section',
        entityId: sectionId,
        data: { code: current.code, suspensionId: hold.id, source: hold.source, reference: hold.reference, reason: hold.reason },
      },
      at,
    );
    return suspensionView(hold);
  }

  /**
   * Releases one hold (idempotent: a hold already released is returned as it is). When it was the last active
   * hold the section moves again, unless it is still tendering and its bid period, not counting the time it stood
   * suspended, no longer meets R5 (or 截止 has passed meanwhile): then it stays suspended with
   * `newBidDeadlineRequired` until staff publish a supplement with a new 截止 (NoticesService clears it).
   */
  async release(
    manager: EntityManager,
    suspensionId: string,
    actor: Actor,
    options: { at?: Date; note?: string } = {},
  ): Promise<SuspensionRelease> {
    const found = await manager.findOne(SectionSuspension, { where: { id: suspensionId } });
    if (!found) throw AnnouncementErrors.suspensionNotFound();
    const current = await this.lock(manager, found.sectionId);
    const hold = await manager.findOneOrFail(SectionSuspension, { where: { id: suspensionId } });
    const at = options.at ?? this.clock.now();
    if (!hold.releasedAt) {
      hold.releasedAt = at;
      hold.releasedBy = actor.accountId;
      hold.releaseNote = options.note?.slice(0, 500) ?? null;
      await manager.update(SectionSuspension, { id: hold.id }, { releasedAt: at, releasedBy: actor.accountId, releaseNote: hold.releaseNote });
    }
    const active = await manager.find(SectionSuspension, { where: { sectionId: hold.sectionId, releasedAt: IsNull() }, order: { suspendedAt: 'ASC' } });
    let newBidDeadlineRequired = current.newBidDeadlineRequired;
    if (active.length === 0 && current.suspended && !current.newBidDeadlineRequired) {
      newBidDeadlineRequired = current.status === 'published' && (await this.bidPeriodTooShort(manager, current, at));
      const reason = newBidDeadlineRequired ? '暂停期间投标期限不足，须发布补充公告重新确定投标截止时间 a new bid deadline is required' : null;
      await manager
        .createQueryBuilder()
        .update(TenderSection)
        .set({ suspended: newBidDeadlineRequired, suspendedReason: reason, newBidDeadlineRequired, updatedAt: at, version: () => 'version + 1' })
        .where('id = :id', { id: hold.sectionId })
        .execute();
    } else if (active.length > 0) {
      await manager
        .createQueryBuilder()
        .update(TenderSection)
        .set({ suspendedReason: active[active.length - 1].reason, updatedAt: at, version: () => 'version + 1' })
        .where('id = :id', { id: hold.sectionId })
        .execute();
    }
    await this.audit.append(
      manager,
      actor,
      {
        action: active.length === 0 && !newBidDeadlineRequired ? 'section.resume' : 'section.release',
        entityType: 'tender_section',
        entityId: hold.sectionId,
        data: {
          code: current.code,
          suspensionId: hold.id,
          source: hold.source,
          reference: hold.reference,
          activeHolds: active.length,
          newBidDeadlineRequired,
          ...(options.note ? { note: options.note } : {}),
        },
      },
      at,
    );
    return {
      suspension: suspensionView(hold),
      stillSuspended: active.length > 0 || newBidDeadlineRequired,
      activeHolds: active.length,
      newBidDeadlineRequired,
      section: await this.get(hold.sectionId, manager),
    };
  }

  /** Releases every active hold of a source's reference (e.g. every hold of case YY-2026-0001). */
  async releaseByReference(
    manager: EntityManager,
    sectionId: string,
    source: string,
    reference: string,
    actor: Actor,
    options: { at?: Date; note?: string } = {},
  ): Promise<SuspensionRelease[]> {
    const holds = await manager.find(SectionSuspension, { where: { sectionId, source, reference, releasedAt: IsNull() } });
    const out: SuspensionRelease[] = [];
    for (const h of holds) out.push(await this.release(manager, h.id, actor, options));
    return out;
  }

  /** Whether the section stands still (an active hold, or a new 截止 still required after one). */
  async isSuspended(sectionId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const row = await manager.findOne(TenderSection, { where: { id: sectionId }, select: { id: true, suspended: true } });
    if (!row) throw AnnouncementErrors.sectionNotFound();
    return row.suspended;
  }

  /** The holds of a section, first first; only the active ones with `activeOnly`. */
  async listSuspensions(sectionId: string, options: { activeOnly?: boolean } = {}, manager: EntityManager = this.dataSource.manager): Promise<SectionSuspensionView[]> {
    const rows = await manager.find(SectionSuspension, {
      where: { sectionId, ...(options.activeOnly ? { releasedAt: IsNull() } : {}) },
      order: { suspendedAt: 'ASC', id: 'ASC' },
    });
    return rows.map(suspensionView);
  }

  /** Whether the bid period, not counting the time the section stood suspended, still meets R5 (and 截止 is ahead). */
  private async bidPeriodTooShort(manager: EntityManager, section: SectionWithProject, at: Date): Promise<boolean> {
    if (section.bidDeadline.getTime() <= at.getTime()) return true;
    if (!section.documentsIssuedAt) return false;
    const holds = await manager.find(SectionSuspension, { where: { sectionId: section.id } });
    const lost = suspendedMillis(holds, section.documentsIssuedAt, at);
    const rule = rulesFor(section.project.procedureType).R5;
    const shiftedIssue = new Date(section.documentsIssuedAt.getTime() + lost);
    return !ruleMinimum(rule, shiftedIssue, section.bidDeadline, this.calendars.calendar).ok;
  }

  /**
   * The flag form of suspend/release, kept for callers that think of one suspension: `true` adds a hold of source
   * 'manual' (unless the section is already suspended), `false` releases every active hold.
   */
  async setSuspended(
    manager: EntityManager,
    sectionId: string,
    suspended: boolean,
    actor: Actor,
    options: { at?: Date; reason?: string; expectedVersion?: number } = {},
  ): Promise<SectionWithProject> {
    const current = await this.lock(manager, sectionId);
    if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
      throw AnnouncementErrors.sectionState(current.code, current.status, [`version ${options.expectedVersion}`]);
    }
    if (suspended) {
      if (!isSuspendable(current.status)) {
        throw AnnouncementErrors.sectionState(current.code, current.status, ['published', 'opening', 'opened', 'evaluated', 'publicity', 'awarded']);
      }
      if (current.suspended) return current;
      await this.suspend(manager, sectionId, { source: 'manual', reason: options.reason ?? '暂停 suspended', at: options.at }, actor);
    } else {
      const active = await manager.find(SectionSuspension, { where: { sectionId, releasedAt: IsNull() } });
      for (const hold of active) await this.release(manager, hold.id, actor, { at: options.at, note: options.reason });
    }
    return this.get(sectionId, manager);
  }

  /**
   * A supplement set a new 截止 for a section that needed one after its suspension (NoticesService): the section
   * moves again unless another hold is active meanwhile. In the caller's transaction.
   */
  async newBidDeadlineSet(manager: EntityManager, sectionId: string, actor: Actor, at: Date = this.clock.now()): Promise<void> {
    const active = await manager.count(SectionSuspension, { where: { sectionId, releasedAt: IsNull() } });
    await manager
      .createQueryBuilder()
      .update(TenderSection)
      .set({ newBidDeadlineRequired: false, ...(active === 0 ? { suspended: false, suspendedReason: null } : {}), updatedAt: at, version: () => 'version + 1' })
      .where('id = :id AND new_bid_deadline_required = true', { id: sectionId })
      .execute();
    await this.audit.append(manager, actor, { action: 'section.new_bid_deadline', entityType: 'tender_section', entityId: sectionId, data: { activeHolds: active } }, at);
  }

  /**
   * Records key dates of the award without a move (a corrected evaluation report, a new candidate publicity
   * after a correction: the section stays where it is), in the caller's transaction, with an audit entry.
   */
  async recordDates(
    manager: EntityManager,
    sectionId: string,
    actor: Actor,
    dates: Pick<TransitionOptions, 'evaluationReportedAt' | 'publicityStart' | 'publicityEnd' | 'resultAnnouncedAt'> & { at?: Date; reason?: string },
  ): Promise<SectionWithProject> {
    const at = dates.at ?? this.clock.now();
    const patch: Record<string, unknown> = { updatedAt: at, version: () => 'version + 1' };
    const recorded: Record<string, string> = {};
    for (const key of ['evaluationReportedAt', 'publicityStart', 'publicityEnd', 'resultAnnouncedAt'] as const) {
      if (dates[key]) {
        patch[key] = dates[key];
        recorded[key] = dates[key].toISOString();
      }
    }
    const result = await manager.createQueryBuilder().update(TenderSection).set(patch).where('id = :id', { id: sectionId }).execute();
    if (!result.affected) throw AnnouncementErrors.sectionNotFound();
    const section = await this.get(sectionId, manager);
    await this.audit.append(
      manager,
      actor,
      { action: 'section.dates', entityType: 'tender_section', entityId: sectionId, data: { code: section.code, ...recorded, ...(dates.reason ? { reason: dates.reason } : {}) } },
      at,
    );
    return section;
  }

  /** Published sections whose 截止 has come and that are not suspended, earliest first: for the deadline scheduler. */
  async listDueForOpening(now: Date, limit = 100, manager: EntityManager = this.dataSource.manager): Promise<SectionWithProject[]> {
    const sections = await manager
      .createQueryBuilder(TenderSection, 's')
      .where(`s.status = 'published' AND s.bidDeadline <= :now AND s.suspended = false`, { now })
      .orderBy('s.bidDeadline', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .take(limit)
      .getMany();
    if (!sections.length) return [];
    const projects = await manager.find(TenderProject, { where: { id: In([...new Set(sections.map((s) => s.projectId))]) } });
    const byId = new Map(projects.map((p) => [p.id, p]));
    return sections.map((s) => view(s, byId.get(s.projectId)!));
  }

  /**
   * The sections of the organisation's projects (as tenderer or agency) in one of `statuses`, with their projects:
   * for another module's list of what the organisation has to do (libs/awards: the coming award deadlines).
   */
  async listForOrganisation(organisationId: string, statuses: readonly SectionState[], manager: EntityManager = this.dataSource.manager): Promise<SectionWithProject[]> {
    if (!statuses.length) return [];
    const sections = await manager
      .createQueryBuilder(TenderSection, 's')
      .innerJoin(TenderProject, 'p', 'p.id = s.projectId')
      .where('(p.tendererOrgId = :org OR p.agencyOrgId = :org)', { org: organisationId })
      .andWhere('s.status IN (:...statuses)', { statuses: [...statuses] })
      .orderBy('s.id', 'ASC')
      .getMany();
    return this.withProjects(sections, manager);
  }

  /** Sections by id with their projects (an id not found is left out). */
  async listByIds(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<SectionWithProject[]> {
    if (!ids.length) return [];
    return this.withProjects(await manager.find(TenderSection, { where: { id: In([...new Set(ids)]) } }), manager);
  }

  private async withProjects(sections: TenderSection[], manager: EntityManager): Promise<SectionWithProject[]> {
    if (!sections.length) return [];
    const projects = await manager.find(TenderProject, { where: { id: In([...new Set(sections.map((s) => s.projectId))]) } });
    const byId = new Map(projects.map((p) => [p.id, p]));
    return sections.map((s) => view(s, byId.get(s.projectId)!));
  }

  /** The sections of a project, by number. */
  async listForProject(projectId: string, manager: EntityManager = this.dataSource.manager): Promise<TenderSection[]> {
    return manager.find(TenderSection, { where: { projectId }, order: { number: 'ASC' } });
  }
}

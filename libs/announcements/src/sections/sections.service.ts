import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, AuditService, ClockService, ProcedureType } from '@app/core';
import { AnnouncementErrors } from '../announcements.errors';
import { DocumentHolder } from '../downloads/document-download.entity';
import { TenderProject } from '../projects/tender-project.entity';
import { checkTransition, isSuspendable, SectionState } from './section-lifecycle';
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
   * Sets or clears the suspension flag (objection pending R29, supervisor's order R35), in the caller's
   * transaction. `expectedVersion`, when given, refuses a section changed since the caller read it.
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
    if (suspended && !isSuspendable(current.status)) {
      throw AnnouncementErrors.sectionState(current.code, current.status, ['published', 'opening', 'opened', 'evaluated', 'publicity', 'awarded']);
    }
    if (current.suspended === suspended) return current;
    const at = options.at ?? this.clock.now();
    await manager
      .createQueryBuilder()
      .update(TenderSection)
      .set({ suspended, suspendedReason: suspended ? (options.reason ?? null) : null, updatedAt: at, version: () => 'version + 1' })
      .where('id = :id', { id: sectionId })
      .execute();
    await this.audit.append(
      manager,
      actor,
      {
        action: suspended ? 'section.suspend' : 'section.resume',
        entityType: 'tender_section',
        entityId: sectionId,
        data: { code: current.code, ...(options.reason ? { reason: options.reason } : {}) },
      },
      at,
    );
    return this.get(sectionId, manager);
  }

  /**
   * The suspension API other modules use (complaints: an objection or a supervisor's order, R29, R35; awards reads
   * it): suspend / release / isSuspended, each in the caller's transaction. While suspended no move but
   * termination passes (`transition` refuses with SECTION_SUSPENDED), so a publicity cannot end and no winner can
   * be confirmed.
   */
  suspend(manager: EntityManager, sectionId: string, actor: Actor, options: { at?: Date; reason?: string } = {}): Promise<SectionWithProject> {
    return this.setSuspended(manager, sectionId, true, actor, options);
  }

  release(manager: EntityManager, sectionId: string, actor: Actor, options: { at?: Date; reason?: string } = {}): Promise<SectionWithProject> {
    return this.setSuspended(manager, sectionId, false, actor, options);
  }

  async isSuspended(sectionId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return (await this.get(sectionId, manager)).suspended;
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

  /** The sections of a project, by number. */
  async listForProject(projectId: string, manager: EntityManager = this.dataSource.manager): Promise<TenderSection[]> {
    return manager.find(TenderSection, { where: { projectId }, order: { number: 'ASC' } });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, ChangeContext, ChangeService, decodeTimeCursor, limitOf, Page, pageOf, PLATFORM_CONFIG, PlatformConfig, toLocalDate } from '@app/core';
import { OutboxService } from '@app/exchange';
import { IdentityService } from '@app/identity';
import { AnnouncementErrors, ruleRefusal } from '../announcements.errors';
import { assertMayOversee, assertProjectStaff } from '../common/access';
import { shanghai } from '../common/time';
import { tenderProjectRecord } from '../common/upstream-records';
import { CreateProjectDto, SectionInputDto, UpdateProjectDto, UpdateSectionDto } from '../dto/project.dto';
import { money } from '../dto/validation';
import { checkBidSecurity, checkOpeningTime, instantAllowed, RuleViolation } from '../rules/announcement-rules';
import { TenderSection } from '../sections/tender-section.entity';
import { TenderProject } from './tender-project.entity';

export interface SectionOutput {
  id: string;
  code: string;
  number: number;
  name: string;
  status: string;
  suspended: boolean;
  newBidDeadlineRequired: boolean;
  estimatedPrice: string;
  bidSecurity: string;
  bidDeadline: string;
  openingTime: string;
  decryptionWindowEnd: string | null;
  documentsIssuedAt: string | null;
  documentsUntil: string | null;
  terminatedAt: string | null;
  refundDueAt: string | null;
  refundDueProvisional: boolean;
  version: number;
}

export interface ProjectOutput {
  id: string;
  code: string;
  name: string;
  procedureType: string;
  regionCode: string;
  fundingSource: string;
  tenderer: { id: string; name: string; uscc: string };
  agency: { id: string; name: string; uscc: string } | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  sections: SectionOutput[];
}

export function sectionOutput(s: TenderSection): SectionOutput {
  return {
    id: s.id,
    code: s.code,
    number: s.number,
    name: s.name,
    status: s.status,
    suspended: s.suspended,
    newBidDeadlineRequired: s.newBidDeadlineRequired,
    estimatedPrice: s.estimatedPrice,
    bidSecurity: s.bidSecurity,
    bidDeadline: shanghai(s.bidDeadline),
    openingTime: shanghai(s.openingTime),
    decryptionWindowEnd: shanghai(s.decryptionWindowEnd),
    documentsIssuedAt: shanghai(s.documentsIssuedAt),
    documentsUntil: shanghai(s.documentsUntil),
    terminatedAt: shanghai(s.terminatedAt),
    refundDueAt: shanghai(s.refundDueAt),
    refundDueProvisional: s.refundDueProvisional,
    version: s.version,
  };
}

/** Tender projects (招标项目) and their sections (标段): registration and changes before publication. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityService,
    private readonly change: ChangeService,
    private readonly outbox: OutboxService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async create(actor: Actor, dto: CreateProjectDto): Promise<ProjectOutput> {
    return this.change.run(actor, async (ctx) => {
      const { manager } = ctx;
      const own = actor.organisationId ? ((await this.identity.organisationsById([actor.organisationId], manager)).get(actor.organisationId) ?? null) : null;
      if (!own || actor.role !== 'staff' || (own.kind !== 'tenderer' && own.kind !== 'agency')) throw AnnouncementErrors.notProjectStaff();
      let tendererOrgId: string;
      let agencyOrgId: string | null;
      if (own.kind === 'tenderer') {
        if (dto.tendererOrgId && dto.tendererOrgId !== own.id) throw AnnouncementErrors.organisationKind('tendererOrgId', 'your own tenderer organisation');
        tendererOrgId = own.id;
        agencyOrgId = dto.agencyOrgId ?? null;
      } else {
        if (dto.agencyOrgId && dto.agencyOrgId !== own.id) throw AnnouncementErrors.organisationKind('agencyOrgId', 'your own agency organisation');
        if (!dto.tendererOrgId) throw AnnouncementErrors.fieldRequired('tendererOrgId', '招标人');
        tendererOrgId = dto.tendererOrgId;
        agencyOrgId = own.id;
      }
      await this.assertKind(manager, tendererOrgId, 'tenderer', 'tendererOrgId');
      if (agencyOrgId) await this.assertKind(manager, agencyOrgId, 'agency', 'agencyOrgId');

      const sections = this.allSectionFigures(dto.procedureType, dto.sections, ctx.at);
      const code = await this.nextProjectCode(manager, ctx.at);
      const project = manager.create(TenderProject, {
        id: randomUUID(),
        code,
        name: dto.name.trim(),
        procedureType: dto.procedureType,
        regionCode: dto.regionCode,
        tendererOrgId,
        agencyOrgId,
        fundingSource: dto.fundingSource.trim(),
        noticeCount: 0,
        sectionCount: sections.length,
        createdBy: actor.accountId,
        createdAt: ctx.at,
        updatedAt: ctx.at,
        version: 1,
      });
      await manager.insert(TenderProject, project);
      const rows = sections.map((s, i) =>
        manager.create(TenderSection, {
          id: randomUUID(),
          projectId: project.id,
          code: `${code}-${String(i + 1).padStart(3, '0')}`,
          number: i + 1,
          ...s,
          status: 'draft',
          suspended: false,
          createdAt: ctx.at,
          updatedAt: ctx.at,
          version: 1,
        }),
      );
      await manager.insert(TenderSection, rows);
      await ctx.audit({
        action: 'project.register',
        entityType: 'tender_project',
        entityId: project.id,
        data: { code, name: project.name, procedureType: project.procedureType, sections: rows.map((r) => r.code) },
      });
      await this.sendProjectRecord(ctx, project.id);
      return this.output(manager, project.id);
    });
  }

  async update(actor: Actor, projectId: string, dto: UpdateProjectDto): Promise<ProjectOutput> {
    return this.change.run(actor, async (ctx) => {
      const project = await this.lockProject(ctx.manager, projectId);
      assertProjectStaff(actor, project);
      await this.assertNothingPublished(ctx.manager, projectId);
      if (dto.agencyOrgId && dto.agencyOrgId !== project.agencyOrgId) {
        // the agency that registered the project stays on it; a tenderer may appoint one
        if (actor.organisationId === project.agencyOrgId) throw AnnouncementErrors.notProjectStaff();
        await this.assertKind(ctx.manager, dto.agencyOrgId, 'agency', 'agencyOrgId');
      }
      const patch: Partial<TenderProject> = {
        ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
        ...(dto.regionCode !== undefined ? { regionCode: dto.regionCode } : {}),
        ...(dto.fundingSource !== undefined ? { fundingSource: dto.fundingSource.trim() } : {}),
        ...(dto.agencyOrgId !== undefined ? { agencyOrgId: dto.agencyOrgId } : {}),
      };
      await ctx.manager.update(TenderProject, { id: projectId }, { ...patch, updatedAt: ctx.at, version: project.version + 1 });
      await ctx.audit({ action: 'project.update', entityType: 'tender_project', entityId: projectId, data: { ...patch } });
      await this.sendProjectRecord(ctx, projectId);
      return this.output(ctx.manager, projectId);
    });
  }

  async addSection(actor: Actor, projectId: string, dto: SectionInputDto): Promise<SectionOutput> {
    return this.change.run(actor, async (ctx) => {
      const project = await this.lockProject(ctx.manager, projectId);
      assertProjectStaff(actor, project);
      const number = project.sectionCount + 1;
      if (number > 999) throw AnnouncementErrors.sectionState(project.code, 'full', ['fewer than 999 sections']);
      const section = ctx.manager.create(TenderSection, {
        id: randomUUID(),
        projectId,
        code: `${project.code}-${String(number).padStart(3, '0')}`,
        number,
        ...this.sectionFigures(project.procedureType, dto, ctx.at),
        status: 'draft',
        suspended: false,
        createdAt: ctx.at,
        updatedAt: ctx.at,
        version: 1,
      });
      await ctx.manager.insert(TenderSection, section);
      await ctx.manager.update(TenderProject, { id: projectId }, { sectionCount: number, updatedAt: ctx.at, version: project.version + 1 });
      await ctx.audit({ action: 'section.create', entityType: 'tender_section', entityId: section.id, data: { code: section.code } });
      await this.sendProjectRecord(ctx, projectId);
      return sectionOutput(section);
    });
  }

  /** A draft section may change; a published one changes through a supplement (R8). */
  async updateSection(actor: Actor, sectionId: string, dto: UpdateSectionDto): Promise<SectionOutput> {
    return this.change.run(actor, async (ctx) => {
      const section = await ctx.manager.findOne(TenderSection, { where: { id: sectionId }, lock: { mode: 'pessimistic_write' } });
      if (!section) throw AnnouncementErrors.sectionNotFound();
      const project = await ctx.manager.findOneOrFail(TenderProject, { where: { id: section.projectId } });
      assertProjectStaff(actor, project);
      if (section.status !== 'draft') throw AnnouncementErrors.notDraft('section');
      const merged: SectionInputDto = {
        name: dto.name ?? section.name,
        estimatedPrice: dto.estimatedPrice ?? section.estimatedPrice,
        bidSecurity: dto.bidSecurity ?? section.bidSecurity,
        bidDeadline: dto.bidDeadline ?? section.bidDeadline.toISOString(),
        openingTime: dto.openingTime ?? (dto.bidDeadline ? undefined : section.openingTime.toISOString()),
      };
      const figures = this.sectionFigures(project.procedureType, merged, ctx.at);
      await ctx.manager.update(TenderSection, { id: sectionId }, { ...figures, updatedAt: ctx.at, version: section.version + 1 });
      await ctx.audit({ action: 'section.update', entityType: 'tender_section', entityId: sectionId, data: { code: section.code, ...dto } });
      await this.sendProjectRecord(ctx, project.id);
      return sectionOutput(await ctx.manager.findOneOrFail(TenderSection, { where: { id: sectionId } }));
    });
  }

  async get(actor: Actor, projectId: string): Promise<ProjectOutput> {
    const project = await this.dataSource.manager.findOne(TenderProject, { where: { id: projectId } });
    if (!project) throw AnnouncementErrors.projectNotFound();
    assertMayOversee(actor, project);
    return this.output(this.dataSource.manager, projectId);
  }

  /** Staff see their organisation's projects; supervisors and administrators see every project. Newest first. */
  async list(actor: Actor, query: { cursor?: string; limit?: number }): Promise<Page<ProjectOutput>> {
    const limit = limitOf(query.limit);
    const cursor = decodeTimeCursor(query.cursor);
    const qb = this.dataSource.manager
      .createQueryBuilder(TenderProject, 'p')
      .orderBy('p.createdAt', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(limit + 1);
    if (actor.role === 'staff') qb.where('(p.tendererOrgId = :org OR p.agencyOrgId = :org)', { org: actor.organisationId });
    if (cursor) qb.andWhere('(p.createdAt, p.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    const rows = await qb.getMany();
    const page = pageOf(rows, limit, (p) => ({ at: p.createdAt, id: p.id }), (p) => p.id);
    const items: ProjectOutput[] = [];
    for (const id of page.items) items.push(await this.output(this.dataSource.manager, id));
    return { items, nextCursor: page.nextCursor };
  }

  /** The project row locked for the rest of the transaction: numbering and publication take turns per project. */
  async lockProject(manager: EntityManager, projectId: string): Promise<TenderProject> {
    const project = await manager.findOne(TenderProject, { where: { id: projectId }, lock: { mode: 'pessimistic_write' } });
    if (!project) throw AnnouncementErrors.projectNotFound();
    return project;
  }

  /** GCJS_TENDER_PROJECT with the project's sections as they stand, into the outbox of this transaction. */
  async sendProjectRecord(ctx: ChangeContext, projectId: string): Promise<void> {
    const project = await ctx.manager.findOneOrFail(TenderProject, { where: { id: projectId } });
    const sections = await ctx.manager.find(TenderSection, { where: { projectId }, order: { number: 'ASC' } });
    const orgIds = [project.tendererOrgId, ...(project.agencyOrgId ? [project.agencyOrgId] : [])];
    const orgs = await this.identity.organisationsById(orgIds, ctx.manager);
    const tenderer = orgs.get(project.tendererOrgId)!;
    const agency = project.agencyOrgId ? (orgs.get(project.agencyOrgId) ?? null) : null;
    await this.outbox.append(ctx.manager, {
      tenderProjectCode: project.code,
      datasetCode: 'GCJS_TENDER_PROJECT',
      record: tenderProjectRecord(project, sections, tenderer, agency),
      at: ctx.at,
    });
  }

  /** Whether a project of this tenderer, or of this name, exists (the demo seeding asks before it seeds). */
  async exists(where: { tendererOrgId?: string; name?: string }): Promise<boolean> {
    return (await this.dataSource.manager.count(TenderProject, { where })) > 0;
  }

  async output(manager: EntityManager, projectId: string): Promise<ProjectOutput> {
    const project = await manager.findOneOrFail(TenderProject, { where: { id: projectId } });
    const sections = await manager.find(TenderSection, { where: { projectId }, order: { number: 'ASC' } });
    const orgIds = [project.tendererOrgId, ...(project.agencyOrgId ? [project.agencyOrgId] : [])];
    const orgs = await this.identity.organisationsById(orgIds, manager);
    const ref = (id: string | null) => {
      const o = id ? orgs.get(id) : undefined;
      return o ? { id: o.id, name: o.name, uscc: o.uscc } : null;
    };
    return {
      id: project.id,
      code: project.code,
      name: project.name,
      procedureType: project.procedureType,
      regionCode: project.regionCode,
      fundingSource: project.fundingSource,
      tenderer: ref(project.tendererOrgId)!,
      agency: ref(project.agencyOrgId),
      createdAt: shanghai(project.createdAt),
      updatedAt: shanghai(project.updatedAt),
      version: project.version,
      sections: sections.map(sectionOutput),
    };
  }

  /**
   * R9 and R17 at registration; R5 and the rest are checked when the tender notice is published. Every problem
   * of every section given is found before refusing, so the first refusal lists them all (`violations`).
   */
  private sectionFigures(procedure: TenderProject['procedureType'], s: SectionInputDto, now: Date) {
    return this.allSectionFigures(procedure, [s], now)[0];
  }

  private allSectionFigures(procedure: TenderProject['procedureType'], given: readonly SectionInputDto[], now: Date) {
    const problems: RuleViolation[] = [];
    const figures = given.map((s, i) => {
      const section = given.length > 1 ? `sections[${i}]` : undefined;
      const bidDeadline = new Date(s.bidDeadline);
      const openingTime = s.openingTime ? new Date(s.openingTime) : bidDeadline;
      const estimatedPrice = money(s.estimatedPrice);
      const bidSecurity = money(s.bidSecurity);
      if (BigInt(estimatedPrice.replace('.', '')) === 0n) {
        problems.push({ rule: null, code: 'ESTIMATED_PRICE_ZERO', zh: '估算价/预算金额必须大于零', en: 'The estimated price or budget must be above zero', field: 'estimatedPrice', section });
      } else {
        const security = checkBidSecurity(procedure, estimatedPrice, bidSecurity, section);
        if (security) problems.push(security);
      }
      const opening = checkOpeningTime(bidDeadline, openingTime, section);
      if (opening) problems.push(opening);
      if (bidDeadline.getTime() <= now.getTime()) {
        problems.push({
          rule: null,
          code: 'BID_DEADLINE_IN_PAST',
          zh: `投标截止时间必须晚于当前时间（${shanghai(now)}）`,
          en: `The bid deadline must be later than now (${shanghai(now)})`,
          field: 'bidDeadline',
          section,
          earliest: instantAllowed(new Date(now.getTime() + 1000), 'one second after now'),
        });
      }
      return { name: s.name.trim(), estimatedPrice, bidSecurity, bidDeadline, openingTime };
    });
    if (problems.length) throw ruleRefusal(problems);
    return figures;
  }

  private async assertKind(manager: EntityManager, orgId: string, kind: 'tenderer' | 'agency', field: string): Promise<void> {
    const org = (await this.identity.organisationsById([orgId], manager)).get(orgId);
    if (!org || org.kind !== kind) throw AnnouncementErrors.organisationKind(field, kind);
  }

  private async assertNothingPublished(manager: EntityManager, projectId: string): Promise<void> {
    const published: unknown[] = await manager.query(`SELECT 1 FROM notice WHERE project_id = $1 AND status <> 'draft' LIMIT 1`, [projectId]);
    if (published.length) throw AnnouncementErrors.projectPublished();
  }

  /** `{platformCode}-{year}-{n:5}`: n counts the projects of the (Asia/Shanghai) year, from 1. */
  private async nextProjectCode(manager: EntityManager, at: Date): Promise<string> {
    const year = Number(toLocalDate(at).slice(0, 4));
    const [row] = (await manager.query(
      `INSERT INTO tender_project_counter AS c (year, last_value) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_value = c.last_value + 1
       RETURNING last_value`,
      [year],
    )) as { last_value: number }[];
    return `${this.config.platformCode}-${year}-${String(row.last_value).padStart(5, '0')}`;
  }
}

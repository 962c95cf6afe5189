import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, EntityManager, In, IsNull, SelectQueryBuilder } from 'typeorm';
import {
  Actor,
  apiTime,
  CalendarService,
  ChangeContext,
  ChangeService,
  ClockService,
  decodeTimeCursor,
  limitOf,
  LocalDate,
  pageOf,
  remainingWorkingDays,
  rulesFor,
  toLocalDate,
} from '@app/core';
import { InboxService, SectionsService, SectionWithProject } from '@app/announcements';
import { DocumentsService } from '@app/documents';
import { IdentityService } from '@app/identity';
import { OutboxService } from '@app/exchange';
import { ComplaintErrors } from '../complaints.errors';
import type {
  BoardPageDto,
  CaseDetailDto,
  CaseListDto,
  DepartmentStatisticsDto,
  FileComplaintDto,
  FileObjectionDto,
  PublicCaseDto,
  StatisticsDto,
} from '../dto/case.dto';
import { acceptanceDue, answerDue, complaintWindow, decisionDue, objectionWindow, placeInWindow } from '../rules/case-windows';
import { CaseAttachment, CaseEvent, CaseKind, CasePause, CaseStatus, CaseSubject, ComplaintCase, OBJECTION_SUBJECTS, PauseKind } from './case.entity';
import { boardView, complaintRecord, kindLabel, pauseIntervals, remainingOf } from './case-views';

/** The document purpose of a case's files (registered by the API with `caseDocumentPurposes()`). */
export const CASE_ATTACHMENT_PURPOSE = 'case-attachment';

/** Subjects that need a prior objection before a complaint (R33). */
export const NEEDS_PRIOR_OBJECTION: readonly CaseSubject[] = ['tender_documents', 'opening', 'evaluation_result'];

const PREFIX = { objection: { construction: 'YY', government: 'ZY' }, complaint: { construction: 'TS', government: 'TS' } } as const;

type Step = 'filed' | 'accepted' | 'rejected' | 'answered' | 'decided' | 'paused' | 'resumed' | 'suspension_ordered' | 'suspension_lifted';

/**
 * Objections (异议/质疑) and complaints (投诉), R27–R35: filed inside their windows, answered or decided within
 * their limits, the section suspended through SectionsService while the law says so, every step recorded (the
 * case's own steps, the audit log and GCJS_COMPLAINT in the outbox, one transaction) and shown on the public case
 * status board (办件状态) with the remaining working days computed live.
 */
/** The filters of a list of cases (the public board's and a party's own): kind, status (or open / closed), department, section. */
export interface CaseFilters {
  kind?: string;
  status?: string;
  departmentOrgId?: string;
  sectionCode?: string;
}

function filterCases(qb: SelectQueryBuilder<ComplaintCase>, q: CaseFilters): SelectQueryBuilder<ComplaintCase> {
  if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
  if (q.status === 'open') qb.andWhere(`c.status IN ('submitted', 'accepted')`);
  else if (q.status === 'closed') qb.andWhere(`c.status IN ('rejected', 'answered', 'decided')`);
  else if (q.status) qb.andWhere('c.status = :status', { status: q.status });
  if (q.departmentOrgId) qb.andWhere('c.department_org_id = :dep', { dep: q.departmentOrgId });
  if (q.sectionCode) qb.andWhere('c.section_code = :code', { code: q.sectionCode });
  return qb;
}

@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
    private readonly clock: ClockService,
    private readonly calendars: CalendarService,
    private readonly sections: SectionsService,
    private readonly inbox: InboxService,
    private readonly identity: IdentityService,
    private readonly outbox: OutboxService,
    private readonly documents: DocumentsService,
  ) {}

  // ------------------------------------------------------------------ filing

  /** An objection to the tenderer (R27, R28; at the opening R19), suspending the section where R29 says so. */
  async fileObjection(actor: Actor, dto: FileObjectionDto): Promise<CaseDetailDto> {
    const subject = dto.subject as CaseSubject;
    if (!OBJECTION_SUBJECTS.includes(subject)) throw ComplaintErrors.wrongKind('objection');
    const id = await this.change.run(actor, async (ctx) => {
      const section = await this.sections.lock(ctx.manager, dto.sectionId);
      const procedure = section.project.procedureType;
      const rules = rulesFor(procedure);
      const cal = this.calendars.calendar;
      const knownAt = subject === 'tender_documents' ? await this.firstDownload(ctx.manager, section.id, actor.organisationId!) : null;
      const w = objectionWindow(subject, section, rules, procedure, cal, knownAt);
      const place = placeInWindow(ctx.at, w);
      if (place !== 'inside') throw ComplaintErrors.outsideWindow(w, place, 'objection');
      const department = section.project.agencyOrgId ?? section.project.tendererOrgId;
      const orgs = await this.identity.organisationsById([actor.organisationId!, department], ctx.manager);
      const due = answerDue(rules, ctx.at, cal);
      const row = await this.newCase(ctx, {
        kind: 'objection',
        section,
        subject,
        complainantOrgName: orgs.get(actor.organisationId!)?.name ?? '',
        departmentOrgId: department,
        departmentName: orgs.get(department)?.name ?? '',
        priorObjectionId: null,
        knownAt,
        content: dto.content,
        contactName: dto.contactName,
        contactPhone: dto.contactPhone,
        status: 'accepted',
        acceptedAt: ctx.at,
        promisedBy: due.at,
        promiseRule: 'R29',
      });
      let suspended = false;
      if (rules.R29.suspendsProcedure) {
        const hold = await this.sections.suspend(
          ctx.manager,
          section.id,
          { source: 'objection', reference: row.caseNumber, reason: `异议 ${row.caseNumber} 答复前暂停招标投标活动（R29）`, at: ctx.at },
          actor,
        );
        row.suspensionId = hold.id;
        await ctx.manager.update(ComplaintCase, { id: row.id }, { suspensionId: hold.id });
        suspended = true;
      }
      await this.step(ctx, row, 'filed', {
        note: `${kindLabel(row)}已提交：${dto.content.slice(0, 200)}`,
        publicNote: `收到${kindLabel(row)}，${row.departmentName}受理${suspended ? '；答复前该标段暂停' : ''}`,
        sectionSuspended: suspended,
      });
      await this.inbox.deliver(ctx.manager, [section.project.tendererOrgId, ...(section.project.agencyOrgId ? [section.project.agencyOrgId] : [])], {
        kind: 'case',
        title: `【${kindLabel(row)}】${row.caseNumber} ${section.code}`,
        body: `${row.complainantOrgName}就标段 ${section.code} 提出${kindLabel(row)}，请于 ${apiTime(due.at)} 前通过平台答复（${due.basis}）。`,
        sectionId: section.id,
      }, ctx.at);
      return row.id;
    });
    return this.detail(actor, id);
  }

  /** A complaint to a supervising department (R30), refused without a required prior objection (R33). */
  async fileComplaint(actor: Actor, dto: FileComplaintDto): Promise<CaseDetailDto> {
    const subject = dto.subject as CaseSubject;
    const id = await this.change.run(actor, async (ctx) => {
      const section = await this.sections.get(dto.sectionId, ctx.manager);
      const procedure = section.project.procedureType;
      const rules = rulesFor(procedure);
      const cal = this.calendars.calendar;
      const orgs = await this.identity.organisationsById([actor.organisationId!, dto.departmentOrgId], ctx.manager);
      const department = orgs.get(dto.departmentOrgId);
      if (!department || department.kind !== 'supervisor') throw ComplaintErrors.notDepartment();

      let prior: ComplaintCase | null = null;
      if (dto.priorObjectionId) {
        prior = await ctx.manager.findOne(ComplaintCase, { where: { id: dto.priorObjectionId, kind: 'objection' } });
        const fits = prior && prior.complainantOrgId === actor.organisationId && prior.sectionId === section.id && prior.subject === subject;
        if (!fits) throw ComplaintErrors.priorObjectionRequired(subject);
      } else if (NEEDS_PRIOR_OBJECTION.includes(subject)) {
        throw ComplaintErrors.priorObjectionRequired(subject);
      }
      if (prior && prior.status !== 'answered' && ctx.at.getTime() < prior.promisedBy.getTime()) {
        throw ComplaintErrors.priorObjectionPending(prior.promisedBy);
      }
      const knownAt = dto.knownAt ? new Date(dto.knownAt) : (prior?.filedAt ?? null);
      if (!knownAt) throw ComplaintErrors.knownAtRequired();
      if (knownAt.getTime() > ctx.at.getTime()) throw ComplaintErrors.knownAtInFuture();
      const w = complaintWindow(
        rules,
        knownAt,
        prior ? { filedAt: prior.filedAt, answeredAt: prior.closedAt, answerDue: prior.promisedBy } : null,
        cal,
      );
      const place = placeInWindow(ctx.at, w);
      if (place !== 'inside') throw ComplaintErrors.outsideWindow(w, place, 'complaint');
      const due = acceptanceDue(rules, ctx.at, cal);
      const row = await this.newCase(ctx, {
        kind: 'complaint',
        section,
        subject,
        complainantOrgName: orgs.get(actor.organisationId!)?.name ?? '',
        departmentOrgId: department.id,
        departmentName: department.name,
        priorObjectionId: prior?.id ?? null,
        knownAt,
        content: dto.content,
        contactName: dto.contactName,
        contactPhone: dto.contactPhone,
        status: 'submitted',
        acceptedAt: null,
        promisedBy: due.at,
        promiseRule: 'R31',
      });
      await this.step(ctx, row, 'filed', {
        note: `投诉已提交：${dto.content.slice(0, 200)}`,
        publicNote: `收到投诉，${department.name}审查是否受理`,
      });
      await this.inbox.deliver(ctx.manager, [section.project.tendererOrgId, ...(section.project.agencyOrgId ? [section.project.agencyOrgId] : [])], {
        kind: 'case',
        title: `【投诉】${row.caseNumber} ${section.code}`,
        body: `${row.complainantOrgName}就标段 ${section.code} 向${department.name}投诉。`,
      }, ctx.at);
      return row.id;
    });
    return this.detail(actor, id);
  }

  // ------------------------------------------------------------------ objections

  /** The answer to an objection, by the project's staff on the platform (R29, R34); releases its hold on the section. */
  async answerObjection(actor: Actor, caseId: string, text: string, resultSummary: string): Promise<CaseDetailDto> {
    await this.change.run(actor, async (ctx) => {
      const row = await this.lockCase(ctx.manager, caseId);
      if (row.kind !== 'objection') throw ComplaintErrors.wrongKind(row.kind);
      if (!this.isProjectStaff(actor, row)) throw ComplaintErrors.notProjectStaff();
      if (row.status !== 'accepted') throw ComplaintErrors.wrongStatus(row.status, ['accepted']);
      const late = ctx.at.getTime() >= row.promisedBy.getTime();
      Object.assign(row, { status: 'answered', answer: text, resultSummary, closedAt: ctx.at, closedLate: late, version: row.version + 1 });
      await ctx.manager.update(ComplaintCase, { id: row.id }, { status: row.status, answer: text, resultSummary, closedAt: ctx.at, closedLate: late, version: row.version });
      let released = '';
      if (row.suspensionId) {
        const r = await this.sections.release(ctx.manager, row.suspensionId, actor, { at: ctx.at, note: `${row.caseNumber} 已答复` });
        released = r.newBidDeadlineRequired
          ? '；暂停解除，但投标期限不足，须发布补充公告重新确定投标截止时间'
          : r.stillSuspended
            ? '；该标段仍因其他事项暂停'
            : '；暂停解除，招标投标活动继续';
      }
      await this.step(ctx, row, 'answered', {
        note: text,
        publicNote: `已答复${late ? '（超过答复期限）' : ''}：${resultSummary}${released}`.slice(0, 300),
      });
      await this.inbox.deliver(ctx.manager, [row.complainantOrgId], {
        kind: 'case',
        title: `【${kindLabel(row)}答复】${row.caseNumber}`,
        body: `${row.departmentName}对您的${kindLabel(row)} ${row.caseNumber} 作出答复：\n\n${text}`,
      }, ctx.at);
    });
    return this.detail(actor, caseId);
  }

  // ------------------------------------------------------------------ complaints

  /** The department accepts a complaint (R31); the decision is then due by R32. */
  async acceptComplaint(actor: Actor, caseId: string, note?: string): Promise<CaseDetailDto> {
    await this.change.run(actor, async (ctx) => {
      const row = await this.lockDepartmentCase(ctx, caseId, ['submitted']);
      const rules = rulesFor(row.procedureType);
      const due = decisionDue(rules, row.filedAt, ctx.at, this.calendars.calendar);
      const late = ctx.at.getTime() >= row.promisedBy.getTime();
      Object.assign(row, { status: 'accepted', acceptedAt: ctx.at, promisedBy: due.at, promiseRule: 'R32', version: row.version + 1 });
      await ctx.manager.update(ComplaintCase, { id: row.id }, { status: row.status, acceptedAt: ctx.at, promisedBy: due.at, promiseRule: 'R32', version: row.version });
      await this.step(ctx, row, 'accepted', {
        note: note ?? null,
        publicNote: `${row.departmentName}已受理${late ? '（超过受理审查期限）' : ''}，${apiTime(due.at).slice(0, 10)} 前作出处理决定`,
      });
    });
    return this.detail(actor, caseId);
  }

  /** The department rejects a complaint (R31): the case closes with its reasons. */
  async rejectComplaint(actor: Actor, caseId: string, text: string, resultSummary: string): Promise<CaseDetailDto> {
    await this.change.run(actor, async (ctx) => {
      const row = await this.lockDepartmentCase(ctx, caseId, ['submitted']);
      await this.close(ctx, row, 'rejected', text, resultSummary);
      await this.step(ctx, row, 'rejected', { note: text, publicNote: `不予受理：${resultSummary}`.slice(0, 300) });
    });
    return this.detail(actor, caseId);
  }

  /** The decision on an accepted complaint (R32); lifts the department's order (R35). */
  async decideComplaint(actor: Actor, caseId: string, text: string, resultSummary: string): Promise<CaseDetailDto> {
    await this.change.run(actor, async (ctx) => {
      const row = await this.lockDepartmentCase(ctx, caseId, ['accepted']);
      await this.endOpenPause(ctx, row);
      await this.close(ctx, row, 'decided', text, resultSummary);
      let lifted = '';
      if (row.suspensionId) {
        const r = await this.sections.release(ctx.manager, row.suspensionId, actor, { at: ctx.at, note: `${row.caseNumber} 已作出处理决定` });
        lifted = r.newBidDeadlineRequired ? '；暂停解除，须重新确定投标截止时间' : '；暂停解除';
      }
      await this.step(ctx, row, 'decided', { note: text, publicNote: `已作出处理决定：${resultSummary}${lifted}`.slice(0, 300) });
    });
    return this.detail(actor, caseId);
  }

  /** Stops the case clock for time the law excludes (R32: inspection; government also correction). */
  async startPause(actor: Actor, caseId: string, kind: PauseKind, reason: string): Promise<CaseDetailDto> {
    await this.change.run(actor, async (ctx) => {
      const row = await this.lockDepartmentCase(ctx, caseId, ['submitted', 'accepted']);
      const allowed = rulesFor(row.procedureType).R32.excludes;
      if (!allowed.includes(kind)) throw ComplaintErrors.pauseNotExcluded(kind, allowed);
      if (await ctx.manager.count(CasePause, { where: { caseId, toAt: IsNull() } })) throw ComplaintErrors.pauseOpen();
      await ctx.manager.insert(CasePause, { caseId, kind, reason, fromAt: ctx.at, toAt: null });
      await this.step(ctx, row, 'paused', {
        note: reason,
        publicNote: kind === 'inspection' ? '检验、检测、鉴定或专家评审中，期间不计入处理期限' : '投诉人补正材料中，期间不计入处理期限',
        paused: true,
      });
    });
    return this.detail(actor, caseId);
  }

  async endPause(actor: Actor, caseId: string, note?: string): Promise<CaseDetailDto> {
    await this.change.run(actor, async (ctx) => {
      const row = await this.lockDepartmentCase(ctx, caseId, ['submitted', 'accepted']);
      if (!(await this.endOpenPause(ctx, row))) throw ComplaintErrors.noPause();
      await this.step(ctx, row, 'resumed', { note: note ?? null, publicNote: '恢复计算处理期限' });
    });
    return this.detail(actor, caseId);
  }

  /** R35: the department orders the procedure suspended while it decides. */
  async orderSuspension(actor: Actor, caseId: string, reason: string): Promise<CaseDetailDto> {
    await this.change.run(actor, async (ctx) => {
      const row = await this.lockDepartmentCase(ctx, caseId, ['submitted', 'accepted']);
      if (row.suspensionId) throw ComplaintErrors.alreadySuspended();
      const hold = await this.sections.suspend(
        ctx.manager,
        row.sectionId,
        { source: 'supervisor_order', reference: row.caseNumber, reason: `${row.departmentName}责令暂停（${row.caseNumber}，R35）：${reason}`.slice(0, 500), at: ctx.at },
        actor,
      );
      row.suspensionId = hold.id;
      await ctx.manager.update(ComplaintCase, { id: row.id }, { suspensionId: hold.id });
      await this.step(ctx, row, 'suspension_ordered', { note: reason, publicNote: `${row.departmentName}责令暂停该标段招标投标活动`, sectionSuspended: true });
    });
    return this.detail(actor, caseId);
  }

  async liftSuspension(actor: Actor, caseId: string, note?: string): Promise<CaseDetailDto> {
    await this.change.run(actor, async (ctx) => {
      const row = await this.lockDepartmentCase(ctx, caseId, ['submitted', 'accepted']);
      if (!row.suspensionId) throw ComplaintErrors.notSuspended();
      const r = await this.sections.release(ctx.manager, row.suspensionId, actor, { at: ctx.at, note });
      await ctx.manager.update(ComplaintCase, { id: row.id }, { suspensionId: null });
      row.suspensionId = null;
      await this.step(ctx, row, 'suspension_lifted', {
        note: note ?? null,
        publicNote: r.newBidDeadlineRequired ? '解除暂停；须重新确定投标截止时间' : r.stillSuspended ? '解除本案暂停；该标段仍因其他事项暂停' : '解除暂停',
      });
    });
    return this.detail(actor, caseId);
  }

  // ------------------------------------------------------------------ files

  /** A file of the case (evidence, an annex), by a party or the department; shown only to them. */
  async attach(actor: Actor, caseId: string, input: { name: string; stream: Readable; declaredSize?: number; declaredType?: string }) {
    const row = await this.dataSource.manager.findOne(ComplaintCase, { where: { id: caseId } });
    if (!row) throw ComplaintErrors.caseNotFound();
    if (!this.isParty(actor, row) || actor.role === 'supervisor' && actor.organisationId !== row.departmentOrgId) throw ComplaintErrors.notParty();
    const document = await this.documents.store(CASE_ATTACHMENT_PURPOSE, input.stream, {
      originalName: input.name,
      declaredSize: input.declaredSize,
      declaredType: input.declaredType,
      createdBy: actor.accountId,
      uploaderOrgId: actor.organisationId,
    });
    await this.change.run(actor, async (ctx) => {
      await ctx.manager.insert(CaseAttachment, {
        caseId,
        documentId: document.id,
        name: document.originalName,
        size: document.size,
        sha256: document.sha256,
        uploaderOrgId: actor.organisationId,
        uploadedAt: ctx.at,
      });
      await ctx.audit({ action: 'case.attach', entityType: 'complaint_case', entityId: caseId, data: { documentId: document.id, sha256: document.sha256 } });
      await ctx.manager.insert(CaseEvent, {
        caseId,
        at: ctx.at,
        action: 'attached',
        actorRole: actor.role,
        actorOrgId: actor.organisationId,
        note: `附件：${document.originalName}（SHA-256 ${document.sha256}）`,
        publicNote: '补充材料',
      });
    });
    return this.detail(actor, caseId);
  }

  // ------------------------------------------------------------------ reading

  /** Everything of a case, for its parties (complainant, the tenderer and agency) and supervisors. */
  async detail(actor: Actor, caseId: string): Promise<CaseDetailDto> {
    const row = await this.dataSource.manager.findOne(ComplaintCase, { where: { id: caseId } });
    if (!row || !this.isParty(actor, row)) throw row ? ComplaintErrors.notParty() : ComplaintErrors.caseNotFound();
    return (await this.details([row]))[0];
  }

  /** A file of a case with its bytes, for the parties and the supervising department only (as the case itself). */
  async attachmentFile(actor: Actor, caseId: string, documentId: string): Promise<{ file: CaseAttachment; contentType: string; stream: Readable }> {
    const row = await this.dataSource.manager.findOne(ComplaintCase, { where: { id: caseId } });
    if (!row || !this.isParty(actor, row)) throw row ? ComplaintErrors.notParty() : ComplaintErrors.caseNotFound();
    const file = await this.dataSource.manager.findOne(CaseAttachment, { where: { caseId, documentId } });
    if (!file) throw ComplaintErrors.attachmentNotFound();
    const document = await this.documents.findById(file.documentId);
    return { file, contentType: document.contentType, stream: await this.documents.open(document) };
  }

  /** The cases an actor is party to (a bidder's own, a project staff's, a supervisor's department's), newest first. */
  async listMine(actor: Actor, q: CaseFilters & { cursor?: string; limit?: number }): Promise<CaseListDto> {
    const limit = limitOf(q.limit);
    const cursor = decodeTimeCursor(q.cursor);
    const qb = this.dataSource.manager.createQueryBuilder(ComplaintCase, 'c');
    if (actor.role === 'bidder') qb.where('c.complainant_org_id = :org', { org: actor.organisationId });
    else if (actor.role === 'staff') qb.where('(c.tenderer_org_id = :org OR c.agency_org_id = :org)', { org: actor.organisationId });
    else if (actor.role === 'supervisor') qb.where('(c.department_org_id = :org OR c.kind = :objection)', { org: actor.organisationId, objection: 'objection' });
    else qb.where('false');
    filterCases(qb, q);
    if (cursor) qb.andWhere('(c.filed_at, c.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    const rows = await qb.orderBy('c.filed_at', 'DESC').addOrderBy('c.id', 'DESC').take(limit + 1).getMany();
    const page = pageOf(rows, limit, (r) => ({ at: r.filedAt, id: r.id }), (r) => r);
    return { items: await this.details(page.items), nextCursor: page.nextCursor };
  }

  /** The supervising departments a complaint can go to (organisations of kind supervisor), by name. */
  async departments(): Promise<{ id: string; name: string }[]> {
    const found = await this.identity.listOrganisations(100, undefined, 'supervisor');
    return found.items.map((o) => ({ id: o.id, name: o.name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }

  /**
   * The public case status board (办件状态): newest first, filtered by kind, status (or open / closed),
   * department or section; remaining working days computed live for the open cases of the page.
   */
  async board(q: CaseFilters & { cursor?: string; limit?: number }, live = true): Promise<BoardPageDto> {
    const limit = limitOf(q.limit);
    const cursor = decodeTimeCursor(q.cursor);
    const qb = filterCases(this.dataSource.manager.createQueryBuilder(ComplaintCase, 'c').where('true'), q);
    if (cursor) qb.andWhere('(c.filed_at, c.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    // the pauses of the open cases come with them, in the same query
    qb.addSelect(
      `(SELECT json_agg(json_build_array(p.from_at, p.to_at)) FROM complaint_pause p WHERE p.case_id = c.id AND c.status IN ('submitted', 'accepted'))`,
      'pauses',
    );
    const { entities: rows, raw } = await qb.orderBy('c.filed_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1).getRawAndEntities<{ pauses: [string, string | null][] | null }>();
    const pauses = new Map<string, CasePause[]>();
    rows.forEach((r, i) => {
      const list = raw[i]?.pauses;
      if (list) pauses.set(r.id, list.map(([from, to]) => Object.assign(new CasePause(), { fromAt: new Date(from), toAt: to ? new Date(to) : null })));
    });
    const page = pageOf(rows, limit, (r) => ({ at: r.filedAt, id: r.id }), (r) => r);
    const now = this.clock.now();
    const cal = this.calendars.calendar;
    return {
      items: page.items.map((r) => boardView(r, live ? remainingOf(r, pauses.get(r.id) ?? [], now, cal) : null)),
      nextCursor: page.nextCursor,
    };
  }

  /** One case as the public sees it, with its public steps. */
  async publicCase(caseNumber: string): Promise<PublicCaseDto> {
    const row = await this.dataSource.manager.findOne(ComplaintCase, { where: { caseNumber } });
    if (!row) throw ComplaintErrors.caseNotFound();
    const pauses = await this.pausesOf([row.id]);
    const events = await this.dataSource.manager.find(CaseEvent, { where: { caseId: row.id }, order: { id: 'ASC' } });
    return {
      ...boardView(row, remainingOf(row, pauses.get(row.id) ?? [], this.clock.now(), this.calendars.calendar)),
      steps: events.map((e) => ({ at: apiTime(e.at), action: e.action, summary: e.publicNote })),
    };
  }

  /**
   * Reply statistics per department for cases received in [from, to): received, replied (closed), replied within
   * the limit, the rates and the average handling time in working days (for the annual disclosure report).
   * `kind` keeps to objections (异议/质疑) or complaints (投诉) only.
   */
  async statistics(q: { departmentOrgId?: string; kind?: CaseKind; from: Date; to: Date }): Promise<StatisticsDto> {
    if (!(q.from.getTime() < q.to.getTime())) throw ComplaintErrors.badPeriod();
    const now = this.clock.now();
    const cal = this.calendars.calendar;
    const params: unknown[] = [q.from, q.to];
    let where = `c.filed_at >= $1 AND c.filed_at < $2`;
    if (q.departmentOrgId) where += ` AND c.department_org_id = $${params.push(q.departmentOrgId)}`;
    if (q.kind) where += ` AND c.kind = $${params.push(q.kind)}`;
    const nowParam = `$${params.length + 1}::timestamptz`;
    // The counts in SQL. The handling time is a sum of (working days through the closing day) − (through the filing
    // day), so it needs only how many cases closed and were filed on each day: at most a few thousand rows a year.
    const [counts, days, paused] = await Promise.all([
      this.dataSource.query(
        `SELECT c.department_org_id AS id, max(c.department_name) AS name, count(*)::int AS received,
                count(c.closed_at)::int AS replied, count(*) FILTER (WHERE c.closed_at IS NOT NULL AND NOT c.closed_late)::int AS within,
                count(*) FILTER (WHERE c.closed_at IS NULL AND c.promised_by <= ${nowParam}
                                   AND NOT EXISTS (SELECT 1 FROM complaint_pause p WHERE p.case_id = c.id))::int AS overdue
           FROM complaint_case c WHERE ${where} GROUP BY c.department_org_id`,
        [...params, now],
      ) as Promise<{ id: string; name: string; received: number; replied: number; within: number; overdue: number }[]>,
      this.dataSource.query(
        `SELECT c.department_org_id AS id, to_char(c.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, 1 AS sign, count(*)::int AS n
           FROM complaint_case c WHERE ${where} AND c.closed_at IS NOT NULL GROUP BY 1, 2
         UNION ALL
         SELECT c.department_org_id, to_char(c.filed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), -1, count(*)::int
           FROM complaint_case c WHERE ${where} AND c.closed_at IS NOT NULL GROUP BY 1, 2`,
        params,
      ) as Promise<{ id: string; day: string; sign: number; n: number }[]>,
      this.dataSource.query(
        `SELECT c.department_org_id AS id, c.promised_by, json_agg(json_build_array(p.from_at, p.to_at)) AS pauses
           FROM complaint_case c JOIN complaint_pause p ON p.case_id = c.id
          WHERE ${where} AND c.closed_at IS NULL GROUP BY c.id`,
        params,
      ) as Promise<{ id: string; promised_by: Date; pauses: [string, string | null][] }[]>,
    ]);
    const anchor = toLocalDate(q.from);
    const workingDays = new Map<string, number>();
    for (const d of days) {
      const through = cal.workingDaysBetween(anchor, d.day as LocalDate);
      workingDays.set(d.id, (workingDays.get(d.id) ?? 0) + d.sign * d.n * through);
    }
    const overduePaused = new Map<string, number>();
    for (const r of paused) {
      const pauses = r.pauses.map(([from, to]) => ({ from: new Date(from), to: to ? new Date(to) : null }));
      if (remainingWorkingDays(now, r.promised_by, cal, pauses).overdue) overduePaused.set(r.id, (overduePaused.get(r.id) ?? 0) + 1);
    }
    const out = (a: { id: string; name: string; received: number; replied: number; within: number; overdue: number; days: number }): DepartmentStatisticsDto => ({
      departmentOrgId: a.id,
      departmentName: a.name,
      received: a.received,
      replied: a.replied,
      repliedWithinLimit: a.within,
      openOverdue: a.overdue,
      replyRate: a.received ? (a.replied / a.received).toFixed(4) : '0.0000',
      withinLimitRate: a.received ? (a.within / a.received).toFixed(4) : '0.0000',
      averageWorkingDays: a.replied ? Math.round((a.days / a.replied) * 100) / 100 : null,
    });
    const departments = counts
      .map((c) => ({ ...c, overdue: c.overdue + (overduePaused.get(c.id) ?? 0), days: workingDays.get(c.id) ?? 0 }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const total = departments.reduce(
      (t, d) => ({ ...t, received: t.received + d.received, replied: t.replied + d.replied, within: t.within + d.within, overdue: t.overdue + d.overdue, days: t.days + d.days }),
      { id: '*', name: '全部 all', received: 0, replied: 0, within: 0, overdue: 0, days: 0 },
    );
    return { from: apiTime(q.from), to: apiTime(q.to), departments: departments.map(out), total: out(total) };
  }

  // ------------------------------------------------------------------ internals

  private async details(rows: ComplaintCase[]): Promise<CaseDetailDto[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const m = this.dataSource.manager;
    const [pauses, events, files, priors] = await Promise.all([
      this.pausesOf(ids),
      m.find(CaseEvent, { where: { caseId: In(ids) }, order: { id: 'ASC' } }),
      m.find(CaseAttachment, { where: { caseId: In(ids) }, order: { id: 'ASC' } }),
      m.find(ComplaintCase, { where: { id: In(rows.map((r) => r.priorObjectionId).filter((x): x is string => !!x)) }, select: { id: true, caseNumber: true } }),
    ]);
    const now = this.clock.now();
    const cal = this.calendars.calendar;
    const out: CaseDetailDto[] = [];
    for (const r of rows) {
      const section = await this.sections.get(r.sectionId);
      const holds = await this.sections.listSuspensions(r.sectionId, { activeOnly: true });
      const own = pauses.get(r.id) ?? [];
      out.push({
        ...boardView(r, remainingOf(r, own, now, cal)),
        id: r.id,
        filedAt: apiTime(r.filedAt),
        knownAt: apiTime(r.knownAt),
        complainantName: r.complainantOrgName,
        contactName: r.contactName,
        contactPhone: r.contactPhone,
        content: r.content,
        answer: r.answer,
        priorObjectionNumber: priors.find((p) => p.id === r.priorObjectionId)?.caseNumber ?? null,
        holdsSuspension: !!r.suspensionId && holds.some((h) => h.id === r.suspensionId),
        section: { suspended: section.suspended, activeHolds: holds.length, newBidDeadlineRequired: section.newBidDeadlineRequired },
        pauses: own.map((p) => ({ kind: p.kind, reason: p.reason, from: apiTime(p.fromAt), to: apiTime(p.toAt) })),
        attachments: files
          .filter((f) => f.caseId === r.id)
          .map((f) => ({ documentId: f.documentId, name: f.name, size: f.size, sha256: f.sha256, uploadedAt: apiTime(f.uploadedAt) })),
        steps: events
          .filter((e) => e.caseId === r.id)
          .map((e) => ({ at: apiTime(e.at), action: e.action, summary: e.publicNote, actorRole: e.actorRole, note: e.note })),
      });
    }
    return out;
  }

  private async pausesOf(caseIds: string[]): Promise<Map<string, CasePause[]>> {
    const map = new Map<string, CasePause[]>();
    if (caseIds.length === 0) return map;
    const rows = await this.dataSource.manager.find(CasePause, { where: { caseId: In(caseIds) }, order: { fromAt: 'ASC' } });
    for (const p of rows) {
      const list = map.get(p.caseId) ?? [];
      list.push(p);
      map.set(p.caseId, list);
    }
    return map;
  }

  private isProjectStaff(actor: Actor, row: ComplaintCase): boolean {
    return actor.role === 'staff' && !!actor.organisationId && (actor.organisationId === row.tendererOrgId || actor.organisationId === row.agencyOrgId);
  }

  /** The complainant, the party complained about (the project's staff) and supervisors. */
  private isParty(actor: Actor, row: ComplaintCase): boolean {
    if (actor.role === 'supervisor') return row.kind === 'objection' || actor.organisationId === row.departmentOrgId;
    if (actor.role === 'bidder') return actor.organisationId === row.complainantOrgId;
    return this.isProjectStaff(actor, row);
  }

  private async lockCase(manager: EntityManager, caseId: string): Promise<ComplaintCase> {
    const row = await manager.findOne(ComplaintCase, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw ComplaintErrors.caseNotFound();
    return row;
  }

  private async lockDepartmentCase(ctx: ChangeContext, caseId: string, statuses: CaseStatus[]): Promise<ComplaintCase> {
    const row = await this.lockCase(ctx.manager, caseId);
    if (row.kind !== 'complaint') throw ComplaintErrors.wrongKind(row.kind);
    if (ctx.actor.role !== 'supervisor' || ctx.actor.organisationId !== row.departmentOrgId) throw ComplaintErrors.notDepartmentStaff();
    if (!statuses.includes(row.status)) throw ComplaintErrors.wrongStatus(row.status, statuses);
    return row;
  }

  /** Closes the case; late when its limit, moved by finished pauses, had passed. */
  private async close(ctx: ChangeContext, row: ComplaintCase, status: CaseStatus, text: string, resultSummary: string): Promise<void> {
    const pauses = await ctx.manager.find(CasePause, { where: { caseId: row.id } });
    const late = remainingWorkingDays(ctx.at, row.promisedBy, this.calendars.calendar, pauseIntervals(pauses)).overdue;
    Object.assign(row, { status, answer: text, resultSummary, closedAt: ctx.at, closedLate: late, version: row.version + 1 });
    await ctx.manager.update(ComplaintCase, { id: row.id }, { status, answer: text, resultSummary, closedAt: ctx.at, closedLate: late, version: row.version });
  }

  private async endOpenPause(ctx: ChangeContext, row: ComplaintCase): Promise<boolean> {
    const result = await ctx.manager.update(CasePause, { caseId: row.id, toAt: IsNull() }, { toAt: ctx.at });
    return (result.affected ?? 0) > 0;
  }

  private async firstDownload(manager: EntityManager, sectionId: string, organisationId: string): Promise<Date | null> {
    const holders = await this.sections.listHolders(sectionId, manager);
    return holders.find((h) => h.organisationId === organisationId)?.firstDownloadedAt ?? null;
  }

  private async newCase(
    ctx: ChangeContext,
    input: {
      kind: 'objection' | 'complaint';
      section: SectionWithProject;
      subject: CaseSubject;
      complainantOrgName: string;
      departmentOrgId: string;
      departmentName: string;
      priorObjectionId: string | null;
      knownAt: Date | null;
      content: string;
      contactName: string;
      contactPhone: string;
      status: CaseStatus;
      acceptedAt: Date | null;
      promisedBy: Date;
      promiseRule: 'R29' | 'R31' | 'R32';
    },
  ): Promise<ComplaintCase> {
    const { section } = input;
    const prefix = PREFIX[input.kind][section.project.procedureType];
    const year = Number(toLocalDate(ctx.at).slice(0, 4));
    const [{ last }] = (await ctx.manager.query(
      `INSERT INTO complaint_case_counter AS k (prefix, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (prefix, year) DO UPDATE SET last = k.last + 1 RETURNING last`,
      [prefix, year],
    )) as { last: number }[];
    const row: ComplaintCase = Object.assign(new ComplaintCase(), {
      id: randomUUID(),
      caseNumber: `${prefix}-${year}-${String(last).padStart(4, '0')}`,
      kind: input.kind,
      procedureType: section.project.procedureType,
      subject: input.subject,
      sectionId: section.id,
      sectionCode: section.code,
      projectCode: section.project.code,
      projectName: section.project.name,
      tendererOrgId: section.project.tendererOrgId,
      agencyOrgId: section.project.agencyOrgId,
      complainantOrgId: ctx.actor.organisationId!,
      complainantOrgName: input.complainantOrgName,
      complainantAccountId: ctx.actor.accountId,
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      departmentOrgId: input.departmentOrgId,
      departmentName: input.departmentName,
      priorObjectionId: input.priorObjectionId,
      knownAt: input.knownAt,
      content: input.content,
      filedAt: ctx.at,
      acceptedAt: input.acceptedAt,
      promisedBy: input.promisedBy,
      promiseRule: input.promiseRule,
      status: input.status,
      answer: null,
      resultSummary: null,
      closedAt: null,
      closedLate: null,
      suspensionId: null,
      version: 1,
    });
    await ctx.manager.insert(ComplaintCase, row);
    return row;
  }

  /** One step: the case's own step (parties / public), the audit entry and GCJS_COMPLAINT, in the caller's transaction. */
  private async step(
    ctx: ChangeContext,
    row: ComplaintCase,
    step: Step,
    info: { note: string | null; publicNote: string; paused?: boolean; sectionSuspended?: boolean },
  ): Promise<void> {
    await ctx.manager.insert(CaseEvent, {
      caseId: row.id,
      at: ctx.at,
      action: step,
      actorRole: ctx.actor.role,
      actorOrgId: ctx.actor.organisationId,
      note: info.note,
      publicNote: info.publicNote.slice(0, 300),
    });
    await ctx.audit({
      action: `case.${step}`,
      entityType: 'complaint_case',
      entityId: row.id,
      data: { caseNumber: row.caseNumber, kind: row.kind, status: row.status, section: row.sectionCode },
    });
    await this.outbox.append(ctx.manager, {
      tenderProjectCode: row.projectCode,
      datasetCode: 'GCJS_COMPLAINT',
      record: complaintRecord(row, step, { paused: info.paused, sectionSuspended: info.sectionSuspended ?? !!row.suspensionId }),
      at: ctx.at,
    });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { Actor, CalendarService, ChangeContext, ChangeService, Errors, RulesTable } from '@app/core';
import { OutboxService } from '@app/exchange';
import { AnnouncementErrors, ruleRefusal } from '../announcements.errors';
import { assertProjectStaff } from '../common/access';
import { shanghai } from '../common/time';
import { noticeRecord } from '../common/upstream-records';
import { InboxService } from '../inbox/inbox.service';
import { TenderProject } from '../projects/tender-project.entity';
import { TenderQuestion } from '../questions/question.entity';
import { checkConsultation, checkSupplement, checkTenderNotice, instantAllowed, refundDue, RuleViolation } from '../rules/announcement-rules';
import { bucketOf, indexTokens, searchTextOf } from '../search/gram-search';
import { isTerminable } from '../sections/section-lifecycle';
import { SectionsService } from '../sections/sections.service';
import { TenderSection } from '../sections/tender-section.entity';
import { ANNOUNCEMENT_RULES } from '../announcements.tokens';
import { Notice, NoticeAttachment, NoticeSection } from './notice.entity';
import {
  assertAnswerable,
  coversAllSections,
  lockDraft,
  lockProject,
  lockSections,
  noticeOutput,
  NoticeOutput,
  relatedNotice,
  sectionIdsOf,
} from './notice-queries';

/**
 * The publication of notices: a draft published by its type (tender, consultation, supplement, termination), the
 * award notices published at once in the awards module's transaction, the withdrawal of a consultation, and the
 * GCJS_NOTICE record of each. Publishing checks every figure of docs/rules.md for the project's procedure type, moves
 * the sections it concerns, notifies the holders of the tender documents and writes the record, in one transaction.
 */
@Injectable()
export class NoticePublicationService {
  constructor(
    private readonly change: ChangeService,
    private readonly sections: SectionsService,
    private readonly outbox: OutboxService,
    private readonly inbox: InboxService,
    private readonly calendars: CalendarService,
    @Inject(ANNOUNCEMENT_RULES) private readonly rules: RulesTable,
  ) {}

  /** Publishes a draft: the rules of its type, the sections it moves, the holders it notifies, the record upstream. */
  async publish(actor: Actor, noticeId: string): Promise<NoticeOutput> {
    return this.change.run(actor, async (ctx) => {
      const notice = await lockDraft(ctx.manager, actor, noticeId);
      const project = await lockProject(ctx.manager, notice.projectId);
      const sectionIds = await sectionIdsOf(ctx.manager, noticeId);
      const sections = await lockSections(ctx.manager, sectionIds);
      const attachments = await ctx.manager.find(NoticeAttachment, { where: { noticeId }, order: { position: 'ASC' } });
      let related: Notice | null = null;
      let firstNoticeId = notice.id;
      if (notice.relatedNoticeId) {
        related = await relatedNotice(ctx.manager, project, notice.type as 'supplement' | 'termination', notice.relatedNoticeId, true);
        firstNoticeId = related.firstNoticeId ?? related.id;
      }
      const patch: Partial<Notice> = { status: 'published', publishedAt: ctx.at, firstNoticeId, updatedAt: ctx.at, version: notice.version + 1 };

      switch (notice.type) {
        case 'tender':
          Object.assign(patch, await this.publishTender(ctx, actor, notice, project, sections, attachments));
          break;
        case 'consultation':
          this.publishConsultation(ctx, notice, sections);
          break;
        case 'supplement':
          await this.publishSupplement(ctx, notice, project, sections);
          break;
        case 'termination':
          await this.publishTermination(ctx, actor, notice, project, sections);
          break;
      }

      await ctx.manager.update(Notice, { id: noticeId }, patch);
      if (related && (await coversAllSections(ctx.manager, related.id, sectionIds))) {
        await ctx.manager.update(Notice, { id: related.id }, { status: 'superseded', supersededAt: ctx.at, supersededBy: noticeId, updatedAt: ctx.at });
      }
      const published = await ctx.manager.findOneOrFail(Notice, { where: { id: noticeId } });
      const after = await ctx.manager.find(TenderSection, { where: { id: In(sectionIds) }, order: { number: 'ASC' } });
      const searchText = searchTextOf(
        published.title,
        published.projectName,
        published.code,
        after.map((s) => s.code).join(' '),
        ...attachments.map((a) => a.name),
        published.content,
      );
      await ctx.manager.query(`UPDATE notice SET search_text = $2, search_vector = array_to_tsvector($3::text[]) WHERE id = $1`, [
        noticeId,
        searchText,
        indexTokens(searchText, bucketOf(published.publishedAt!)),
      ]);
      await ctx.audit({
        action: 'notice.publish',
        entityType: 'notice',
        entityId: noticeId,
        data: {
          code: published.code,
          type: published.type,
          sections: after.map((s) => s.code),
          relatedNotice: related?.code ?? null,
          attachments: attachments.map((a) => ({ name: a.name, sha256: a.sha256, size: a.size })),
        },
      });
      await this.sendNoticeRecord(ctx, published, after, attachments, related?.code ?? null, 'published');
      return noticeOutput(ctx.manager, noticeId);
    });
  }

  /**
   * Publishes a candidate publicity or a result announcement at once, in the caller's transaction (the awards module
   * writes its own rows, audit and upstream record in the same one): a published notice of the section's project, in
   * the public list, search and feed under its own type. The previous one of the same type for the section is
   * superseded by it (kept: a new publicity after a correction).
   */
  async publishAwardNotice(
    ctx: ChangeContext,
    input: { sectionId: string; type: 'candidate_publicity' | 'result'; title: string; content: string },
  ): Promise<{ id: string; code: string }> {
    const { manager, actor } = ctx;
    const at = ctx.at;
    const section = await manager.findOneOrFail(TenderSection, { where: { id: input.sectionId } });
    const project = await lockProject(manager, section.projectId);
    const number = project.noticeCount + 1;
    await manager.update(TenderProject, { id: project.id }, { noticeCount: number });
    const previous = await manager
      .createQueryBuilder(Notice, 'n')
      .innerJoin(NoticeSection, 'ns', 'ns.notice_id = n.id AND ns.section_id = :sectionId', { sectionId: section.id })
      .where(`n.type = :type AND n.status = 'published'`, { type: input.type })
      .getOne();
    const notice = manager.create(Notice, {
      id: randomUUID(),
      code: `${project.code}-N${String(number).padStart(3, '0')}`,
      projectId: project.id,
      type: input.type,
      changeKind: null,
      status: 'draft',
      title: input.title.slice(0, 200),
      content: input.content,
      relatedNoticeId: previous?.id ?? null,
      firstNoticeId: previous ? (previous.firstNoticeId ?? previous.id) : null,
      affectsBidPreparation: false,
      newBidDeadline: null,
      documentsFrom: null,
      documentsUntil: null,
      noticePeriodEnd: null,
      commentPeriodEnd: null,
      answers: [],
      publishedAt: null,
      withdrawnAt: null,
      withdrawReason: null,
      supersededAt: null,
      supersededBy: null,
      procedureType: project.procedureType,
      regionCode: project.regionCode,
      projectName: project.name,
      createdBy: actor.accountId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    if (!notice.firstNoticeId) notice.firstNoticeId = notice.id;
    await manager.insert(Notice, notice);
    // written as a draft with its section, then published: a published notice's parts never change (trigger)
    await manager.insert(NoticeSection, [{ noticeId: notice.id, sectionId: section.id }]);
    await manager.update(Notice, { id: notice.id }, { status: 'published', publishedAt: at });
    if (previous) await manager.update(Notice, { id: previous.id }, { status: 'superseded', supersededAt: at, supersededBy: notice.id, updatedAt: at });
    const searchText = searchTextOf(notice.title, notice.projectName, notice.code, section.code, notice.content);
    await manager.query(`UPDATE notice SET search_text = $2, search_vector = array_to_tsvector($3::text[]) WHERE id = $1`, [
      notice.id,
      searchText,
      indexTokens(searchText, bucketOf(at)),
    ]);
    await ctx.audit({ action: 'notice.publish', entityType: 'notice', entityId: notice.id, data: { code: notice.code, type: notice.type, sections: [section.code], supersedes: previous?.code ?? null } });
    return { id: notice.id, code: notice.code };
  }

  /** Withdraws a published consultation notice (撤回). Other notices change by a supplement or end by a termination. */
  async withdraw(actor: Actor, noticeId: string, reason: string): Promise<NoticeOutput> {
    return this.change.run(actor, async (ctx) => {
      const notice = await ctx.manager.findOne(Notice, { where: { id: noticeId }, lock: { mode: 'pessimistic_write' } });
      if (!notice) throw AnnouncementErrors.noticeNotFound();
      const project = await ctx.manager.findOneOrFail(TenderProject, { where: { id: notice.projectId } });
      assertProjectStaff(actor, project);
      if (notice.type !== 'consultation') throw AnnouncementErrors.withdrawNotAllowed(notice.type);
      if (notice.status !== 'published') {
        throw Errors.conflict('NOTICE_NOT_PUBLISHED', '只有已发布的公告可以撤回', 'Only a published notice can be withdrawn', { status: notice.status });
      }
      await ctx.manager.update(
        Notice,
        { id: noticeId },
        { status: 'withdrawn', withdrawnAt: ctx.at, withdrawReason: reason.trim(), updatedAt: ctx.at, version: notice.version + 1 },
      );
      const withdrawn = await ctx.manager.findOneOrFail(Notice, { where: { id: noticeId } });
      const sections = await ctx.manager.find(TenderSection, { where: { id: In(await sectionIdsOf(ctx.manager, noticeId)) } });
      const attachments = await ctx.manager.find(NoticeAttachment, { where: { noticeId } });
      const related = notice.relatedNoticeId ? await ctx.manager.findOne(Notice, { where: { id: notice.relatedNoticeId } }) : null;
      await ctx.audit({ action: 'notice.withdraw', entityType: 'notice', entityId: noticeId, data: { code: notice.code, reason } });
      await this.sendNoticeRecord(ctx, withdrawn, sections, attachments, related?.code ?? null, 'withdrawn');
      return noticeOutput(ctx.manager, noticeId);
    });
  }

  // ——— publication by type ———

  /** 招标公告: R5, R6, R7, R9 (and R17 at registration); the sections open for tendering. */
  private async publishTender(
    ctx: ChangeContext,
    actor: Actor,
    notice: Notice,
    project: TenderProject,
    sections: TenderSection[],
    attachments: NoticeAttachment[],
  ): Promise<Partial<Notice>> {
    if (!notice.documentsUntil) throw AnnouncementErrors.fieldRequired('documentsUntil', '招标文件获取截止时间');
    for (const s of sections) {
      if (s.status !== 'draft') throw AnnouncementErrors.sectionState(s.code, s.status, ['draft']);
    }
    // Every problem a staff member can fix is found before refusing, so the first refusal lists them all.
    const problems: RuleViolation[] = [];
    if (!attachments.some((a) => a.kind === 'tender-document')) problems.push(missingTenderDocuments());
    for (const s of sections) {
      if (notice.documentsUntil.getTime() > s.bidDeadline.getTime()) problems.push(documentsAfterDeadline(s.code, s.bidDeadline));
    }
    const check = checkTenderNotice(
      {
        procedure: project.procedureType,
        publishAt: ctx.at,
        documentsFrom: notice.documentsFrom,
        documentsUntil: notice.documentsUntil,
        noticePeriodEnd: notice.noticePeriodEnd,
        sections: sections.map((s) => ({ code: s.code, bidDeadline: s.bidDeadline, estimatedPrice: s.estimatedPrice, bidSecurity: s.bidSecurity })),
      },
      this.calendars.calendar,
      this.rules,
    );
    if (check.violations.length || problems.length) throw ruleRefusal([...check.violations, ...problems]);
    for (const s of sections) {
      await this.sections.transition(ctx.manager, s.id, 'draft', 'published', actor, { at: ctx.at, reason: `tender notice ${notice.code}` });
      await ctx.manager
        .createQueryBuilder()
        .update(TenderSection)
        .set({ documentsIssuedAt: check.documentsIssuedAt, documentsUntil: notice.documentsUntil, updatedAt: ctx.at })
        .where('id = :id', { id: s.id })
        .execute();
    }
    return { documentsFrom: check.documentsIssuedAt, noticePeriodEnd: check.noticePeriodEnd };
  }

  /** 征求意见公告: R11, a comment period that ends after the publication. */
  private publishConsultation(ctx: ChangeContext, notice: Notice, sections: TenderSection[]): void {
    const violation = checkConsultation(ctx.at, notice.commentPeriodEnd);
    if (violation) throw ruleRefusal([violation]);
    for (const s of sections) {
      if (s.status === 'terminated' || s.status === 'failed') throw AnnouncementErrors.sectionState(s.code, s.status, ['draft', 'published']);
    }
  }

  /**
   * 补充/变更/澄清公告: R8 (and R5 for a new 截止). Moves 截止 and the opening with it, extends the document
   * period, answers questions, and reaches every holder of the documents (R13).
   */
  private async publishSupplement(ctx: ChangeContext, notice: Notice, project: TenderProject, sections: TenderSection[]): Promise<void> {
    const tendering = sections.filter((s) => s.status !== 'draft');
    for (const s of tendering) {
      if (s.status !== 'published') throw AnnouncementErrors.sectionState(s.code, s.status, ['published']);
      // after a suspension that left too little of the bid period (SectionsService.release), only a new 截止 helps
      if (s.newBidDeadlineRequired) {
        if (!notice.newBidDeadline) throw AnnouncementErrors.newBidDeadlineRequired(s.code);
        continue;
      }
      if (ctx.at.getTime() >= s.bidDeadline.getTime()) {
        throw Errors.conflict('BID_DEADLINE_PASSED', `标段 ${s.code} 已过投标截止时间`, `The bid deadline of section ${s.code} has passed`, { section: s.code });
      }
    }
    if (notice.newBidDeadline && tendering.length === 0) throw AnnouncementErrors.fieldNotAllowed('newBidDeadline', 'consultation supplement');
    const violations: RuleViolation[] = checkSupplement(
      {
        procedure: project.procedureType,
        publishAt: ctx.at,
        affectsBidPreparation: notice.affectsBidPreparation,
        sections: tendering.map((s) => ({ code: s.code, bidDeadline: s.bidDeadline, documentsIssuedAt: s.documentsIssuedAt })),
        newBidDeadline: notice.newBidDeadline,
      },
      this.calendars.calendar,
      this.rules,
    );
    for (const s of tendering) {
      const deadline = notice.newBidDeadline ?? s.bidDeadline;
      const documentsUntil = notice.documentsUntil ?? s.documentsUntil;
      if (documentsUntil && documentsUntil.getTime() > deadline.getTime()) violations.push(documentsAfterDeadline(s.code, deadline));
    }
    if (violations.length) throw ruleRefusal(violations);
    for (const s of tendering) {
      const deadline = notice.newBidDeadline ?? s.bidDeadline;
      const documentsUntil = notice.documentsUntil ?? s.documentsUntil;
      await ctx.manager
        .createQueryBuilder()
        .update(TenderSection)
        .set({ bidDeadline: deadline, openingTime: deadline, documentsUntil, updatedAt: ctx.at, version: () => 'version + 1' })
        .where('id = :id', { id: s.id })
        .execute();
      if (s.newBidDeadlineRequired && notice.newBidDeadline) await this.sections.newBidDeadlineSet(ctx.manager, s.id, ctx.actor, ctx.at);
    }
    if (notice.answers.length) {
      await assertAnswerable(ctx.manager, sections.map((s) => s.id), notice.answers);
      for (const a of notice.answers) {
        await ctx.manager.update(TenderQuestion, { id: a.questionId }, { answer: a.answer, answerNoticeId: notice.id, answeredAt: ctx.at });
      }
    }
    const kindZh = notice.changeKind === 'clarification' ? '澄清' : notice.changeKind === 'change' ? '变更' : '补充';
    const moved = notice.newBidDeadline ? `\n新的投标截止（开标）时间：${shanghai(notice.newBidDeadline)}` : '';
    for (const s of tendering) {
      const holders = await this.sections.listHolders(s.id, ctx.manager);
      await this.inbox.deliver(
        ctx.manager,
        holders.map((h) => h.organisationId),
        {
          kind: 'clarification',
          title: `【${kindZh}】${notice.title}`,
          body: `${project.name}（标段 ${s.code}）发布${kindZh}公告 ${notice.code}。${moved}\n\n${notice.content}`,
          noticeId: notice.id,
          sectionId: s.id,
        },
        ctx.at,
      );
    }
  }

  /** 终止公告 (R10): the sections end, every holder is told, and (government) the refund due date is recorded. */
  private async publishTermination(ctx: ChangeContext, actor: Actor, notice: Notice, project: TenderProject, sections: TenderSection[]): Promise<void> {
    const due = refundDue(project.procedureType, ctx.at, this.calendars.calendar, this.rules);
    for (const s of sections) {
      if (!isTerminable(s.status)) throw AnnouncementErrors.sectionState(s.code, s.status, ['published', 'opening', 'opened', 'evaluated', 'publicity']);
      await this.sections.transition(ctx.manager, s.id, s.status, 'terminated', actor, { at: ctx.at, reason: `termination notice ${notice.code}` });
      if (due) {
        await ctx.manager
          .createQueryBuilder()
          .update(TenderSection)
          .set({ refundDueAt: due.at, refundDueProvisional: due.provisional })
          .where('id = :id', { id: s.id })
          .execute();
      }
      const holders = await this.sections.listHolders(s.id, ctx.manager);
      const refund = due
        ? `\n招标文件费用、投标保证金及其孳息将于 ${due.date} 前退还（${due.basis}）。`
        : '\n已收取的招标文件费用、投标保证金及其孳息将予退还。';
      await this.inbox.deliver(
        ctx.manager,
        holders.map((h) => h.organisationId),
        {
          kind: 'termination',
          title: `【终止】${notice.title}`,
          body: `${project.name}（标段 ${s.code}）已终止招标，终止公告 ${notice.code}。${refund}\n\n${notice.content}`,
          noticeId: notice.id,
          sectionId: s.id,
        },
        ctx.at,
      );
    }
  }

  // ——— helpers ———

  private async sendNoticeRecord(
    ctx: ChangeContext,
    notice: Notice,
    sections: TenderSection[],
    attachments: NoticeAttachment[],
    relatedCode: string | null,
    status: 'published' | 'withdrawn',
  ): Promise<void> {
    const project = await ctx.manager.findOneOrFail(TenderProject, { where: { id: notice.projectId } });
    const first = notice.firstNoticeId ? await ctx.manager.findOne(Notice, { where: { id: notice.firstNoticeId } }) : null;
    await this.outbox.append(ctx.manager, {
      tenderProjectCode: project.code,
      datasetCode: 'GCJS_NOTICE',
      record: noticeRecord({ notice, sections, attachments, relatedCode, firstCode: first?.code ?? notice.code, status }),
      at: ctx.at,
    });
  }
}

/** A tender notice without its tender documents (not a legal figure, listed with the rules broken). */
function missingTenderDocuments(): RuleViolation {
  return { rule: null, code: 'TENDER_DOCUMENTS_MISSING', zh: '招标公告须附招标文件', en: 'A tender notice needs its tender documents attached', field: 'attachments' };
}

/** Documents available after 截止: an earlier documentsUntil lifts it, so the refusal carries the latest allowed. */
function documentsAfterDeadline(section: string, bidDeadline: Date): RuleViolation {
  return {
    rule: null,
    code: 'DOCUMENTS_UNTIL_AFTER_DEADLINE',
    zh: `招标文件获取截止时间不能晚于标段 ${section} 的投标截止时间`,
    en: `Documents cannot be available after the bid deadline of section ${section}`,
    field: 'documentsUntil',
    section,
    latest: instantAllowed(bidDeadline, 'the bid deadline of the section'),
  };
}

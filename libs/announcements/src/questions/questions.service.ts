import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, ChangeService } from '@app/core';
import { AnnouncementErrors } from '../announcements.errors';
import { isProjectStaff } from '../common/access';
import { shanghai } from '../common/time';
import { SectionsService } from '../sections/sections.service';
import { TenderQuestion } from './question.entity';

/**
 * What a reader sees of a question. The asker is never named to bidders or to the project's staff (a
 * clarification must not say whose question it answers, 实施条例 art. 21); a bidder sees `mine` on its own
 * questions; supervisors see the asking organisation.
 */
export interface QuestionOutput {
  id: string;
  sectionId: string;
  text: string;
  askedAt: string;
  answer: string | null;
  answerNoticeId: string | null;
  answeredAt: string | null;
  mine: boolean;
  askerOrganisationId?: string;
}

/** Questions (答疑) from holders of the tender documents, answered by a clarification that reaches every holder. */
@Injectable()
export class QuestionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
    private readonly sections: SectionsService,
  ) {}

  async ask(actor: Actor, sectionId: string, text: string): Promise<QuestionOutput> {
    return this.change.run(actor, async (ctx) => {
      const section = await this.sections.get(sectionId, ctx.manager);
      if (!actor.organisationId || !(await this.sections.holdsDocuments(sectionId, actor.organisationId, ctx.manager))) {
        throw AnnouncementErrors.notHolder();
      }
      if (section.status !== 'published' || ctx.at.getTime() >= section.bidDeadline.getTime()) throw AnnouncementErrors.questionsClosed();
      const question = ctx.manager.create(TenderQuestion, {
        id: randomUUID(),
        sectionId,
        askerOrgId: actor.organisationId,
        askerAccountId: actor.accountId!,
        text: text.trim(),
        askedAt: ctx.at,
        answer: null,
        answerNoticeId: null,
        answeredAt: null,
      });
      await ctx.manager.insert(TenderQuestion, question);
      await ctx.audit({ action: 'question.ask', entityType: 'tender_question', entityId: question.id, data: { section: section.code } });
      return output(question, actor, false);
    });
  }

  /**
   * The project's staff and supervisors see every question; a bidder sees its own questions and the answered
   * ones, never who asked them.
   */
  async list(actor: Actor, sectionId: string): Promise<QuestionOutput[]> {
    const section = await this.sections.get(sectionId);
    const staff = isProjectStaff(actor, section.project);
    const supervisor = actor.role === 'supervisor';
    if (!staff && !supervisor && actor.role !== 'bidder') throw AnnouncementErrors.notProjectStaff();
    const qb = this.dataSource.manager
      .createQueryBuilder(TenderQuestion, 'q')
      .where('q.sectionId = :sectionId', { sectionId })
      .orderBy('q.askedAt', 'ASC')
      .addOrderBy('q.id', 'ASC');
    if (!staff && !supervisor) qb.andWhere('(q.askerOrgId = :org OR q.answerNoticeId IS NOT NULL)', { org: actor.organisationId });
    const rows = await qb.getMany();
    return rows.map((q) => output(q, actor, supervisor));
  }
}

function output(q: TenderQuestion, actor: Actor, showAsker: boolean): QuestionOutput {
  return {
    id: q.id,
    sectionId: q.sectionId,
    text: q.text,
    askedAt: shanghai(q.askedAt),
    answer: q.answer,
    answerNoticeId: q.answerNoticeId,
    answeredAt: shanghai(q.answeredAt),
    mine: actor.role === 'bidder' && q.askerOrgId === actor.organisationId,
    ...(showAsker ? { askerOrganisationId: q.askerOrgId } : {}),
  };
}

import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, ChangeService, decodeTimeCursor, Errors, limitOf, Page, pageOf } from '@app/core';
import { AnnouncementErrors, ruleRefusal } from '../announcements.errors';
import { assertMayOversee } from '../common/access';
import { shanghai } from '../common/time';
import { Notice } from '../notices/notice.entity';
import { TenderProject } from '../projects/tender-project.entity';
import { checkComment } from '../rules/announcement-rules';
import { ConsultationComment } from './consultation-comment.entity';
import { IdentityService } from '@app/identity';

export interface CommentOutput {
  id: string;
  noticeId: string;
  text: string;
  at: string;
  organisation?: { id: string; name: string };
}

/** Comments on a consultation notice (征求意见, R11): any logged-in user, during the comment period; shown to staff. */
@Injectable()
export class CommentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
    private readonly identity: IdentityService,
  ) {}

  async comment(actor: Actor, noticeId: string, text: string): Promise<CommentOutput> {
    return this.change.run(actor, async (ctx) => {
      const notice = await ctx.manager.findOne(Notice, { where: { id: noticeId } });
      if (!notice || notice.type !== 'consultation' || notice.status === 'draft') throw AnnouncementErrors.noticeNotFound();
      if (notice.status !== 'published') {
        throw Errors.conflict('NOTICE_NOT_PUBLISHED', '该征求意见公告已撤回或被替代，不再接受意见', 'This consultation is no longer open for comments', {
          status: notice.status,
        });
      }
      const violation = checkComment(ctx.at, notice.commentPeriodEnd!);
      if (violation) throw ruleRefusal([violation]);
      if (!actor.organisationId || !actor.accountId) throw Errors.unauthenticated();
      const comment = ctx.manager.create(ConsultationComment, {
        id: randomUUID(),
        noticeId,
        organisationId: actor.organisationId,
        accountId: actor.accountId,
        text: text.trim(),
        ip: actor.ip,
        at: ctx.at,
      });
      await ctx.manager.insert(ConsultationComment, comment);
      await ctx.audit({ action: 'consultation.comment', entityType: 'notice', entityId: noticeId, data: { commentId: comment.id } });
      return { id: comment.id, noticeId, text: comment.text, at: shanghai(comment.at) };
    });
  }

  /** The recorded comments, newest first, with who made them: the project's staff and supervisors. */
  async list(actor: Actor, noticeId: string, query: { cursor?: string; limit?: number }): Promise<Page<CommentOutput>> {
    const notice = await this.dataSource.manager.findOne(Notice, { where: { id: noticeId } });
    if (!notice) throw AnnouncementErrors.noticeNotFound();
    const project = await this.dataSource.manager.findOneOrFail(TenderProject, { where: { id: notice.projectId } });
    assertMayOversee(actor, project);
    const limit = limitOf(query.limit, 50, 200);
    const cursor = decodeTimeCursor(query.cursor);
    const rows = (await this.dataSource.query(
      `SELECT c.id, c.text, c.at, c.organisation_id AS org_id
         FROM consultation_comment c
        WHERE c.notice_id = $1 ${cursor ? 'AND (c.at, c.id) < ($3, $4)' : ''}
        ORDER BY c.at DESC, c.id DESC LIMIT $2`,
      cursor ? [noticeId, limit + 1, cursor.at, cursor.id] : [noticeId, limit + 1],
    )) as { id: string; text: string; at: Date; org_id: string }[];
    const orgs = await this.identity.organisationsById(rows.map((r) => r.org_id));
    return pageOf(
      rows,
      limit,
      (r) => ({ at: new Date(r.at), id: r.id }),
      (r) => ({ id: r.id, noticeId, text: r.text, at: shanghai(new Date(r.at)), organisation: { id: r.org_id, name: orgs.get(r.org_id)?.name ?? '' } }),
    );
  }
}

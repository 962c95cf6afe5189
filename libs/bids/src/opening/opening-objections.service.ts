import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Actor, ChangeService, Errors } from '@app/core';
import { SectionsService } from '@app/announcements';
import { BidErrors } from '../bids.errors';
import { Bid } from '../entities/bid.entity';
import { BidOpening } from '../entities/bid-opening.entity';
import { OpeningObjection } from '../entities/opening-objection.entity';
import { OpeningCloseService } from './opening-close.service';
import { assertProjectStaff, AT_OPENING, bidderNames, ObjectionView, objectionView } from './opening-shared';

/**
 * Objections raised at the opening (R19): a bidder of the section raises one while the opening runs, the staff
 * answer it, and the opening may close once the last one is answered. BidOpeningService delegates here.
 */
@Injectable()
export class OpeningObjectionsService {
  constructor(
    private readonly change: ChangeService,
    private readonly sections: SectionsService,
    private readonly closing: OpeningCloseService,
  ) {}


  async raiseObjection(actor: Actor, sectionId: string, text: string): Promise<ObjectionView> {
    if (actor.role !== 'bidder' || !actor.organisationId || !actor.accountId) throw Errors.forbidden();
    const organisationId = actor.organisationId;
    return this.change.run(actor, async (ctx) => {
      const opening = await ctx.manager.findOne(BidOpening, { where: { sectionId }, lock: { mode: 'pessimistic_write' } });
      if (!opening) throw BidErrors.sealed();
      if (opening.status !== 'decrypting') throw BidErrors.objectionNotAllowed();
      const bid = await ctx.manager.findOne(Bid, { where: { sectionId, bidderOrgId: organisationId, status: In(AT_OPENING) } });
      if (!bid) throw BidErrors.objectionNotAllowed();
      const objection = Object.assign(new OpeningObjection(), {
        id: randomUUID(),
        sectionId,
        organisationId,
        accountId: actor.accountId!,
        ip: actor.ip,
        text: text.trim(),
        raisedAt: ctx.at,
        answer: null,
        answeredAt: null,
        answeredBy: null,
      });
      await ctx.manager.insert(OpeningObjection, objection);
      await ctx.audit({ action: 'opening.objection', entityType: 'opening_objection', entityId: objection.id, data: { sectionId, text: objection.text } });
      return objectionView(objection, bid.bidderName);
    });
  }

  async answerObjection(actor: Actor, sectionId: string, objectionId: string, answer: string): Promise<ObjectionView> {
    const section = await this.sections.get(sectionId).catch(() => {
      throw BidErrors.sectionNotFound();
    });
    assertProjectStaff(actor, section);
    return this.change.run(actor, async (ctx) => {
      const opening = await ctx.manager.findOne(BidOpening, { where: { sectionId }, lock: { mode: 'pessimistic_write' } });
      if (!opening) throw BidErrors.sealed();
      const objection = await ctx.manager.findOne(OpeningObjection, { where: { id: objectionId, sectionId } });
      if (!objection) throw BidErrors.objectionNotFound();
      if (objection.answeredAt) throw BidErrors.objectionAnswered();
      if (opening.status !== 'decrypting') throw BidErrors.openingNotInProgress(opening.status);
      Object.assign(objection, { answer: answer.trim(), answeredAt: ctx.at, answeredBy: actor.accountId });
      await ctx.manager.update(OpeningObjection, { id: objectionId }, { answer: objection.answer, answeredAt: ctx.at, answeredBy: actor.accountId });
      await ctx.audit({ action: 'opening.objection_answer', entityType: 'opening_objection', entityId: objectionId, data: { sectionId, answer: objection.answer } });
      await this.closing.closeIfSettled(ctx, sectionId, opening);
      const names = await bidderNames(ctx.manager, sectionId);
      return objectionView(objection, names.get(objection.organisationId) ?? '');
    });
  }
}

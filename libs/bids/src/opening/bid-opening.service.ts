import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Actor, apiTime, AuditService, ChangeContext, ChangeService, ClockService, Errors, PLATFORM_CONFIG, PlatformConfig, rulesFor, SYSTEM_ACTOR } from '@app/core';
import { OutboxService } from '@app/exchange';
import { SectionsService, SectionWithProject } from '@app/announcements';
import { BIDS_OPTIONS, BidsOptions } from '../bids.options';
import { BidErrors } from '../bids.errors';
import { closeReason, decideAtDeadline, DecryptionError } from '../domain/opening-rules';
import { Bid } from '../entities/bid.entity';
import { moveBids } from '../entities/move-bids';
import { BidEvent } from '../entities/bid-event.entity';
import { BidOpening } from '../entities/bid-opening.entity';
import { OpeningObjection } from '../entities/opening-objection.entity';
import { lockSectionBidsExclusive } from '../sections/section-locks';
import { archiveOf, buildOpeningRecord, OpeningRecord, openingDatasetRecord, RecordBid, tenderListRecord } from './opening-record';

/** Statuses of the bids an opening deals with: the ones that counted at 截止. */
const AT_OPENING: Bid['status'][] = ['received', 'decrypted', 'decryption_failed'];

export interface OpeningView {
  sectionId: string;
  bidSectionCode: string;
  status: BidOpening['status'];
  bidOpenTime: string;
  decryptionWindowEnd: string | null;
  bidCount: number;
  bids: {
    bidderName: string;
    bidderCode: string;
    receiptNumber: string;
    receivedAt: string;
    decryption: 'pending' | 'decrypted' | 'decryption_failed' | 'not_opened';
    decryptionError: DecryptionError | null;
    bidPrice: string | null;
    durationDays: number | null;
    readOutItems: { name: string; value: string }[];
  }[];
  objections: ObjectionView[];
  record: { sha256: string; publishedAt: string } | null;
}

/** A bid that counted at the opening, as the evaluation sees it (BidOpeningService.biddersAtOpening). */
export interface OpenedBid {
  bidId: string;
  bidderOrgId: string;
  bidderCode: string;
  bidderName: string;
  /** Decrypted at the opening: only these can be ranked. */
  opened: boolean;
  decryptionError: DecryptionError | null;
  /** 投标报价 as read out at the opening (null when not opened). */
  bidPrice: string | null;
  durationDays: number | null;
}

export interface ObjectionView {
  id: string;
  bidderName: string;
  raisedAt: string;
  text: string;
  answer: string | null;
  answeredAt: string | null;
}

/**
 * The opening (开标): at 截止 the deadline scheduler moves the section to opening exactly once (R17), sends the
 * tender list upstream, and either fails the section for too few bids or opens the decryption window (R18);
 * bidders hand over their keys; the record (开标记录) is published and archived when every bid is settled or
 * the window ends (R18, R37); objections raised at the opening are recorded with their answers (R19).
 */
@Injectable()
export class BidOpeningService {
  private readonly logger = new Logger('BidOpening');

  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
    private readonly sections: SectionsService,
    private readonly outbox: OutboxService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(BIDS_OPTIONS) private readonly options: BidsOptions,
  ) {}

  // ---------------------------------------------------------------------------------------------------------
  // The deadline (截止).

  /** Opens every section whose 截止 has come (and the settle time after it); returns the ids it opened (or failed). */
  async openDue(): Promise<string[]> {
    const due = await this.sections.listDueForOpening(new Date(this.clock.now().getTime() - this.options.openingSettleMs));
    const done: string[] = [];
    for (const section of due) {
      try {
        if (await this.open(section.id)) done.push(section.id);
      } catch (error) {
        this.logger.error(`opening section ${section.code} at 截止 failed: ${(error as Error).stack ?? String(error)}`);
      }
    }
    return done;
  }

  /**
   * The transaction at 截止 (idempotent): takes the section's bids lock exclusively, so every bid still being
   * recorded commits first and every later one is refused, moves the section published → opening, writes the
   * bid events into the audit log and GCJS_TENDER_LIST into the outbox, then fails the section (R17) or opens
   * the decryption window (R18). Returns false when the section was not due or someone else opened it.
   */
  async open(sectionId: string): Promise<boolean> {
    return this.change.run(SYSTEM_ACTOR, async (ctx) => {
      await lockSectionBidsExclusive(ctx.manager, sectionId);
      const section = await this.sections.get(sectionId, ctx.manager);
      const due = section.bidDeadline.getTime() + this.options.openingSettleMs <= ctx.at.getTime();
      if (section.status !== 'published' || section.suspended || !due) return false;
      if (await ctx.manager.findOne(BidOpening, { where: { sectionId } })) return false;

      const bids = await ctx.manager.find(Bid, { where: { sectionId, status: 'received' }, order: { receivedAt: 'ASC', id: 'ASC' } });
      await this.auditBidEvents(ctx, section);
      const rules = rulesFor(section.project.procedureType);
      const decision = decideAtDeadline(bids.length, rules.R17.n);
      const windowEnd = new Date(ctx.at.getTime() + (this.options.decryptionWindowMinutes ?? rules.R18.minutes) * 60_000);

      await this.sections.transition(ctx.manager, sectionId, 'published', 'opening', SYSTEM_ACTOR, {
        at: ctx.at,
        reason: '投标截止 bid deadline reached',
        ...(decision === 'decrypt' ? { decryptionWindowEnd: windowEnd } : {}),
      });
      await this.outbox.append(ctx.manager, {
        tenderProjectCode: section.project.code,
        datasetCode: 'GCJS_TENDER_LIST',
        record: tenderListRecord(section, bids.map(recordBid)),
        at: ctx.at,
      });

      const opening: BidOpening = Object.assign(new BidOpening(), {
        sectionId,
        status: 'decrypting',
        bidOpenTime: section.openingTime,
        startedAt: ctx.at,
        bidCount: bids.length,
        decryptionWindowEnd: decision === 'decrypt' ? windowEnd : null,
        failureReason: null,
        closedAt: null,
        closeReason: null,
        record: null,
        recordText: null,
        recordSha256: null,
        publishedAt: null,
      });

      if (decision === 'fail') {
        await this.sections.transition(ctx.manager, sectionId, 'opening', 'failed', SYSTEM_ACTOR, {
          at: ctx.at,
          reason: `R17: ${bids.length} bids at 截止, fewer than ${rules.R17.n} (流标)`,
        });
        const record = buildOpeningRecord({
          platformCode: this.config.platformCode,
          section,
          bids: bids.map(recordBid),
          objections: [],
          result: 'failed',
          minimumBids: rules.R17.n,
          decryptionWindowEnd: null,
          closedAt: ctx.at,
          closeReason: 'too_few_bids',
        });
        await this.publish(ctx, section, Object.assign(opening, { status: 'failed', failureReason: 'R17_TOO_FEW_BIDS' }), record, 'too_few_bids', true);
        return true;
      }
      await ctx.manager.insert(BidOpening, opening);
      await ctx.audit({
        action: 'opening.start',
        entityType: 'bid_opening',
        entityId: sectionId,
        data: { code: section.code, bids: bids.length, decryptionWindowEnd: windowEnd.toISOString() },
      });
      return true;
    });
  }

  /**
   * Closes every opening whose decryption window has ended, or whose bids are all settled with no objection
   * waiting (one that could not close when it settled, its section being suspended then); returns their ids.
   */
  async closeEnded(): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT o.section_id FROM bid_opening o
        WHERE o.status = 'decrypting'
          AND (o.decryption_window_end <= $1
               OR (NOT EXISTS (SELECT 1 FROM bid b WHERE b.section_id = o.section_id
                                 AND (b.status = 'received' OR (b.status = 'decryption_failed' AND NOT b.decryption_final)))
                   AND NOT EXISTS (SELECT 1 FROM opening_objection j WHERE j.section_id = o.section_id AND j.answered_at IS NULL)))
        ORDER BY o.decryption_window_end LIMIT 100`,
      [this.clock.now()],
    )) as { section_id: string }[];
    const done: string[] = [];
    for (const { section_id: sectionId } of rows) {
      try {
        const closed = await this.change.run(SYSTEM_ACTOR, async (ctx) => {
          // Claimed by one worker; another skips it (and a key being recorded makes this wait a tick).
          const [claimed] = (await ctx.manager.query(
            `SELECT section_id FROM bid_opening WHERE section_id = $1 AND status = 'decrypting' FOR UPDATE SKIP LOCKED`,
            [sectionId],
          )) as unknown[];
          if (!claimed) return false;
          const opening = await ctx.manager.findOneOrFail(BidOpening, { where: { sectionId } });
          return this.closeIfSettled(ctx, sectionId, opening);
        });
        if (closed) done.push(sectionId);
      } catch (error) {
        this.logger.error(`closing the opening of section ${sectionId} failed: ${(error as Error).stack ?? String(error)}`);
      }
    }
    return done;
  }

  /** Closes the opening (its row locked by the caller) if every bid is settled and no objection waits (R18, R19). */
  async closeIfSettled(ctx: ChangeContext, sectionId: string, opening: BidOpening): Promise<boolean> {
    const bids = await ctx.manager.find(Bid, { where: { sectionId, status: In(AT_OPENING) } });
    const unanswered = await ctx.manager.count(OpeningObjection, { where: { sectionId, answeredAt: IsNull() } });
    const reason = closeReason(bids, unanswered, ctx.at, opening.decryptionWindowEnd!);
    return reason ? this.close(ctx, sectionId, reason) : false;
  }

  /**
   * Ends the opening (its row locked by the caller): bids that never got a key fail, the section moves
   * opening → opened, and the record is published, archived with its SHA-256 and sent upstream.
   */
  private async close(ctx: ChangeContext, sectionId: string, reason: 'all_settled' | 'window_ended'): Promise<boolean> {
    const opening = await ctx.manager.findOneOrFail(BidOpening, { where: { sectionId } });
    if (opening.status !== 'decrypting') return false;
    // a suspended section (objection, supervisor's order: R29, R35) stands still; the opening ends after it resumes
    if ((await this.sections.get(sectionId, ctx.manager)).suspended) return false;
    const closeAs = reason;
    await moveBids(ctx.manager, { sectionId }, 'received', 'decryption_failed', { decryptionError: 'KEY_NOT_SUBMITTED', decryptionFinal: true });
    await ctx.manager.update(Bid, { sectionId, status: 'decryption_failed', decryptionFinal: false }, { decryptionFinal: true });
    const section = await this.sections.transition(ctx.manager, sectionId, 'opening', 'opened', SYSTEM_ACTOR, {
      at: ctx.at,
      reason: closeAs === 'all_settled' ? '全部投标文件解密完成 every bid settled' : '解密时限届满 decryption window ended',
    });
    const bids = await ctx.manager.find(Bid, { where: { sectionId, status: In(AT_OPENING) } });
    const objections = await ctx.manager.find(OpeningObjection, { where: { sectionId }, order: { raisedAt: 'ASC', id: 'ASC' } });
    const names = await this.bidderNames(ctx.manager, sectionId);
    const record = buildOpeningRecord({
      platformCode: this.config.platformCode,
      section,
      bids: bids.map(recordBid),
      objections: objections.map((o) => ({ ...o, bidderName: names.get(o.organisationId) ?? '' })),
      result: 'opened',
      minimumBids: rulesFor(section.project.procedureType).R17.n,
      decryptionWindowEnd: opening.decryptionWindowEnd,
      closedAt: ctx.at,
      closeReason: closeAs,
    });
    await this.publish(ctx, section, opening, record, closeAs, false);
    return true;
  }

  /** Archives and publishes the record (R18, R37) and sends GCJS_OPENING_RECORD upstream. */
  private async publish(
    ctx: ChangeContext,
    section: SectionWithProject,
    opening: BidOpening,
    record: OpeningRecord,
    reason: string,
    insert: boolean,
  ): Promise<void> {
    const archive = archiveOf(record);
    const patch = {
      status: opening.status === 'failed' ? ('failed' as const) : ('closed' as const),
      closedAt: ctx.at,
      closeReason: reason,
      record,
      recordText: archive.text,
      recordSha256: archive.sha256,
      publishedAt: ctx.at,
    };
    if (insert) await ctx.manager.insert(BidOpening, { ...opening, ...patch });
    else await ctx.manager.update(BidOpening, { sectionId: opening.sectionId }, patch);
    await this.outbox.append(ctx.manager, {
      tenderProjectCode: section.project.code,
      datasetCode: 'GCJS_OPENING_RECORD',
      record: openingDatasetRecord(record),
      at: ctx.at,
    });
    await ctx.audit({
      action: record.result === 'failed' ? 'opening.fail' : 'opening.close',
      entityType: 'bid_opening',
      entityId: section.id,
      data: { code: section.code, result: record.result, reason, recordSha256: archive.sha256, bids: record.summary },
    });
  }

  /** The bid events before 截止, into the audit log now, in order, with their own actor and time (R36). */
  private async auditBidEvents(ctx: ChangeContext, section: SectionWithProject): Promise<void> {
    const events = await ctx.manager.find(BidEvent, { where: { sectionId: section.id }, order: { at: 'ASC', id: 'ASC' } });
    for (const event of events) {
      const actor: Actor = {
        accountId: event.accountId,
        organisationId: event.organisationId,
        role: event.role as Actor['role'],
        ip: event.ip,
      };
      await this.audit.append(
        ctx.manager,
        actor,
        {
          action: event.kind === 'submitted' ? 'bid.submit' : 'bid.withdraw',
          entityType: 'bid',
          entityId: event.bidId,
          data: { ...event.data, sectionId: section.id, sectionCode: section.code, recordedAt: ctx.at.toISOString() },
        },
        event.at,
      );
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Objections at the opening (R19).

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
      await this.closeIfSettled(ctx, sectionId, opening);
      const names = await this.bidderNames(ctx.manager, sectionId);
      return objectionView(objection, names.get(objection.organisationId) ?? '');
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Reading. Nothing before 截止: until the opening transaction has run, every read answers BIDS_SEALED (R16).

  /** The opening as it stands (public from 截止: the bidders, their decryption and what was read out). */
  async view(sectionId: string): Promise<OpeningView> {
    const opening = await this.dataSource.manager.findOne(BidOpening, { where: { sectionId } });
    if (!opening) throw BidErrors.sealed();
    const section = await this.sections.get(sectionId);
    const bids = await this.dataSource.manager.find(Bid, { where: { sectionId, status: In(AT_OPENING) }, order: { receivedAt: 'ASC', id: 'ASC' } });
    const objections = await this.dataSource.manager.find(OpeningObjection, { where: { sectionId }, order: { raisedAt: 'ASC', id: 'ASC' } });
    const names = new Map(bids.map((b) => [b.bidderOrgId, b.bidderName]));
    return {
      sectionId,
      bidSectionCode: section.code,
      status: opening.status,
      bidOpenTime: apiTime(opening.bidOpenTime),
      decryptionWindowEnd: apiTime(opening.decryptionWindowEnd),
      bidCount: opening.bidCount,
      bids: bids.map((b) => ({
        bidderName: b.bidderName,
        bidderCode: b.bidderCode,
        receiptNumber: b.receiptNumber,
        receivedAt: apiTime(b.receivedAt),
        decryption: opening.status === 'failed' ? 'not_opened' : b.status === 'received' ? 'pending' : (b.status as 'decrypted' | 'decryption_failed'),
        decryptionError: b.decryptionError,
        bidPrice: b.status === 'decrypted' ? b.bidPrice : null,
        durationDays: b.status === 'decrypted' ? b.durationDays : null,
        readOutItems: b.status === 'decrypted' ? (b.readOutItems ?? []) : [],
      })),
      objections: objections.map((o) => objectionView(o, names.get(o.organisationId) ?? '')),
      record: opening.recordSha256 && opening.publishedAt ? { sha256: opening.recordSha256, publishedAt: apiTime(opening.publishedAt) } : null,
    };
  }

  /** The published record: its exact archived text and SHA-256 (public). */
  async publishedRecord(sectionId: string): Promise<{ text: string; sha256: string; publishedAt: Date }> {
    const opening = await this.dataSource.manager.findOne(BidOpening, { where: { sectionId } });
    if (!opening) throw BidErrors.sealed();
    if (!opening.recordText || !opening.recordSha256 || !opening.publishedAt) throw BidErrors.recordNotPublished();
    return { text: opening.recordText, sha256: opening.recordSha256, publishedAt: opening.publishedAt };
  }

  /** The bids of a section for its staff and supervisors, from 截止 on. */
  async listBids(actor: Actor, sectionId: string): Promise<Bid[]> {
    const opening = await this.dataSource.manager.findOne(BidOpening, { where: { sectionId } });
    if (!opening) throw BidErrors.sealed();
    const section = await this.sections.get(sectionId);
    if (actor.role !== 'supervisor') assertProjectStaff(actor, section);
    return this.dataSource.manager.find(Bid, { where: { sectionId, status: In(AT_OPENING) }, order: { receivedAt: 'ASC', id: 'ASC' } });
  }

  /**
   * The bids that counted at a closed opening, with what was read out (for the evaluation, libs/awards), in the
   * caller's transaction; null while the opening is not closed. Only `decrypted` bids were opened.
   */
  async biddersAtOpening(sectionId: string, manager: EntityManager = this.dataSource.manager): Promise<OpenedBid[] | null> {
    const opening = await manager.findOne(BidOpening, { where: { sectionId } });
    if (!opening || opening.status !== 'closed') return null;
    const bids = await manager.find(Bid, { where: { sectionId, status: In(AT_OPENING) }, order: { receivedAt: 'ASC', id: 'ASC' } });
    return bids.map((b) => ({
      bidId: b.id,
      bidderOrgId: b.bidderOrgId,
      bidderCode: b.bidderCode,
      bidderName: b.bidderName,
      opened: b.status === 'decrypted',
      decryptionError: b.decryptionError,
      bidPrice: b.status === 'decrypted' ? b.bidPrice : null,
      durationDays: b.status === 'decrypted' ? b.durationDays : null,
    }));
  }

  async openingInProgress(sectionId: string, at: Date): Promise<BidOpening> {
    const opening = await this.dataSource.manager.findOne(BidOpening, { where: { sectionId } });
    if (!opening) throw BidErrors.sealed();
    if (opening.status !== 'decrypting' || !opening.decryptionWindowEnd) throw BidErrors.openingNotInProgress(opening.status);
    if (at.getTime() >= opening.decryptionWindowEnd.getTime()) throw BidErrors.windowEnded(opening.decryptionWindowEnd);
    return opening;
  }

  private async bidderNames(manager: EntityManager, sectionId: string): Promise<Map<string, string>> {
    const bids = await manager.find(Bid, { where: { sectionId }, select: { bidderOrgId: true, bidderName: true } });
    return new Map(bids.map((b) => [b.bidderOrgId, b.bidderName]));
  }
}

function recordBid(bid: Bid): RecordBid {
  return {
    bidderName: bid.bidderName,
    bidderCode: bid.bidderCode,
    receiptNumber: bid.receiptNumber,
    receivedAt: bid.receivedAt,
    sha256: bid.sha256,
    size: bid.size,
    keyFingerprint: bid.keyFingerprint,
    securityAmount: bid.securityAmount,
    securityForm: bid.securityForm,
    status: bid.status,
    decryptionError: bid.decryptionError,
    bidPrice: bid.bidPrice,
    durationDays: bid.durationDays,
    readOutItems: bid.readOutItems,
  };
}

function objectionView(o: OpeningObjection, bidderName: string): ObjectionView {
  return {
    id: o.id,
    bidderName,
    raisedAt: apiTime(o.raisedAt),
    text: o.text,
    answer: o.answer,
    answeredAt: apiTime(o.answeredAt),
  };
}

export function assertProjectStaff(actor: Actor, section: SectionWithProject): void {
  const ok =
    actor.role === 'staff' &&
    !!actor.organisationId &&
    (actor.organisationId === section.project.tendererOrgId || actor.organisationId === section.project.agencyOrgId);
  if (!ok) throw BidErrors.notSectionStaff();
}

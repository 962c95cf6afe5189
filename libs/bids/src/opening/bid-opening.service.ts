import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, apiTime, AuditService, ChangeContext, ChangeService, ClockService, PeriodCount, periodBucketParams, PERIODS_FROM, PLATFORM_CONFIG, PlatformConfig, rulesFor, SYSTEM_ACTOR } from '@app/core';
import { OutboxService } from '@app/exchange';
import { SectionsService, SectionWithProject } from '@app/announcements';
import { BIDS_OPTIONS, BidsOptions } from '../bids.options';
import { BidErrors } from '../bids.errors';
import { decideAtDeadline, DecryptionError } from '../domain/opening-rules';
import { Bid } from '../entities/bid.entity';
import { BidEvent } from '../entities/bid-event.entity';
import { BidOpening } from '../entities/bid-opening.entity';
import { OpeningObjection } from '../entities/opening-objection.entity';
import { lockSectionBidsExclusive } from '../sections/section-locks';
import { OpeningCloseService } from './opening-close.service';
import { OpeningObjectionsService } from './opening-objections.service';
import { buildOpeningRecord, tenderListRecord } from './opening-record';
import { assertProjectStaff, AT_OPENING, ObjectionView, objectionView, recordBid } from './opening-shared';

export { assertProjectStaff } from './opening-shared';
export type { ObjectionView } from './opening-shared';

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

/**
 * The opening (开标): at 截止 the deadline scheduler moves the section to opening exactly once (R17), sends the
 * tender list upstream, and either fails the section for too few bids or opens the decryption window (R18);
 * bidders hand over their keys (BidKeysService); the record (开标记录) is published and archived when every bid is
 * settled or the window ends (R18, R37: OpeningCloseService); objections raised at the opening are recorded with
 * their answers (R19: OpeningObjectionsService). This service keeps the deadline, the reading, and every public
 * method (the closing and the objections delegate).
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
    private readonly closing: OpeningCloseService,
    private readonly objections: OpeningObjectionsService,
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
        await this.closing.publish(ctx, section, Object.assign(opening, { status: 'failed', failureReason: 'R17_TOO_FEW_BIDS' }), record, 'too_few_bids', true);
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

  /** Closes every opening whose window has ended or whose bids are all settled: see OpeningCloseService. */
  async closeEnded(): Promise<string[]> {
    return this.closing.closeEnded();
  }

  /** Closes the opening (its row locked by the caller) if every bid is settled and no objection waits (R18, R19). */
  async closeIfSettled(ctx: ChangeContext, sectionId: string, opening: BidOpening): Promise<boolean> {
    return this.closing.closeIfSettled(ctx, sectionId, opening);
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
    return this.objections.raiseObjection(actor, sectionId, text);
  }

  async answerObjection(actor: Actor, sectionId: string, objectionId: string, answer: string): Promise<ObjectionView> {
    return this.objections.answerObjection(actor, sectionId, objectionId, answer);
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
  /**
   * Openings in each period (the disclosure statistics), by 开标时间 (= 截止): `count` the sections opened (the
   * opening held, decrypting or closed), `failed` those that failed at 截止 (流标, R17). An index-only range scan
   * of bid_opening_time_idx.
   */
  async openingCounts(boundaries: readonly Date[]): Promise<(PeriodCount & { failed: number })[]> {
    return this.dataSource.query(
      `SELECT m.bucket::int AS bucket, c.count, c.failed FROM ${PERIODS_FROM}
         CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE status <> 'failed')::int AS count, count(*) FILTER (WHERE status = 'failed')::int AS failed
                               FROM bid_opening WHERE bid_open_time >= m.lo AND bid_open_time < m.hi) c`,
      periodBucketParams(boundaries),
    );
  }

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
}

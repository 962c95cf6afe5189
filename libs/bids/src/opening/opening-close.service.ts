import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { ChangeContext, ChangeService, ClockService, PLATFORM_CONFIG, PlatformConfig, rulesFor, SYSTEM_ACTOR } from '@app/core';
import { OutboxService } from '@app/exchange';
import { SectionsService, SectionWithProject } from '@app/announcements';
import { closeReason } from '../domain/opening-rules';
import { Bid } from '../entities/bid.entity';
import { moveBids } from '../entities/move-bids';
import { BidOpening } from '../entities/bid-opening.entity';
import { OpeningObjection } from '../entities/opening-objection.entity';
import { archiveOf, buildOpeningRecord, OpeningRecord, openingDatasetRecord } from './opening-record';
import { AT_OPENING, bidderNames, recordBid } from './opening-shared';

/**
 * The end of an opening (开标): it closes when every bid is settled and no objection waits, or when the decryption
 * window ends (R18, R19); bids that never got a key fail, and the record (开标记录) is published, archived with its
 * SHA-256 and sent upstream (R18, R37). BidOpeningService delegates closeEnded and closeIfSettled here.
 */
@Injectable()
export class OpeningCloseService {
  private readonly logger = new Logger('BidOpening');

  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
    private readonly clock: ClockService,
    private readonly sections: SectionsService,
    private readonly outbox: OutboxService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

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
    const names = await bidderNames(ctx.manager, sectionId);
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
  async publish(
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
}

import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Actor, apiTime, ChangeService, ClockService, decodeTimeCursor, DomainError, Errors, pageOf, PeriodCount, periodBucketParams, PERIODS_FROM, PLATFORM_CONFIG, PlatformConfig } from '@app/core';
import { Document, DocumentPurpose, DocumentsService, UploadErrors, UploadReservation } from '@app/documents';
import { IdentityService } from '@app/identity';
import { isSealingError } from '@app/sealing';
import { SectionsService, SectionWithProject } from '@app/announcements';
import { BidErrors } from '../bids.errors';
import { checkBidSecurity } from '../domain/bid-security';
import { Bid } from '../entities/bid.entity';
import { moveBids } from '../entities/move-bids';
import { BidEvent } from '../entities/bid-event.entity';
import { newReceiptNumber } from '../receipts/receipt-number';
import { BidReceiptPayload, RECEIPT_FORMAT, WithdrawalReceiptPayload } from '../receipts/receipt-format';
import { ReceiptSigner } from '../receipts/receipt-signer';
import { lockForBidder } from '../sections/section-locks';
import { SealedContainer, withInspection } from './bid-document-purpose';
import { ownBidView, OwnBidView } from './bid-views';
import { DeadlineGuard } from './deadline-guard';

export interface SubmitBidInput {
  /** The raw request body: the sealed container, streamed. */
  body: Readable;
  /** Content-Length, when the client sent one. */
  declaredSize?: number;
  securityAmount?: string;
  securityForm?: string;
  /** The bidder's name for the file (kept as data only). */
  fileName?: string;
}

/** How long an own-bids page may be. */
const MAX_PAGE = 100;

/**
 * Bid submission (投标文件递交): the sealed container streams from the socket through the deadline guard, the
 * sealing inspector and hashing into the object store; only then, in one short transaction, is the bid
 * recorded, if the body completed before 截止 by the server's clock (R14, R15). Nothing in here reads or
 * counts another organisation's bids (R16).
 */
@Injectable()
export class BidSubmissionService {
  private readonly logger = new Logger(BidSubmissionService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
    private readonly clock: ClockService,
    private readonly sections: SectionsService,
    private readonly documents: DocumentsService,
    private readonly identity: IdentityService,
    private readonly signer: ReceiptSigner,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /**
   * The checks that need no body, in an order that depends only on the section (public) and the bidder's own
   * organisation. The controller calls it before it reads a byte.
   */
  async precheck(actor: Actor, sectionId: string, input: Pick<SubmitBidInput, 'securityAmount' | 'securityForm'>) {
    const organisationId = this.bidderOrg(actor);
    const section = await this.openSection(sectionId);
    if (!(await this.sections.holdsDocuments(sectionId, organisationId))) throw BidErrors.documentsNotHeld();
    const security = checkBidSecurity(section.bidSecurity, input.securityAmount, input.securityForm);
    return { section, security, organisationId };
  }

  async submit(actor: Actor, sectionId: string, input: SubmitBidInput): Promise<OwnBidView> {
    const checked = await this.precheck(actor, sectionId, input);
    const organisation = await this.identity.getOrganisation(actor, checked.organisationId);

    // 1. The body: request → deadline guard → (documents: size limit, SHA-256, sealed-container check) → object store,
    //    once the upload has its share of the upload budget (nothing of the body is read before).
    const reservation = await this.documents.reserve(input.declaredSize, input.body);
    try {
      return await this.submitReserved(actor, input, checked, organisation, reservation);
    } finally {
      reservation?.release();
    }
  }

  private async submitReserved(
    actor: Actor,
    input: SubmitBidInput,
    checked: Awaited<ReturnType<BidSubmissionService['precheck']>>,
    organisation: Awaited<ReturnType<IdentityService['getOrganisation']>>,
    reservation: UploadReservation | undefined,
  ): Promise<OwnBidView> {
    const { section, security, organisationId } = checked;
    const guard = new DeadlineGuard(this.clock, section.bidDeadline);
    const abort = () => {
      if (!guard.completedAt && !guard.destroyed) guard.destroy(UploadErrors.incomplete());
    };
    input.body.on('error', abort);
    input.body.once('aborted', abort);
    input.body.once('close', () => {
      if (!(input.body as Readable & { complete?: boolean }).complete && input.body.readableEnded === false) abort();
    });
    input.body.pipe(guard);
    const stored = await withInspection(() =>
      this.documents.store(DocumentPurpose.Bid, guard, {
        originalName: input.fileName?.trim() ? input.fileName : 'bid.bidseal',
        declaredSize: input.declaredSize,
        createdBy: actor.accountId,
        uploaderOrgId: organisationId,
        reservation,
      }),
    );
    reservation?.release(); // the body is stored: what it held in memory is free for the uploads waiting
    if (stored.error !== undefined || !stored.value) {
      input.body.unpipe(guard);
      if (!guard.destroyed) guard.destroy(); // clears its timer
      throw this.uploadRefusal(stored.error, guard, stored.outcome.error);
    }
    const document = stored.value;
    const inspection = stored.outcome.inspection;
    if (!inspection || inspection.size !== document.size || !guard.completedAt) {
      await this.discard(document);
      throw new Error(
        inspection
          ? `the sealed-container check and the store disagree on document ${document.id}`
          : 'a bid was stored without the sealed-container check: configure the purpose "bid" with bidDocumentPurposes()',
      );
    }
    const completedAt = guard.completedAt;

    // 2. The record, if the body completed before 截止 and the section still takes bids.
    try {
      return await this.record(actor, section, organisation, document, inspection, completedAt, security);
    } catch (error) {
      await this.discard(document);
      throw error;
    }
  }

  private async record(
    actor: Actor,
    section: SectionWithProject,
    organisation: { id: string; uscc: string; name: string },
    document: Document,
    inspection: SealedContainer,
    completedAt: Date,
    security: { amount: string; form: string },
  ): Promise<OwnBidView> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.change.run(actor, async (ctx) => {
          await lockForBidder(ctx.manager, section.id, organisation.id);
          const current = await this.sections.get(section.id, ctx.manager);
          // The final check: the clock at body completion against 截止 as it stands now (a supplement may move it).
          if (completedAt.getTime() >= current.bidDeadline.getTime()) throw BidErrors.deadlinePassed(current.bidDeadline);
          this.assertTakesBids(current, completedAt);

          // the bidder's last version and its current bid (the one a new version replaces), in one look
          const [mine] = (await ctx.manager.query(
            `SELECT coalesce(max(version), 0)::int AS max,
                    max(CASE WHEN status = 'received' THEN id::text END) AS current_id,
                    max(CASE WHEN status = 'received' THEN receipt_number END) AS current_receipt
               FROM bid WHERE section_id = $1 AND bidder_org_id = $2`,
            [section.id, organisation.id],
          )) as { max: number; current_id: string | null; current_receipt: string | null }[];
          const max = mine.max;
          const previous = mine.current_id ? { id: mine.current_id, receiptNumber: mine.current_receipt! } : null;
          const id = randomUUID();
          const receiptNumber = newReceiptNumber(completedAt);
          const payload: BidReceiptPayload = {
            format: RECEIPT_FORMAT,
            kind: 'bid',
            platformCode: this.config.platformCode,
            receiptNumber,
            bidSectionCode: current.code,
            sectionId: current.id,
            bidderCode: organisation.uscc,
            bidderName: organisation.name,
            bidVersion: max + 1,
            replaces: previous?.receiptNumber ?? null,
            receivedAt: apiTime(completedAt),
            sha256: document.sha256,
            size: document.size,
            keyFingerprint: inspection.keyFingerprint,
            bidSecurity: security,
            keyId: this.signer.keyId,
          };
          const signed = this.signer.sign(payload);
          if (previous) {
            await moveBids(ctx.manager, { id: previous.id }, 'received', 'replaced', { supersededAt: completedAt });
          }
          const bid = ctx.manager.create(Bid, {
            id,
            sectionId: current.id,
            bidderOrgId: organisation.id,
            bidderCode: organisation.uscc,
            bidderName: organisation.name,
            version: max + 1,
            status: 'received',
            receiptNumber,
            receivedAt: completedAt,
            documentId: document.id,
            sha256: document.sha256,
            size: document.size,
            keyFingerprint: inspection.keyFingerprint,
            chunkSize: inspection.chunkSize,
            securityAmount: security.amount,
            securityForm: security.form,
            receiptPayload: signed.payload,
            receiptSignature: signed.signature,
            receiptKeyId: signed.keyId,
            submittedBy: actor.accountId!,
            submittedIp: actor.ip,
            supersededBy: null,
            supersededAt: null,
            withdrawnAt: null,
            withdrawalPayload: null,
            withdrawalSignature: null,
            decryptionAttempts: 0,
            decryptionError: null,
            decryptionFinal: false,
            decryptedAt: null,
            openingKey: null,
            bidPrice: null,
            durationDays: null,
            readOutItems: null,
            fileName: null,
            plaintextSize: null,
            plaintextSha256: null,
          });
          await ctx.manager.insert(Bid, bid);
          if (previous) await ctx.manager.update(Bid, { id: previous.id }, { supersededBy: id });
          await this.event(ctx.manager, actor, bid, 'submitted', completedAt, {
            receiptNumber,
            version: bid.version,
            replaces: previous?.receiptNumber ?? null,
            sha256: bid.sha256,
            size: bid.size,
            keyFingerprint: bid.keyFingerprint,
            bidSecurity: security,
          });
          return ownBidView(bid);
        });
      } catch (error) {
        // a receipt number drawn twice (60 random bits): draw again
        if (attempt < 3 && error instanceof QueryFailedError && (error.driverError as { constraint?: string })?.constraint === 'bid_receipt_number_uq') continue;
        throw error;
      }
    }
  }

  /** Withdraws the bidder's current bid (撤回投标文件) before 截止, with a signed withdrawal receipt (R15). */
  async withdraw(actor: Actor, sectionId: string): Promise<OwnBidView> {
    const organisationId = this.bidderOrg(actor);
    await this.openSection(sectionId);
    return this.change.run(actor, async (ctx) => {
      await lockForBidder(ctx.manager, sectionId, organisationId);
      const current = await this.sections.get(sectionId, ctx.manager);
      if (ctx.at.getTime() >= current.bidDeadline.getTime()) throw BidErrors.deadlinePassed(current.bidDeadline);
      this.assertTakesBids(current, ctx.at);
      const bid = await ctx.manager.findOne(Bid, { where: { sectionId, bidderOrgId: organisationId, status: 'received' } });
      if (!bid) throw BidErrors.noBidToWithdraw();
      const payload: WithdrawalReceiptPayload = {
        format: RECEIPT_FORMAT,
        kind: 'withdrawal',
        platformCode: this.config.platformCode,
        receiptNumber: bid.receiptNumber,
        bidSectionCode: current.code,
        sectionId,
        bidderCode: bid.bidderCode,
        bidderName: bid.bidderName,
        bidVersion: bid.version,
        withdrawnAt: apiTime(ctx.at),
        sha256: bid.sha256,
        keyId: this.signer.keyId,
      };
      const signed = this.signer.sign(payload);
      await moveBids(ctx.manager, { id: bid.id }, 'received', 'withdrawn', { withdrawnAt: ctx.at, withdrawalPayload: signed.payload, withdrawalSignature: signed.signature });
      await this.event(ctx.manager, actor, bid, 'withdrawn', ctx.at, { receiptNumber: bid.receiptNumber, version: bid.version });
      return ownBidView({ ...bid, status: 'withdrawn', withdrawnAt: ctx.at, withdrawalPayload: signed.payload, withdrawalSignature: signed.signature });
    });
  }

  /** The bidder's own bids in a section, every version, newest first (its receipts). */
  /**
   * Bids received in each period (the disclosure statistics), by 递交时间: `count` every version received
   * (a replacement is a submission too), `standing` those still counting (neither replaced nor withdrawn).
   * An index-only range scan of bid_received_idx.
   */
  async receivedCounts(boundaries: readonly Date[]): Promise<(PeriodCount & { standing: number })[]> {
    return this.dataSource.query(
      `SELECT m.bucket::int AS bucket, c.count, c.standing FROM ${PERIODS_FROM}
         CROSS JOIN LATERAL (SELECT count(*)::int AS count, count(*) FILTER (WHERE status NOT IN ('replaced', 'withdrawn'))::int AS standing
                               FROM bid WHERE received_at >= m.lo AND received_at < m.hi) c`,
      periodBucketParams(boundaries),
    );
  }

  async mine(actor: Actor, sectionId: string): Promise<OwnBidView[]> {
    const organisationId = this.bidderOrg(actor);
    const bids = await this.dataSource.manager.find(Bid, { where: { sectionId, bidderOrgId: organisationId }, order: { version: 'DESC' } });
    return bids.map(ownBidView);
  }

  /** The bidder's own bids in every section, newest first, a page at a time (cursor: the last id seen). */
  async mineEverywhere(actor: Actor, query: { cursor?: string; limit?: number }): Promise<{ items: OwnBidView[]; nextCursor: string | null }> {
    const organisationId = this.bidderOrg(actor);
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 20) || 20, 1), MAX_PAGE);
    const qb = this.dataSource.manager
      .createQueryBuilder(Bid, 'b')
      .where('b.bidderOrgId = :organisationId', { organisationId })
      .orderBy('b.receivedAt', 'DESC')
      .addOrderBy('b.id', 'DESC')
      .take(limit + 1);
    const after = decodeTimeCursor(query.cursor);
    if (after) qb.andWhere('(b.receivedAt, b.id) < (:at, :id)', { at: after.at, id: after.id });
    return pageOf(await qb.getMany(), limit, (b) => ({ at: b.receivedAt, id: b.id }), ownBidView);
  }

  private bidderOrg(actor: Actor): string {
    if (actor.role !== 'bidder' || !actor.organisationId || !actor.accountId) throw Errors.forbidden();
    return actor.organisationId;
  }

  /** A published section before 截止 by the server clock. */
  private async openSection(sectionId: string): Promise<SectionWithProject> {
    let section: SectionWithProject;
    try {
      section = await this.sections.get(sectionId);
    } catch (error) {
      if (error instanceof DomainError && error.status === 404) throw BidErrors.sectionNotFound();
      throw error;
    }
    const now = this.clock.now();
    if (section.status === 'draft') throw BidErrors.sectionNotFound();
    if (now.getTime() >= section.bidDeadline.getTime()) throw BidErrors.deadlinePassed(section.bidDeadline);
    this.assertTakesBids(section, now);
    return section;
  }

  private assertTakesBids(section: SectionWithProject, at: Date): void {
    if (section.status !== 'published') {
      if (at.getTime() >= section.bidDeadline.getTime() || section.status === 'opening') throw BidErrors.deadlinePassed(section.bidDeadline);
      throw BidErrors.notAcceptingBids(section.status);
    }
    if (section.suspended) throw BidErrors.sectionSuspended();
  }

  private async event(manager: EntityManager, actor: Actor, bid: Bid, kind: BidEvent['kind'], at: Date, data: Record<string, unknown>): Promise<void> {
    const event: BidEvent = Object.assign(new BidEvent(), {
      id: randomUUID(),
      sectionId: bid.sectionId,
      bidId: bid.id,
      kind,
      at,
      accountId: actor.accountId,
      organisationId: actor.organisationId,
      role: actor.role,
      ip: actor.ip,
      data,
    });
    // jsonb column: TypeORM's deep-partial type does not fit Record<string, unknown>
    await manager.insert(BidEvent, event as unknown as QueryDeepPartialEntity<BidEvent>);
  }

  /** The refusal the bidder should see for an upload that did not store: the deadline, R14, or the documents' own. */
  private uploadRefusal(error: unknown, guard: DeadlineGuard, inspectionError: unknown): unknown {
    if (guard.failure) return guard.failure;
    if (isSealingError(inspectionError)) return BidErrors.notSealed(inspectionError.code, inspectionError.message);
    if (error instanceof DomainError) return error;
    return error ?? new Error('the bid was not stored');
  }

  private async discard(document: Document): Promise<void> {
    try {
      await this.documents.remove(document);
    } catch (error) {
      this.logger.warn(`could not remove the unrecorded bid document ${document.id}: ${(error as Error).message}`);
    }
  }
}


import { EntityManager } from 'typeorm';
import { Actor, apiTime } from '@app/core';
import { SectionWithProject } from '@app/announcements';
import { BidErrors } from '../bids.errors';
import { Bid } from '../entities/bid.entity';
import { OpeningObjection } from '../entities/opening-objection.entity';
import { RecordBid } from './opening-record';

/**
 * What the opening, its close and its objections share (BidOpeningService, OpeningCloseService,
 * OpeningObjectionsService).
 */

/** Statuses of the bids an opening deals with: the ones that counted at 截止. */
export const AT_OPENING: Bid['status'][] = ['received', 'decrypted', 'decryption_failed'];

export interface ObjectionView {
  id: string;
  bidderName: string;
  raisedAt: string;
  text: string;
  answer: string | null;
  answeredAt: string | null;
}

/** The names of the bidders of a section, by organisation. */
export async function bidderNames(manager: EntityManager, sectionId: string): Promise<Map<string, string>> {
  const bids = await manager.find(Bid, { where: { sectionId }, select: { bidderOrgId: true, bidderName: true } });
  return new Map(bids.map((b) => [b.bidderOrgId, b.bidderName]));
}

export function recordBid(bid: Bid): RecordBid {
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

export function objectionView(o: OpeningObjection, bidderName: string): ObjectionView {
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

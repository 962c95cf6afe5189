import {
  ComputedDate,
  parseYuan,
  periodEnd,
  ProcedureType,
  ruleDeadline,
  ruleMinimum,
  rulesFor,
  WorkingDayCalendar,
} from '@app/core';
import { AwardErrors } from '../awards.errors';

/**
 * The award rules of docs/rules.md (R20–R26) as plain functions over the rules table and the working-day
 * calendar: no database, no clock. The service calls them at each step; the unit tests call them with fixed dates.
 * Each throws the refusal (a DomainError with the rule id and the date that would pass) or returns what it computed.
 */

/** A bid that counted at the opening, as the evaluation sees it. */
export interface BidAtOpening {
  bidId: string;
  opened: boolean;
  bidPrice: string | null;
}

export interface CandidateInput {
  bidId: string;
  rank: number;
  /** Optional: when given it must equal the price read out at the opening (never retyped). */
  bidPrice?: string;
}

/**
 * R20: at most N candidates (construction: 3), ranked 1..k, each a bid that was opened and decrypted, each with
 * the opening's price; every other bid gets a reason (decryption failures have one by default).
 */
export function checkEvaluation(
  procedure: ProcedureType,
  bids: readonly BidAtOpening[],
  candidates: readonly CandidateInput[],
  reasons: ReadonlyMap<string, string>,
): void {
  const rule = rulesFor(procedure).R20;
  if (candidates.length === 0) throw AwardErrors.noCandidates();
  if (rule && candidates.length > rule.n) throw AwardErrors.tooManyCandidates(candidates.length, rule.n);
  const ranks = candidates.map((c) => c.rank).sort((a, b) => a - b);
  if (ranks.some((r, i) => r !== i + 1)) throw AwardErrors.ranksNotConsecutive(candidates.map((c) => c.rank));
  const byId = new Map(bids.map((b) => [b.bidId, b]));
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.bidId)) throw AwardErrors.duplicateBid(c.bidId);
    seen.add(c.bidId);
    const bid = byId.get(c.bidId);
    if (!bid || !bid.opened) throw AwardErrors.notOpenedBid(c.bidId);
    if (c.bidPrice !== undefined && !samePrice(c.bidPrice, bid.bidPrice)) throw AwardErrors.priceDiffers(c.bidId, c.bidPrice, bid.bidPrice);
  }
  for (const id of reasons.keys()) {
    if (!byId.has(id)) throw AwardErrors.unknownBid(id);
    if (seen.has(id)) throw AwardErrors.duplicateBid(id);
  }
  const missing = bids.filter((b) => !seen.has(b.bidId) && b.opened && !reasons.get(b.bidId)?.trim()).map((b) => b.bidId);
  if (missing.length) throw AwardErrors.reasonMissing(missing);
}

function samePrice(given: string, read: string | null): boolean {
  if (read === null) return false;
  try {
    return parseYuan(given) === parseYuan(read);
  } catch {
    return false;
  }
}

/** R21: the last instant the candidate publicity may be published (end of the 3rd day after the report). */
export function publicityLatest(procedure: ProcedureType, reportedAt: Date, cal: WorkingDayCalendar): ComputedDate | null {
  const rule = rulesFor(procedure).R21;
  return rule ? ruleDeadline(rule, reportedAt, cal) : null;
}

/** R21 and R22 for a publicity published at `publishAt`, running from `start` to `end`. */
export function checkPublicity(procedure: ProcedureType, reportedAt: Date, publishAt: Date, start: Date, end: Date, cal: WorkingDayCalendar): void {
  const r21 = rulesFor(procedure).R21;
  const r22 = rulesFor(procedure).R22;
  if (!r21 || !r22) throw AwardErrors.wrongProcedure(procedure);
  const latest = ruleDeadline(r21, reportedAt, cal);
  if (publishAt.getTime() >= latest.at.getTime()) throw AwardErrors.publicityTooLate(latest);
  const minimum = ruleMinimum(r22, start, end, cal);
  if (!minimum.ok) throw AwardErrors.publicityTooShort(minimum.earliest);
}

/**
 * R23 (government): the result announced within 2 working days of the decision, shown at least 1 working day.
 * Returns the display end to use (the given one, or the earliest allowed end of day).
 */
export function checkResultAnnouncement(
  procedure: ProcedureType,
  decidedAt: Date,
  publishAt: Date,
  displayUntil: Date | undefined,
  cal: WorkingDayCalendar,
): Date | null {
  const rule = rulesFor(procedure).R23;
  if (!rule) return displayUntil ?? null;
  const latest = periodEnd(decidedAt, rule.within.n, rule.within.unit, cal);
  const cited = { ...latest, basis: `R23 (${rule.source}): ${latest.basis}` };
  if (publishAt.getTime() >= latest.at.getTime()) throw AwardErrors.resultTooLate(cited);
  const shortest = periodEnd(publishAt, rule.minDisplay.n, rule.minDisplay.unit, cal);
  if (displayUntil === undefined) return shortest.at;
  if (displayUntil.getTime() < shortest.at.getTime()) throw AwardErrors.resultTooShort({ ...shortest, basis: `R23 (${rule.source}): ${shortest.basis}` });
  return displayUntil;
}

/** R23 (government): the last instant the result may be announced after the decision; null for construction. */
export function resultAnnounceBy(procedure: ProcedureType, decidedAt: Date, cal: WorkingDayCalendar): ComputedDate | null {
  const rule = rulesFor(procedure).R23;
  if (!rule) return null;
  const latest = periodEnd(decidedAt, rule.within.n, rule.within.unit, cal);
  return { ...latest, basis: `R23 (${rule.source}): ${latest.basis}` };
}

/** R24: the contract within 30 days of the award notice (the last day moved past a weekend or holiday, R2). */
export function contractDue(procedure: ProcedureType, awardedAt: Date, cal: WorkingDayCalendar): ComputedDate {
  return ruleDeadline(rulesFor(procedure).R24, awardedAt, cal);
}

/** R25 (construction): the report to the supervising department within 15 days of the award; null for government. */
export function supervisorReportDue(procedure: ProcedureType, awardedAt: Date, cal: WorkingDayCalendar): ComputedDate | null {
  const rule = rulesFor(procedure).R25;
  return rule ? ruleDeadline(rule, awardedAt, cal) : null;
}

/** Whether a due instant has passed at `now` (the period ends at 24:00 of its last day: that instant is late). */
export function isOverdue(due: Date, now: Date): boolean {
  return now.getTime() >= due.getTime();
}

export interface Addressee {
  bidId: string;
  kind: 'award' | 'result';
}

/** R26: the winner gets the award notice (中标通知书), every other bidder that submitted a result notice. */
export function noticeAddressees(winnerBidId: string, bids: readonly { bidId: string }[]): Addressee[] {
  if (!bids.some((b) => b.bidId === winnerBidId)) throw new Error('the winner is not among the bids');
  return bids.map((b) => ({ bidId: b.bidId, kind: b.bidId === winnerBidId ? 'award' : 'result' }));
}

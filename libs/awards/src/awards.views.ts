import { apiTime, ProcedureType, WorkingDayCalendar } from '@app/core';
import type { SectionWithProject } from '@app/announcements';
import { publicityLatest, resultAnnounceBy } from './domain/award-rules';
import type {
  DecisionResponse,
  EvaluationResponse,
  NoticeResponse,
  PublicPublicityResponse,
  PublicResultResponse,
} from './awards.dto';
import type { Award } from './entities/award.entity';
import type { AwardEvaluation, EvaluationCandidate, EvaluationOther } from './entities/award-evaluation.entity';
import type { AwardNotice } from './entities/award-notice.entity';
import type { AwardPublicity } from './entities/award-publicity.entity';

const candidate = (c: EvaluationCandidate) => ({ rank: c.rank, bidId: c.bidId, bidderName: c.bidderName, bidderCode: c.bidderCode, bidPrice: c.bidPrice, score: c.score, reasons: c.reasons });
const other = (o: EvaluationOther) => ({ bidId: o.bidId, bidderName: o.bidderName, bidderCode: o.bidderCode, bidPrice: o.bidPrice, reason: o.reason });

export function evaluationView(e: AwardEvaluation, procedure: ProcedureType, cal: WorkingDayCalendar): EvaluationResponse {
  const latest = publicityLatest(procedure, e.reportedAt, cal);
  return {
    id: e.id,
    sectionId: e.sectionId,
    version: e.version,
    status: e.status,
    reportDocumentId: e.reportDocumentId,
    reportName: e.reportName,
    reportSha256: e.reportSha256,
    reportedAt: apiTime(e.reportedAt),
    publishCandidatesBy: latest ? apiTime(latest.at) : null,
    committee: e.committee,
    candidates: e.candidates.map(candidate),
    unsuccessful: e.others.map(other),
    recordedAt: apiTime(e.recordedAt),
  };
}

export function publicityView(p: AwardPublicity, section: SectionWithProject): PublicPublicityResponse {
  return {
    id: p.id,
    number: p.number,
    status: p.status,
    bidSectionCode: section.code,
    projectName: section.project.name,
    sectionName: section.name,
    publishedAt: apiTime(p.publishedAt),
    start: apiTime(p.startAt),
    end: apiTime(p.endAt),
    objectionMethod: p.objectionMethod,
    suspended: p.status === 'published' && section.suspended,
    candidates: p.candidates.map(candidate),
    others: p.others.map(other),
  };
}

export function decisionView(a: Award, procedure: ProcedureType, cal: WorkingDayCalendar): DecisionResponse {
  const announceBy = a.resultPublishedAt ? null : resultAnnounceBy(procedure, a.decidedAt, cal);
  return {
    sectionId: a.sectionId,
    winnerRank: a.winnerRank,
    winnerName: a.winnerName,
    winnerCode: a.winnerCode,
    bidAmount: a.winnerPrice,
    rankReason: a.rankReason,
    decidedAt: apiTime(a.decidedAt),
    announceBy: announceBy ? apiTime(announceBy.at) : null,
    resultPublishedAt: apiTime(a.resultPublishedAt),
    resultDisplayUntil: apiTime(a.resultDisplayUntil),
    contractDueAt: apiTime(a.contractDueAt),
    contractDueBasis: a.contractDueBasis,
    reportDueAt: apiTime(a.reportDueAt),
    contractSignedAt: apiTime(a.contractSignedAt),
    contractAmount: a.contractAmount,
    reportSubmittedAt: apiTime(a.reportSubmittedAt),
  };
}

export function noticeView(n: AwardNotice): NoticeResponse {
  return {
    id: n.id,
    sectionId: n.sectionId,
    kind: n.kind,
    number: n.number,
    bidderName: n.bidderName,
    bidderCode: n.bidderCode,
    issuedAt: apiTime(n.issuedAt),
    sha256: n.sha256,
    size: n.size,
    payload: n.payload,
    signature: n.signature,
    keyId: n.keyId,
    pdf: `/api/awards/notices/${n.id}/pdf`,
  };
}

export function publicResultView(section: SectionWithProject, a: Award): PublicResultResponse {
  return {
    sectionId: section.id,
    bidSectionCode: section.code,
    projectName: section.project.name,
    sectionName: section.name,
    winnerName: a.winnerName,
    winnerCode: a.winnerCode,
    bidAmount: a.winnerPrice,
    publishedAt: apiTime(a.resultPublishedAt!),
    displayUntil: apiTime(a.resultDisplayUntil),
  };
}

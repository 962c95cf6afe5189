import { formatShanghai } from '@app/core';
import type { NoticeRecord, TenderProjectRecord } from '@app/exchange';
import type { Notice, NoticeAttachment } from '../notices/notice.entity';
import type { TenderProject } from '../projects/tender-project.entity';
import type { TenderSection } from '../sections/tender-section.entity';

/**
 * The records this module sends upstream (docs/provincial-api.md, GCJS_TENDER_PROJECT and GCJS_NOTICE): amounts as
 * decimal strings with two decimals, times ISO 8601 with +08:00. Pure functions of the rows.
 */

export interface OrganisationRef {
  name: string;
  uscc: string;
}

export function tenderProjectRecord(
  project: TenderProject,
  sections: readonly TenderSection[],
  tenderer: OrganisationRef,
  agency: OrganisationRef | null,
): TenderProjectRecord & Record<string, unknown> {
  return {
    tenderProjectCode: project.code,
    tenderProjectName: project.name,
    procedureType: project.procedureType,
    tendererName: tenderer.name,
    tendererCode: tenderer.uscc,
    agencyName: agency?.name ?? null,
    regionCode: project.regionCode,
    sections: sections.map((s) => ({ bidSectionCode: s.code, bidSectionName: s.name, estimatedPrice: s.estimatedPrice })),
    // extra fields (allowed upstream): what the platform also knows of the project and its sections
    fundingSource: project.fundingSource,
    agencyCode: agency?.uscc ?? null,
    sectionDetails: sections.map((s) => ({
      bidSectionCode: s.code,
      bidSecurity: s.bidSecurity,
      bidDeadline: formatShanghai(s.bidDeadline),
      status: s.status,
    })),
  };
}

/**
 * A notice as GCJS_NOTICE. The data set wants one set of document and deadline times per notice: they are the
 * times of its first section (by number) as they stand after the notice took effect; a notice that issues no
 * documents (a consultation before the tender notice) reports its publication and the planned 截止.
 */
export function noticeRecord(input: {
  notice: Notice;
  sections: readonly TenderSection[];
  attachments: readonly NoticeAttachment[];
  relatedCode: string | null;
  firstCode: string;
  status: 'published' | 'withdrawn';
}): NoticeRecord & Record<string, unknown> {
  const { notice, attachments } = input;
  const sections = [...input.sections].sort((a, b) => a.number - b.number);
  const first = sections[0];
  const publishedAt = notice.publishedAt ?? new Date(0);
  return {
    noticeId: notice.code,
    // only the drafted types are sent as GCJS_NOTICE; the awards module's notices go as their own data sets
    bulletinType: notice.type as NoticeRecord['bulletinType'],
    noticeTitle: notice.title,
    noticeContent: notice.content,
    bidSectionCodes: sections.map((s) => s.code),
    docGetStartTime: formatShanghai(first.documentsIssuedAt ?? publishedAt),
    docGetEndTime: formatShanghai(first.documentsUntil ?? first.bidDeadline),
    bidDeadline: formatShanghai(first.bidDeadline),
    bidOpenTime: formatShanghai(first.openingTime),
    publishTime: formatShanghai(publishedAt),
    relatedNoticeId: input.relatedCode,
    firstNoticeId: input.firstCode,
    attachments: [...attachments]
      .sort((a, b) => a.position - b.position)
      .map((a) => ({ name: a.name, sha256: a.sha256, size: a.size })),
    // extra fields (allowed upstream)
    noticeStatus: input.status,
    changeKind: notice.changeKind,
    sectionDeadlines: sections.map((s) => ({ bidSectionCode: s.code, bidDeadline: formatShanghai(s.bidDeadline), status: s.status })),
    ...(notice.status === 'withdrawn' || input.status === 'withdrawn'
      ? { withdrawTime: notice.withdrawnAt ? formatShanghai(notice.withdrawnAt) : null, withdrawReason: notice.withdrawReason }
      : {}),
    ...(notice.type === 'consultation' && notice.commentPeriodEnd ? { commentPeriodEnd: formatShanghai(notice.commentPeriodEnd) } : {}),
    ...(notice.type === 'termination' && first.refundDueAt ? { refundDueTime: formatShanghai(first.refundDueAt) } : {}),
  };
}

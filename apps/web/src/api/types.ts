import type { components } from './schema';

/**
 * The answers the pages read, named after the generated OpenAPI types (schema.d.ts, `npm run api:types`): a
 * changed DTO on the server breaks `npm run typecheck` here.
 */
type Schemas = components['schemas'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type NoticeListItem = Schemas['PublicNoticeItemDto'];
export type NoticeType = NoticeListItem['type'];
export type NoticeDetail = Schemas['PublicNoticeDto'];
export type NoticeRef = Schemas['PublicNoticeRefDto'];
export type NoticeAttachment = Schemas['PublicAttachmentDto'];
export type OwnBid = Schemas['OwnBidDto'];
export type SignedReceipt = OwnBid['receipt'];
export type OpeningView = Schemas['OpeningDto'];
export type Me = Schemas['MeDto'];
export type InboxItem = Schemas['InboxMessageDto'];
export type Question = Schemas['QuestionDto'];
export type DisclosureStatistics = Schemas['DisclosureStatisticsDto'];
export type ContentPage = Schemas['ContentPageDto'];
export type ContentPageSummary = Schemas['ContentPageSummaryDto'];
export type CaseDetail = Schemas['CaseDetailDto'];
export type AuditEntry = Schemas['AuditEntryDto'];
export type AuditVerification = Schemas['AuditVerificationDto'];

/**
 * Answer bodies the OpenAPI document does not type yet (routes without an @ApiOkResponse DTO): written from the
 * services' return types. When a route gains its DTO, `npm run api:types` types it and this shape can go.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type NoticeType = 'tender' | 'consultation' | 'supplement' | 'termination';

export interface NoticeListItem {
  id: string;
  code: string;
  type: NoticeType;
  typeName: string;
  changeKind: string | null;
  status: string;
  title: string;
  projectName: string;
  procedureType: string;
  regionCode: string;
  publishedAt: string;
}

export interface NoticeRef {
  id: string;
  code: string;
  title: string;
  type: NoticeType;
}

export interface NoticeSection {
  id: string;
  code: string;
  name: string;
  status: string;
  estimatedPrice: string | null;
  bidSecurity: string | null;
  bidDeadline: string | null;
  openingTime: string | null;
  documentsUntil: string | null;
  refundDueAt: string | null;
}

export interface NoticeAttachment {
  documentId: string;
  kind: 'attachment' | 'tender-document';
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  href: string;
  requiresAccount: boolean;
}

export interface NoticeDetail {
  id: string;
  code: string;
  type: NoticeType;
  typeName?: string;
  changeKind: string | null;
  status: string;
  title: string;
  content: string;
  publishedAt: string | null;
  supersededAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  relatedNotice: NoticeRef | null;
  supersededBy: NoticeRef | null;
  documentsFrom: string | null;
  documentsUntil: string | null;
  noticePeriodEnd: string | null;
  commentPeriodEnd: string | null;
  newBidDeadline: string | null;
  project: {
    code: string;
    name: string;
    procedureType: string;
    regionCode: string;
    fundingSource: string;
    tenderer: { name: string; uscc: string } | null;
    agency: { name: string; uscc: string } | null;
  };
  sections: NoticeSection[];
  attachments: NoticeAttachment[];
}

export interface SignedReceipt {
  algorithm: 'Ed25519';
  keyId: string;
  payload: string;
  signature: string;
}

export interface OwnBid {
  id: string;
  sectionId: string;
  version: number;
  status: string;
  receiptNumber: string;
  receivedAt: string;
  sha256: string;
  size: number;
  keyFingerprint: string;
  bidSecurity: { amount: string; form: string };
  replacedAt: string | null;
  withdrawnAt: string | null;
  receipt: SignedReceipt;
  withdrawalReceipt: SignedReceipt | null;
  decryption: { status: 'decrypted' | 'decryption_failed' | null; error: string | null; attempts: number };
}

export interface ReadOutItem {
  name: string;
  value: string;
}

export interface OpeningView {
  sectionId: string;
  bidSectionCode: string;
  status: string;
  bidOpenTime: string;
  decryptionWindowEnd: string | null;
  bidCount: number;
  bids: {
    bidderName: string;
    bidderCode: string;
    receiptNumber: string;
    receivedAt: string;
    decryption: 'pending' | 'decrypted' | 'decryption_failed' | 'not_opened';
    decryptionError: string | null;
    bidPrice: string | null;
    durationDays: number | null;
    readOutItems: ReadOutItem[];
  }[];
  objections: { bidderName: string; raisedAt: string; text: string; answer: string | null; answeredAt: string | null }[];
  record: { sha256: string; publishedAt: string } | null;
}

export interface Me {
  account: { id: string; username: string; displayName: string; role: string };
  organisation: { id: string; name: string; uscc: string; kind: string };
}

export interface InboxItem {
  id: string;
  kind?: string;
  title?: string;
  body?: string;
  sectionId?: string;
  noticeId?: string;
  createdAt?: string;
  readAt?: string | null;
  [extra: string]: unknown;
}

export interface Question {
  id: string;
  sectionId: string;
  text: string;
  askedAt: string;
  answer: string | null;
  answerNoticeId: string | null;
  answeredAt: string | null;
  mine: boolean;
}

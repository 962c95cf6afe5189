import type { DatasetCode } from './exchange.constants';

/** An amount in yuan (元) as a decimal string with two decimals: "1234567.80". */
export type AmountString = string;
/** ISO 8601 with an explicit offset: "2026-11-25T09:30:00+08:00". */
export type DateTimeString = string;

export interface TenderProjectRecord {
  tenderProjectCode: string;
  tenderProjectName: string;
  procedureType: 'construction' | 'government';
  tendererName: string;
  /** 统一社会信用代码 */
  tendererCode: string;
  agencyName?: string | null;
  /** GB/T 2260, 6 digits */
  regionCode: string;
  sections: { bidSectionCode: string; bidSectionName: string; estimatedPrice: AmountString }[];
}

export interface NoticeRecord {
  noticeId: string;
  bulletinType: 'tender' | 'consultation' | 'supplement' | 'termination';
  noticeTitle: string;
  noticeContent: string;
  bidSectionCodes: string[];
  docGetStartTime: DateTimeString;
  docGetEndTime: DateTimeString;
  bidDeadline: DateTimeString;
  bidOpenTime: DateTimeString;
  publishTime: DateTimeString;
  /** Required for a supplement or termination: the notice it changes. */
  relatedNoticeId?: string | null;
  firstNoticeId: string;
  attachments: { name: string; sha256: string; size: number }[];
}

export interface TenderListRecord {
  bidSectionCode: string;
  bidDeadline: DateTimeString;
  bids: { bidderName: string; bidderCode: string; receiptNumber: string; checkInTime: DateTimeString; sha256: string }[];
}

export interface OpeningRecordRecord {
  bidSectionCode: string;
  bidOpenTime: DateTimeString;
  result: 'opened' | 'failed';
  bids: {
    bidderName: string;
    bidderCode: string;
    bidPrice?: AmountString | null;
    /** 工期: calendar days, or the text read out. */
    duration?: number | string | null;
    decrypted: boolean;
  }[];
}

export interface WinCandidateRecord {
  bidSectionCode: string;
  publicityStart: DateTimeString;
  publicityEnd: DateTimeString;
  objectionMethod: string;
  candidates: { rank: number; bidderName: string; bidderCode: string; bidPrice: AmountString; score?: number | string | null }[];
}

export interface ResultNoticeRecord {
  bidSectionCode: string;
  winnerName: string;
  winnerCode: string;
  bidAmount: AmountString;
  noticeTime: DateTimeString;
}

export interface ComplaintRecord {
  caseNumber: string;
  kind: 'objection' | 'complaint';
  bidSectionCode?: string | null;
  status: 'submitted' | 'accepted' | 'rejected' | 'answered' | 'decided' | 'closed';
  acceptedAt?: DateTimeString | null;
  promisedBy?: DateTimeString | null;
  decidedAt?: DateTimeString | null;
  resultSummary?: string | null;
}

export interface DatasetRecordMap {
  GCJS_TENDER_PROJECT: TenderProjectRecord;
  GCJS_NOTICE: NoticeRecord;
  GCJS_TENDER_LIST: TenderListRecord;
  GCJS_OPENING_RECORD: OpeningRecordRecord;
  GCJS_WIN_CANDIDATE: WinCandidateRecord;
  GCJS_RESULT_NOTICE: ResultNoticeRecord;
  GCJS_COMPLAINT: ComplaintRecord;
}

/** The body of `POST /v1/exchange/records`. Unknown extra fields are allowed on the wire. */
export interface ExchangeEnvelope<D extends DatasetCode = DatasetCode> {
  specVersion: '1.0';
  /** `{platformCode}-{YYYYMMDD}-{n:6}`; the same record resent carries the same serialNumber and bytes. */
  serialNumber: string;
  datasetCode: D;
  /** 交易平台标识码 */
  platformCode: string;
  tenderProjectCode: string;
  /** 1, 2, 3, … per tender project, in commit order, no gaps. */
  sequence: number;
  /** When the change was committed on the municipal platform. */
  dataTimestamp: DateTimeString;
  record: DatasetRecordMap[D];
}

export type ExchangeAcceptedResponse = { success: true; receiveTime: DateTimeString; duplicate: boolean };
export type ExchangeErrorResponse = {
  success: false;
  errorCode: string;
  errorMessage?: string;
  errors?: { path: string; message: string }[];
};
export interface ReconciliationResponse {
  tenderProjectCode: string;
  received: number;
  maxContiguousSequence: number;
  missing: number[];
  /** Present and true when `missing` was cut to its first entries. */
  missingTruncated?: boolean;
}

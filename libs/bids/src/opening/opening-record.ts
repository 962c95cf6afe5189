/**
 * The opening record (开标记录, R18): what the opening read out of every bid that counted at 截止, published
 * and archived as canonical JSON with its SHA-256 (R37). Plain functions, so the record and the upstream
 * records (GCJS_TENDER_LIST, GCJS_OPENING_RECORD) can be checked without a database.
 */
import { formatShanghai } from '@app/core';
import type { ReadOutItem } from '@app/sealing';
import { canonicalJson } from '../receipts/receipt-format';
import { DECRYPTION_ERROR_TEXT, DecryptionError } from '../domain/opening-rules';
import { createHash } from 'node:crypto';

export const OPENING_RECORD_FORMAT = 'etendering-opening-record/v1';

export interface OpeningRecordBid {
  /** 1, 2, …: in the order the bids were received */
  order: number;
  bidderName: string;
  bidderCode: string;
  receiptNumber: string;
  receivedAt: string;
  sha256: string;
  size: number;
  keyFingerprint: string;
  bidSecurity: { amount: string; form: string };
  /** 解密状态; `not_opened` when the section failed at 截止 (R17) */
  decryption: 'decrypted' | 'decryption_failed' | 'not_opened';
  decryptionError: DecryptionError | null;
  decryptionErrorText: { zh: string; en: string } | null;
  /** 投标报价 (yuan, two decimals), 工期 (days) and the other read-out items: only for a decrypted bid */
  bidPrice: string | null;
  durationDays: number | null;
  readOutItems: ReadOutItem[];
}

export interface OpeningRecordObjection {
  bidderName: string;
  raisedAt: string;
  text: string;
  answer: string | null;
  answeredAt: string | null;
}

export interface OpeningRecord {
  format: typeof OPENING_RECORD_FORMAT;
  platformCode: string;
  tenderProjectCode: string;
  tenderProjectName: string;
  procedureType: string;
  bidSectionCode: string;
  bidSectionName: string;
  sectionId: string;
  /** 投标截止 = 开标时间 */
  bidDeadline: string;
  bidOpenTime: string;
  /** opened 已开标 | failed 流标 */
  result: 'opened' | 'failed';
  failure: { rule: string; code: string; minimumBids: number; bidsReceived: number; zh: string; en: string } | null;
  decryptionWindowEnd: string | null;
  closedAt: string;
  closeReason: 'all_settled' | 'window_ended' | 'too_few_bids';
  summary: { bids: number; decrypted: number; decryptionFailed: number };
  bids: OpeningRecordBid[];
  objections: OpeningRecordObjection[];
}

export interface RecordSection {
  id: string;
  code: string;
  name: string;
  bidDeadline: Date;
  openingTime: Date;
  project: { code: string; name: string; procedureType: string };
}

export interface RecordBid {
  bidderName: string;
  bidderCode: string;
  receiptNumber: string;
  receivedAt: Date;
  sha256: string;
  size: number;
  keyFingerprint: string;
  securityAmount: string;
  securityForm: string;
  status: string;
  decryptionError: DecryptionError | null;
  bidPrice: string | null;
  durationDays: number | null;
  readOutItems: ReadOutItem[] | null;
}

export interface RecordObjection {
  bidderName: string;
  raisedAt: Date;
  text: string;
  answer: string | null;
  answeredAt: Date | null;
}

const time = (d: Date) => formatShanghai(d, { milliseconds: true });

export function buildOpeningRecord(input: {
  platformCode: string;
  section: RecordSection;
  bids: readonly RecordBid[];
  objections: readonly RecordObjection[];
  result: 'opened' | 'failed';
  minimumBids: number;
  decryptionWindowEnd: Date | null;
  closedAt: Date;
  closeReason: OpeningRecord['closeReason'];
}): OpeningRecord {
  const { section } = input;
  const bids = [...input.bids]
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.receiptNumber.localeCompare(b.receiptNumber))
    .map((bid, i): OpeningRecordBid => {
      const decrypted = bid.status === 'decrypted';
      const opened = input.result === 'opened';
      const error = decrypted || !opened ? null : (bid.decryptionError ?? 'KEY_NOT_SUBMITTED');
      return {
        order: i + 1,
        bidderName: bid.bidderName,
        bidderCode: bid.bidderCode,
        receiptNumber: bid.receiptNumber,
        receivedAt: time(bid.receivedAt),
        sha256: bid.sha256,
        size: bid.size,
        keyFingerprint: bid.keyFingerprint,
        bidSecurity: { amount: bid.securityAmount, form: bid.securityForm },
        decryption: !opened ? 'not_opened' : decrypted ? 'decrypted' : 'decryption_failed',
        decryptionError: error,
        decryptionErrorText: error ? DECRYPTION_ERROR_TEXT[error] : null,
        bidPrice: decrypted ? bid.bidPrice : null,
        durationDays: decrypted ? bid.durationDays : null,
        readOutItems: decrypted ? (bid.readOutItems ?? []) : [],
      };
    });
  const decrypted = bids.filter((b) => b.decryption === 'decrypted').length;
  return {
    format: OPENING_RECORD_FORMAT,
    platformCode: input.platformCode,
    tenderProjectCode: section.project.code,
    tenderProjectName: section.project.name,
    procedureType: section.project.procedureType,
    bidSectionCode: section.code,
    bidSectionName: section.name,
    sectionId: section.id,
    bidDeadline: time(section.bidDeadline),
    bidOpenTime: time(section.openingTime),
    result: input.result,
    failure:
      input.result === 'failed'
        ? {
            rule: 'R17',
            code: 'R17_TOO_FEW_BIDS',
            minimumBids: input.minimumBids,
            bidsReceived: bids.length,
            zh: `投标截止时递交投标文件的投标人少于${input.minimumBids}个（${bids.length}个），不得开标，本标段流标`,
            en: `Fewer than ${input.minimumBids} bids at the deadline (${bids.length}): no opening, the section fails`,
          }
        : null,
    decryptionWindowEnd: input.decryptionWindowEnd ? time(input.decryptionWindowEnd) : null,
    closedAt: time(input.closedAt),
    closeReason: input.closeReason,
    summary: { bids: bids.length, decrypted, decryptionFailed: bids.filter((b) => b.decryption === 'decryption_failed').length },
    bids,
    objections: input.objections.map((o) => ({
      bidderName: o.bidderName,
      raisedAt: time(o.raisedAt),
      text: o.text,
      answer: o.answer,
      answeredAt: o.answeredAt ? time(o.answeredAt) : null,
    })),
  };
}

/** The archived bytes of a record and their SHA-256 (R37). */
export function archiveOf(record: OpeningRecord): { text: string; sha256: string } {
  const text = canonicalJson(record);
  return { text, sha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}

/** GCJS_TENDER_LIST: at 截止, the bids that count (never earlier). */
export function tenderListRecord(section: RecordSection, bids: readonly RecordBid[]): object {
  return {
    bidSectionCode: section.code,
    bidDeadline: time(section.bidDeadline),
    bids: [...bids]
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.receiptNumber.localeCompare(b.receiptNumber))
      .map((b) => ({
        bidderName: b.bidderName,
        bidderCode: b.bidderCode,
        receiptNumber: b.receiptNumber,
        checkInTime: time(b.receivedAt),
        sha256: b.sha256,
      })),
  };
}

/** GCJS_OPENING_RECORD: at the end of the opening, or at the failure at 截止. */
export function openingDatasetRecord(record: OpeningRecord): object {
  return {
    bidSectionCode: record.bidSectionCode,
    bidOpenTime: record.bidOpenTime,
    result: record.result,
    bids: record.bids.map((b) => ({
      bidderName: b.bidderName,
      bidderCode: b.bidderCode,
      bidPrice: b.bidPrice,
      duration: b.durationDays,
      decrypted: b.decryption === 'decrypted',
    })),
    ...(record.failure ? { failureReason: record.failure.code } : {}),
  };
}

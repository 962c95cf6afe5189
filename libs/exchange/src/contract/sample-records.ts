import type { DatasetCode } from './exchange.constants';
import type { DatasetRecordMap, ExchangeEnvelope } from './exchange-envelope.types';

/**
 * One valid record of each data set, for tests and demonstrations (not production data).
 * The codes are well-formed but belong to nobody.
 */
export const SAMPLE_RECORDS: { [D in DatasetCode]: DatasetRecordMap[D] } = {
  GCJS_TENDER_PROJECT: {
    tenderProjectCode: 'E2104000001-2026-00042',
    tenderProjectName: '滨河路桥梁改造工程',
    procedureType: 'construction',
    tendererName: '某市城市建设投资有限公司',
    tendererCode: '91210100MA0XK1234Y',
    agencyName: '某工程咨询有限公司',
    regionCode: '210100',
    sections: [{ bidSectionCode: 'E2104000001-2026-00042-001', bidSectionName: '一标段', estimatedPrice: '12500000.00' }],
  },
  GCJS_NOTICE: {
    noticeId: 'N-2026-00107',
    bulletinType: 'tender',
    noticeTitle: '滨河路桥梁改造工程招标公告',
    noticeContent: '一、招标条件 …',
    bidSectionCodes: ['E2104000001-2026-00042-001'],
    docGetStartTime: '2026-11-25T09:00:00+08:00',
    docGetEndTime: '2026-11-30T17:00:00+08:00',
    bidDeadline: '2026-12-16T09:30:00+08:00',
    bidOpenTime: '2026-12-16T09:30:00+08:00',
    publishTime: '2026-11-25T09:00:00+08:00',
    relatedNoticeId: null,
    firstNoticeId: 'N-2026-00107',
    attachments: [{ name: '招标文件.pdf', sha256: 'a'.repeat(64), size: 1048576 }],
  },
  GCJS_TENDER_LIST: {
    bidSectionCode: 'E2104000001-2026-00042-001',
    bidDeadline: '2026-12-16T09:30:00+08:00',
    bids: [
      {
        bidderName: '甲建设集团有限公司',
        bidderCode: '91210100MA0XK0001A',
        receiptNumber: 'R-20261215-000017',
        checkInTime: '2026-12-15T16:02:11.482+08:00',
        sha256: 'b'.repeat(64),
      },
    ],
  },
  GCJS_OPENING_RECORD: {
    bidSectionCode: 'E2104000001-2026-00042-001',
    bidOpenTime: '2026-12-16T09:30:00+08:00',
    result: 'opened',
    bids: [
      { bidderName: '甲建设集团有限公司', bidderCode: '91210100MA0XK0001A', bidPrice: '11880000.00', duration: 365, decrypted: true },
      { bidderName: '乙路桥工程有限公司', bidderCode: '91210100MA0XK0002B', bidPrice: null, duration: null, decrypted: false },
    ],
  },
  GCJS_WIN_CANDIDATE: {
    bidSectionCode: 'E2104000001-2026-00042-001',
    publicityStart: '2026-12-20T00:00:00+08:00',
    publicityEnd: '2026-12-23T23:59:59+08:00',
    objectionMethod: '通过本平台提出异议',
    candidates: [{ rank: 1, bidderName: '甲建设集团有限公司', bidderCode: '91210100MA0XK0001A', bidPrice: '11880000.00', score: 92.35 }],
  },
  GCJS_RESULT_NOTICE: {
    bidSectionCode: 'E2104000001-2026-00042-001',
    winnerName: '甲建设集团有限公司',
    winnerCode: '91210100MA0XK0001A',
    bidAmount: '11880000.00',
    noticeTime: '2026-12-25T10:00:00+08:00',
  },
  GCJS_COMPLAINT: {
    caseNumber: 'YY-2026-0003',
    kind: 'objection',
    bidSectionCode: 'E2104000001-2026-00042-001',
    status: 'accepted',
    acceptedAt: '2026-12-21T10:00:00+08:00',
    promisedBy: '2026-12-24T23:59:59+08:00',
    decidedAt: null,
    resultSummary: null,
  },
};

/** A valid envelope around the sample record of `datasetCode`; `overrides` replace envelope members. */
export function sampleEnvelope<D extends DatasetCode>(
  datasetCode: D,
  overrides: Partial<ExchangeEnvelope<D>> = {},
): ExchangeEnvelope<D> {
  const tenderProjectCode = overrides.tenderProjectCode ?? 'E2104000001-2026-00042';
  const record = structuredClone(SAMPLE_RECORDS[datasetCode]);
  if (datasetCode === 'GCJS_TENDER_PROJECT') (record as DatasetRecordMap['GCJS_TENDER_PROJECT']).tenderProjectCode = tenderProjectCode;
  return {
    specVersion: '1.0',
    serialNumber: 'E2104000001-20261125-000123',
    datasetCode,
    platformCode: 'E2104000001',
    tenderProjectCode,
    sequence: 1,
    dataTimestamp: '2026-11-25T09:30:00+08:00',
    record,
    ...overrides,
  };
}

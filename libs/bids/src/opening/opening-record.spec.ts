import { createHash } from 'node:crypto';
import { validateEnvelope } from '@app/exchange';
import { archiveOf, buildOpeningRecord, openingDatasetRecord, RecordBid, RecordSection, tenderListRecord } from './opening-record';

const section: RecordSection = {
  id: '00000000-0000-4000-8000-000000000001',
  code: 'E2104000001-2026-00042-001',
  name: '一标段',
  bidDeadline: new Date('2026-12-21T01:30:00Z'),
  openingTime: new Date('2026-12-21T01:30:00Z'),
  project: { code: 'E2104000001-2026-00042', name: '滨河路桥梁改造工程', procedureType: 'construction' },
};

const bid = (n: number, over: Partial<RecordBid> = {}): RecordBid => ({
  bidderName: `投标人${n}`,
  bidderCode: '91210100MA0D000059',
  receiptNumber: `BR20261220-00000000000${n}`,
  receivedAt: new Date(Date.UTC(2026, 11, 20, n)),
  sha256: String(n).repeat(64),
  size: 1000 + n,
  keyFingerprint: 'f'.repeat(64),
  securityAmount: '20000.00',
  securityForm: 'transfer',
  status: 'decrypted',
  decryptionError: null,
  bidPrice: `${n}000000.00`,
  durationDays: 100 + n,
  readOutItems: [{ name: '质量标准', value: '合格' }],
  ...over,
});

function envelope(datasetCode: string, record: object) {
  return {
    specVersion: '1.0',
    serialNumber: 'E2104000001-20261221-000001',
    datasetCode,
    platformCode: 'E2104000001',
    tenderProjectCode: section.project.code,
    sequence: 1,
    dataTimestamp: '2026-12-21T09:30:00.000+08:00',
    record,
  };
}

describe('opening record (开标记录, R18, R37) and its upstream records', () => {
  const bids = [bid(2, { status: 'decryption_failed', decryptionError: 'WRONG_KEY', bidPrice: null, durationDays: null }), bid(1), bid(3, { status: 'received' })];
  const record = buildOpeningRecord({
    platformCode: 'E2104000001',
    section,
    bids,
    objections: [{ bidderName: '投标人1', raisedAt: new Date('2026-12-21T01:40:00Z'), text: '异议', answer: '答复', answeredAt: new Date('2026-12-21T01:45:00Z') }],
    result: 'opened',
    minimumBids: 3,
    decryptionWindowEnd: new Date('2026-12-21T02:30:00Z'),
    closedAt: new Date('2026-12-21T02:30:00Z'),
    closeReason: 'window_ended',
  });

  it('lists every bid in the order received with bidder, price, duration, items and decryption status', () => {
    expect(record.bids.map((b) => [b.order, b.bidderName, b.decryption, b.decryptionError, b.bidPrice, b.durationDays])).toEqual([
      [1, '投标人1', 'decrypted', null, '1000000.00', 101],
      [2, '投标人2', 'decryption_failed', 'WRONG_KEY', null, null],
      [3, '投标人3', 'decryption_failed', 'KEY_NOT_SUBMITTED', null, null],
    ]);
    expect(record.bidOpenTime).toBe('2026-12-21T09:30:00.000+08:00');
    expect(record.summary).toEqual({ bids: 3, decrypted: 1, decryptionFailed: 2 });
    expect(record.objections[0]).toMatchObject({ text: '异议', answer: '答复', answeredAt: '2026-12-21T09:45:00.000+08:00' });
  });

  it('is archived as canonical JSON with the SHA-256 of exactly those bytes (R37)', () => {
    const { text, sha256 } = archiveOf(record);
    expect(JSON.parse(text)).toEqual(record);
    expect(sha256).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    expect(archiveOf(JSON.parse(text)).sha256).toBe(sha256);
  });

  it('says why a section failed at 截止 (R17), with no bid opened', () => {
    const failed = buildOpeningRecord({
      platformCode: 'E2104000001',
      section,
      bids: [bid(1, { status: 'received' }), bid(2, { status: 'received' })],
      objections: [],
      result: 'failed',
      minimumBids: 3,
      decryptionWindowEnd: null,
      closedAt: section.bidDeadline,
      closeReason: 'too_few_bids',
    });
    expect(failed.failure).toMatchObject({ rule: 'R17', code: 'R17_TOO_FEW_BIDS', minimumBids: 3, bidsReceived: 2 });
    expect(failed.bids.map((b) => [b.decryption, b.bidPrice])).toEqual([
      ['not_opened', null],
      ['not_opened', null],
    ]);
    expect(validateEnvelope(envelope('GCJS_OPENING_RECORD', openingDatasetRecord(failed)))).toEqual({ ok: true });
  });

  it('GCJS_TENDER_LIST and GCJS_OPENING_RECORD satisfy the provincial schemas', () => {
    const list = tenderListRecord(section, bids);
    expect(validateEnvelope(envelope('GCJS_TENDER_LIST', list))).toEqual({ ok: true });
    expect((list as { bids: { receiptNumber: string }[] }).bids.map((b) => b.receiptNumber)).toEqual([bids[1], bids[0], bids[2]].map((b) => b.receiptNumber));
    const opened = openingDatasetRecord(record);
    expect(validateEnvelope(envelope('GCJS_OPENING_RECORD', opened))).toEqual({ ok: true });
    expect(opened).toMatchObject({ result: 'opened', bids: [{ bidPrice: '1000000.00', duration: 101, decrypted: true }, { decrypted: false }, { decrypted: false }] });
  });
});

import { atLocalTime, BUNDLED_HOLIDAY_CALENDARS, DomainError, localDate, WorkingDayCalendar } from '@app/core';
import {
  BidAtOpening,
  checkEvaluation,
  checkPublicity,
  checkResultAnnouncement,
  contractDue,
  isOverdue,
  noticeAddressees,
  publicityLatest,
  resultAnnounceBy,
  supervisorReportDue,
} from './award-rules';

const cal = new WorkingDayCalendar(BUNDLED_HOLIDAY_CALENDARS);
const at = (date: string, h = 10, m = 0) => atLocalTime(localDate(date), h, m);
const MINUTE = 60_000;

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const bids: BidAtOpening[] = [
  { bidId: 'a', opened: true, bidPrice: '4315000.00' },
  { bidId: 'b', opened: true, bidPrice: '4268800.50' },
  { bidId: 'c', opened: true, bidPrice: '4399000.00' },
  { bidId: 'd', opened: true, bidPrice: '4190000.00' },
  { bidId: 'e', opened: false, bidPrice: null },
];
const reasons = (ids: string[]) => new Map(ids.map((id) => [id, '评分低于候选人']));

describe('award rules (R20–R26)', () => {
  it('R20: construction takes at most 3 ranked candidates; a 4th is refused', () => {
    const three = [
      { bidId: 'b', rank: 1 },
      { bidId: 'a', rank: 2 },
      { bidId: 'c', rank: 3 },
    ];
    expect(() => checkEvaluation('construction', bids, three, reasons(['d']))).not.toThrow();
    const e = refusal(() => checkEvaluation('construction', bids, [...three, { bidId: 'd', rank: 4 }], new Map()));
    expect(e.code).toBe('TOO_MANY_CANDIDATES');
    expect(e.details).toMatchObject({ rule: 'R20', max: 3, given: 4 });
  });

  it('R20: government has no count limit in the table, but ranks must still be 1..k', () => {
    const four = ['b', 'a', 'c', 'd'].map((bidId, i) => ({ bidId, rank: i + 1 }));
    expect(() => checkEvaluation('government', bids, four, new Map())).not.toThrow();
    expect(refusal(() => checkEvaluation('government', bids, [{ bidId: 'b', rank: 2 }], reasons(['a', 'c', 'd']))).code).toBe('CANDIDATE_RANKS_INVALID');
  });

  it('R20: a candidate must be a bid that was opened and decrypted', () => {
    expect(refusal(() => checkEvaluation('construction', bids, [{ bidId: 'e', rank: 1 }], reasons(['a', 'b', 'c', 'd']))).code).toBe('CANDIDATE_NOT_OPENED_BID');
    expect(refusal(() => checkEvaluation('construction', bids, [{ bidId: 'zz', rank: 1 }], reasons(['a', 'b', 'c', 'd']))).code).toBe('CANDIDATE_NOT_OPENED_BID');
  });

  it('R20: a price that differs from the opening record is refused; the same amount written otherwise passes', () => {
    const e = refusal(() => checkEvaluation('construction', bids, [{ bidId: 'b', rank: 1, bidPrice: '4268800.00' }], reasons(['a', 'c', 'd'])));
    expect(e.code).toBe('PRICE_DIFFERS_FROM_OPENING');
    expect(e.details).toMatchObject({ readOut: '4268800.50' });
    expect(() => checkEvaluation('construction', bids, [{ bidId: 'b', rank: 1, bidPrice: '4268800.5' }], reasons(['a', 'c', 'd']))).not.toThrow();
  });

  it('R20: every other opened bid needs a reason (an unopened one has a default)', () => {
    const e = refusal(() => checkEvaluation('construction', bids, [{ bidId: 'b', rank: 1 }], reasons(['a', 'c'])));
    expect(e.code).toBe('EVALUATION_INCOMPLETE');
    expect(e.details).toMatchObject({ bidIds: ['d'] });
  });

  it('R21: the publicity within 3 days of the report: the last minute of the 3rd day passes, the next day is refused', () => {
    const report = at('2026-11-02'); // Monday
    const start = at('2026-11-05', 23, 59);
    expect(() => checkPublicity('construction', report, start, start, at('2026-11-09'), cal)).not.toThrow();
    const late = at('2026-11-06', 0, 0);
    const e = refusal(() => checkPublicity('construction', report, late, late, at('2026-11-10'), cal));
    expect(e.code).toBe('CANDIDATE_PUBLICITY_TOO_LATE');
    expect(e.details).toMatchObject({ rule: 'R21', date: '2026-11-05' });
  });

  it('R21: across a holiday the 3rd day (国庆节) moves to the next working day', () => {
    const report = at('2026-09-28'); // +3 = 10-01, a public holiday → 10-08
    expect(publicityLatest('construction', report, cal)!.date).toBe('2026-10-08');
    const onTime = at('2026-10-08', 9);
    expect(() => checkPublicity('construction', report, onTime, onTime, at('2026-10-12'), cal)).not.toThrow();
    const late = at('2026-10-09', 9);
    expect(refusal(() => checkPublicity('construction', report, late, late, at('2026-10-13'), cal)).code).toBe('CANDIDATE_PUBLICITY_TOO_LATE');
    expect(publicityLatest('government', report, cal)).toBeNull();
  });

  it('R22: the publicity runs at least 3 days: ending one minute short is refused, exactly at the limit passes', () => {
    const start = at('2026-11-02');
    expect(() => checkPublicity('construction', start, start, start, at('2026-11-05', 0, 0), cal)).not.toThrow();
    const e = refusal(() => checkPublicity('construction', start, start, start, new Date(at('2026-11-05', 0, 0).getTime() - MINUTE), cal));
    expect(e.code).toBe('CANDIDATE_PUBLICITY_TOO_SHORT');
    expect(e.details).toMatchObject({ rule: 'R22', date: '2026-11-05' });
  });

  it('R22: across a holiday the earliest end moves past 国庆节; government has no candidate publicity', () => {
    const start = at('2026-09-28');
    expect(refusal(() => checkPublicity('construction', start, start, start, at('2026-10-07', 23, 59), cal)).details).toMatchObject({ date: '2026-10-08' });
    expect(() => checkPublicity('construction', start, start, start, at('2026-10-08', 0, 0), cal)).not.toThrow();
    expect(refusal(() => checkPublicity('government', start, start, start, at('2026-10-08'), cal)).code).toBe('AWARD_WRONG_PROCEDURE');
  });

  it('R23: the result within 2 working days of the decision: the 2nd working day passes, the 3rd is refused', () => {
    const decided = at('2026-11-02'); // Monday
    expect(checkResultAnnouncement('government', decided, at('2026-11-04', 23, 59), undefined, cal)).toEqual(at('2026-11-06', 0, 0));
    const e = refusal(() => checkResultAnnouncement('government', decided, at('2026-11-05', 0, 0), undefined, cal));
    expect(e.code).toBe('RESULT_ANNOUNCEMENT_TOO_LATE');
    expect(e.details).toMatchObject({ rule: 'R23', date: '2026-11-04' });
  });

  it('R23: across a holiday only working days count (国庆节 skipped)', () => {
    const decided = at('2026-09-30'); // Wednesday; 10-01..07 off; 10-08 Thu, 10-09 Fri are the 2 working days
    expect(() => checkResultAnnouncement('government', decided, at('2026-10-09', 17), undefined, cal)).not.toThrow();
    expect(refusal(() => checkResultAnnouncement('government', decided, at('2026-10-10', 9), undefined, cal)).details).toMatchObject({ date: '2026-10-09' });
  });

  it('R23: the instant the result is due by (the staff dashboard) is the instant the refusal starts; construction has none', () => {
    const decided = at('2026-11-02'); // Monday
    const by = resultAnnounceBy('government', decided, cal)!;
    expect(by.at).toEqual(at('2026-11-05', 0, 0));
    expect(by.basis).toMatch(/^R23 /);
    expect(() => checkResultAnnouncement('government', decided, new Date(by.at.getTime() - MINUTE), undefined, cal)).not.toThrow();
    expect(refusal(() => checkResultAnnouncement('government', decided, by.at, undefined, cal)).code).toBe('RESULT_ANNOUNCEMENT_TOO_LATE');
    expect(resultAnnounceBy('government', at('2026-09-30'), cal)!.at).toEqual(at('2026-10-10', 0, 0)); // 国庆节 skipped
    expect(resultAnnounceBy('construction', decided, cal)).toBeNull();
  });

  it('R23: shown at least 1 working day: ending before the end of the next working day is refused', () => {
    const decided = at('2026-11-02');
    const published = at('2026-11-02', 15);
    const e = refusal(() => checkResultAnnouncement('government', decided, published, at('2026-11-03', 23, 59), cal));
    expect(e.code).toBe('RESULT_ANNOUNCEMENT_TOO_SHORT');
    expect(checkResultAnnouncement('government', decided, published, at('2026-11-04', 0, 0), cal)).toEqual(at('2026-11-04', 0, 0));
    // Friday publication: the working day after is Monday
    const friday = at('2026-11-06', 15);
    expect(refusal(() => checkResultAnnouncement('government', friday, friday, at('2026-11-08', 12), cal)).details).toMatchObject({ date: '2026-11-09' });
    // construction: no R23 figure
    expect(checkResultAnnouncement('construction', decided, at('2026-12-30'), undefined, cal)).toBeNull();
  });

  it('R24: the contract within 30 days of the award notice, both procedures: due at 24:00 of the 30th day, overdue from then', () => {
    for (const procedure of ['construction', 'government'] as const) {
      const due = contractDue(procedure, at('2026-11-02'), cal);
      expect(due.date).toBe('2026-12-02');
      expect(isOverdue(due.at, at('2026-12-02', 23, 59))).toBe(false);
      expect(isOverdue(due.at, at('2026-12-03', 0, 0))).toBe(true);
    }
  });

  it('R24: across a holiday the 30th day (国庆节) moves to the next working day', () => {
    const due = contractDue('government', at('2026-09-01'), cal);
    expect(due.date).toBe('2026-10-08');
    expect(due.basis).toMatch(/^R24 /);
    expect(isOverdue(due.at, at('2026-10-05'))).toBe(false);
  });

  it('R25: the supervisor report within 15 days of the award (construction only), moved past a holiday', () => {
    expect(supervisorReportDue('construction', at('2026-11-02'), cal)!.date).toBe('2026-11-17');
    expect(supervisorReportDue('construction', at('2026-09-16'), cal)!.date).toBe('2026-10-08');
    expect(supervisorReportDue('government', at('2026-11-02'), cal)).toBeNull();
  });

  it('R26: the winner gets the award notice, every other bidder that submitted a result notice, each exactly once', () => {
    const list = noticeAddressees('b', bids);
    expect(list).toHaveLength(bids.length);
    expect(list.filter((a) => a.kind === 'award')).toEqual([{ bidId: 'b', kind: 'award' }]);
    expect(new Set(list.map((a) => a.bidId)).size).toBe(bids.length);
    expect(() => noticeAddressees('zz', bids)).toThrow();
  });
});

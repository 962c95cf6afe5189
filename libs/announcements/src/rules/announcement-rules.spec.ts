import { defaultWorkingDayCalendar, formatShanghai, ProcedureType, withOverrides } from '@app/core';
import {
  checkBidSecurity,
  checkComment,
  checkConsultation,
  checkOpeningTime,
  checkSupplement,
  checkTenderNotice,
  refundDue,
  SectionFigures,
  TenderNoticeInput,
} from './announcement-rules';

const cal = defaultWorkingDayCalendar();
const at = (iso: string) => new Date(iso);
// Tuesday 1 December 2026, 10:00 in Shanghai
const PUBLISH = at('2026-12-01T10:00:00+08:00');

function section(bidDeadline: string, over: Partial<SectionFigures> = {}): SectionFigures {
  return { code: 'E2104000001-2026-00001-001', bidDeadline: at(bidDeadline), estimatedPrice: '1000000.00', bidSecurity: '20000.00', ...over };
}

function tender(procedure: ProcedureType, over: Partial<TenderNoticeInput> = {}): TenderNoticeInput {
  return {
    procedure,
    publishAt: PUBLISH,
    documentsFrom: null,
    documentsUntil: at('2026-12-10T17:00:00+08:00'),
    noticePeriodEnd: null,
    sections: [section('2026-12-22T09:30:00+08:00')],
    ...over,
  };
}

const both: ProcedureType[] = ['construction', 'government'];

describe('announcement rules (R5–R11) as plain functions', () => {
  describe.each(both)('%s', (procedure) => {
    it('R5 refuses 截止 one day short of 20 days, naming the earliest day', () => {
      const { violations } = checkTenderNotice(tender(procedure, { sections: [section('2026-12-20T09:30:00+08:00')] }), cal);
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatchObject({ rule: 'R5', code: 'BID_DEADLINE_TOO_EARLY', field: 'bidDeadline', section: 'E2104000001-2026-00001-001' });
      expect(violations[0].earliest?.date).toBe('2026-12-21');
      expect(formatShanghai(violations[0].earliest!.at)).toBe('2026-12-21T00:00:00+08:00');
    });

    it('R5 accepts 截止 exactly 20 days after the documents are issued', () => {
      expect(checkTenderNotice(tender(procedure, { sections: [section('2026-12-21T09:30:00+08:00')] }), cal).violations).toEqual([]);
    });

    it('R5 counts from documentsFrom when the documents come out after the notice', () => {
      const input = tender(procedure, { documentsFrom: at('2026-12-02T09:00:00+08:00'), sections: [section('2026-12-21T09:30:00+08:00')] });
      const { violations, documentsIssuedAt } = checkTenderNotice(input, cal);
      expect(documentsIssuedAt).toEqual(at('2026-12-02T09:00:00+08:00'));
      expect(violations.map((v) => [v.rule, v.earliest?.date])).toEqual([['R5', '2026-12-22']]);
    });

    it('R5 across the year end is provisional while 2027 is not loaded', () => {
      const input = tender(procedure, {
        publishAt: at('2026-12-20T10:00:00+08:00'),
        documentsUntil: at('2026-12-31T17:00:00+08:00'),
        noticePeriodEnd: at('2026-12-31T17:00:00+08:00'),
        sections: [section('2027-01-08T09:30:00+08:00')],
      });
      const v = checkTenderNotice(input, cal).violations.find((x) => x.rule === 'R5')!;
      // 20 days is Saturday 9 January 2027: moved to Monday 11 January (R2), counted provisionally (R3)
      expect(v.earliest).toMatchObject({ date: '2027-01-11', provisional: true, provisionalYears: [2027] });
      expect(v.zh).toContain('暂定');
    });

    it('R9 refuses a bid security one fen above 2% and accepts exactly 2%', () => {
      expect(checkBidSecurity(procedure, '1000000.00', '20000.00')).toBeNull();
      const v = checkBidSecurity(procedure, '1000000.00', '20000.01', 'S-001');
      expect(v).toMatchObject({ rule: 'R9', code: 'BID_SECURITY_TOO_HIGH', limit: '20000.00', section: 'S-001' });
      // the Chinese message cites its law as a Chinese reader does; the English one keeps the table's form
      expect(v!.zh).toMatch(/（(《[^》]+》|财政部令第\d+号)第 [\d、 至]+ 条）/);
      expect(v!.zh).not.toContain('art.');
      expect(v!.en).toContain(`(${v!.source})`);
    });

    it('R9 is checked for every section when the notice is published', () => {
      const input = tender(procedure, { sections: [section('2026-12-22T09:30:00+08:00', { bidSecurity: '20000.01' })] });
      expect(checkTenderNotice(input, cal).violations.map((v) => v.rule)).toEqual(['R9']);
    });

    it('R8 a change affecting bid preparation exactly 15 days before 截止 needs no new 截止', () => {
      const v = checkSupplement(
        {
          procedure,
          publishAt: at('2026-12-10T10:00:00+08:00'),
          affectsBidPreparation: true,
          sections: [{ code: 'S-001', bidDeadline: at('2026-12-25T09:30:00+08:00'), documentsIssuedAt: PUBLISH }],
          newBidDeadline: null,
        },
        cal,
      );
      expect(v).toEqual([]);
    });

    it('R8 a change one day short of 15 days before 截止 is refused without a new 截止', () => {
      const v = checkSupplement(
        {
          procedure,
          publishAt: at('2026-12-10T10:00:00+08:00'),
          affectsBidPreparation: true,
          sections: [{ code: 'S-001', bidDeadline: at('2026-12-24T09:30:00+08:00'), documentsIssuedAt: PUBLISH }],
          newBidDeadline: null,
        },
        cal,
      );
      expect(v).toHaveLength(1);
      expect(v[0]).toMatchObject({ rule: 'R8', code: 'CHANGE_NEEDS_NEW_BID_DEADLINE', field: 'newBidDeadline' });
      expect(v[0].earliest?.date).toBe('2026-12-25');
    });

    it('R8 a new 截止 one day short is refused; exactly 15 days passes', () => {
      const base = {
        procedure,
        publishAt: at('2026-12-10T10:00:00+08:00'),
        affectsBidPreparation: true,
        sections: [{ code: 'S-001', bidDeadline: at('2026-12-21T09:30:00+08:00'), documentsIssuedAt: PUBLISH }],
      };
      const short = checkSupplement({ ...base, newBidDeadline: at('2026-12-24T09:30:00+08:00') }, cal);
      expect(short.map((x) => [x.rule, x.code, x.earliest?.date])).toEqual([['R8', 'NEW_BID_DEADLINE_TOO_EARLY', '2026-12-25']]);
      expect(checkSupplement({ ...base, newBidDeadline: at('2026-12-25T09:30:00+08:00') }, cal)).toEqual([]);
    });

    it('R8 a new 截止 that breaks R8 and R5 at once is refused with both, each with its earliest day', () => {
      const v = checkSupplement(
        {
          procedure,
          publishAt: at('2026-12-10T10:00:00+08:00'),
          affectsBidPreparation: true,
          sections: [{ code: 'S-001', bidDeadline: at('2026-12-21T09:30:00+08:00'), documentsIssuedAt: PUBLISH }],
          newBidDeadline: at('2026-12-15T09:30:00+08:00'),
        },
        cal,
      );
      expect(v.map((x) => [x.rule, x.code, x.earliest?.date])).toEqual([
        ['R8', 'NEW_BID_DEADLINE_TOO_EARLY', '2026-12-25'],
        ['R5', 'BID_DEADLINE_TOO_EARLY', '2026-12-21'],
      ]);
    });

    it('R8 a new 截止 before the publication carries the earliest instant allowed', () => {
      const publishAt = at('2026-12-10T10:00:00+08:00');
      const v = checkSupplement(
        {
          procedure,
          publishAt,
          affectsBidPreparation: false,
          sections: [{ code: 'S-001', bidDeadline: at('2026-12-21T09:30:00+08:00'), documentsIssuedAt: null }],
          newBidDeadline: at('2026-12-09T09:30:00+08:00'),
        },
        cal,
      );
      expect(v.map((x) => [x.code, x.earliest && formatShanghai(x.earliest.at)])).toEqual([['NEW_BID_DEADLINE_IN_PAST', '2026-12-10T10:00:01+08:00']]);
    });

    it('R8 a clarification that does not affect bid preparation may come later', () => {
      const v = checkSupplement(
        {
          procedure,
          publishAt: at('2026-12-18T10:00:00+08:00'),
          affectsBidPreparation: false,
          sections: [{ code: 'S-001', bidDeadline: at('2026-12-21T09:30:00+08:00'), documentsIssuedAt: PUBLISH }],
          newBidDeadline: null,
        },
        cal,
      );
      expect(v).toEqual([]);
    });

    it('R5 still holds for a new 截止 moved earlier by a change', () => {
      const v = checkSupplement(
        {
          procedure,
          publishAt: at('2026-12-02T10:00:00+08:00'),
          affectsBidPreparation: false,
          sections: [{ code: 'S-001', bidDeadline: at('2026-12-28T09:30:00+08:00'), documentsIssuedAt: PUBLISH }],
          newBidDeadline: at('2026-12-18T09:30:00+08:00'),
        },
        cal,
      );
      expect(v.map((x) => [x.rule, x.earliest?.date])).toEqual([['R5', '2026-12-21']]);
    });

    it('R11 a consultation needs a comment period ending after its publication', () => {
      expect(checkConsultation(PUBLISH, null)).toMatchObject({ rule: 'R11', code: 'COMMENT_PERIOD_INVALID' });
      expect(formatShanghai(checkConsultation(PUBLISH, null)!.earliest!.at)).toBe('2026-12-01T10:00:01+08:00');
      expect(checkConsultation(PUBLISH, PUBLISH)).toMatchObject({ rule: 'R11' });
      expect(checkConsultation(PUBLISH, at('2026-12-08T17:00:00+08:00'))).toBeNull();
    });

    it('R11 comments are accepted until the end of the comment period, not at it', () => {
      const end = at('2026-12-08T17:00:00+08:00');
      expect(checkComment(at('2026-12-07T17:00:00+08:00'), end)).toBeNull();
      expect(checkComment(at('2026-12-08T16:59:59+08:00'), end)).toBeNull();
      expect(checkComment(end, end)).toMatchObject({ rule: 'R11', code: 'COMMENT_PERIOD_ENDED' });
      expect(formatShanghai(checkComment(end, end)!.latest!.at)).toBe('2026-12-08T17:00:00+08:00');
    });

    it('R17 opening time equals 截止', () => {
      const deadline = at('2026-12-21T09:30:00+08:00');
      expect(checkOpeningTime(deadline, deadline)).toBeNull();
      expect(checkOpeningTime(deadline, at('2026-12-21T10:00:00+08:00'))).toMatchObject({ rule: 'R17', code: 'OPENING_TIME_NOT_AT_DEADLINE' });
      expect(checkOpeningTime(deadline, at('2026-12-21T10:00:00+08:00'))!.earliest!.at).toEqual(deadline);
    });
  });

  it('R6 construction: documents available at least 5 days; the 5th day is a Sunday, so Monday', () => {
    const short = checkTenderNotice(tender('construction', { documentsUntil: at('2026-12-06T17:00:00+08:00') }), cal).violations;
    expect(short.map((v) => [v.rule, v.code, v.earliest?.date])).toEqual([['R6', 'DOCUMENTS_PERIOD_TOO_SHORT', '2026-12-07']]);
    expect(checkTenderNotice(tender('construction', { documentsUntil: at('2026-12-07T17:00:00+08:00') }), cal).violations).toEqual([]);
  });

  it('R6 government: documents available at least 5 working days from the notice', () => {
    const input = (until: string) => tender('government', { documentsUntil: at(until), noticePeriodEnd: at('2026-12-08T17:00:00+08:00') });
    const short = checkTenderNotice(input('2026-12-07T17:00:00+08:00'), cal).violations;
    expect(short.map((v) => [v.rule, v.earliest?.date])).toEqual([['R6', '2026-12-08']]);
    expect(checkTenderNotice(input('2026-12-08T17:00:00+08:00'), cal).violations).toEqual([]);
  });

  it('R6 government counts working days over the National Day holiday (国庆节)', () => {
    const input = tender('government', {
      publishAt: at('2026-09-25T10:00:00+08:00'),
      documentsUntil: at('2026-10-08T17:00:00+08:00'),
      noticePeriodEnd: at('2026-10-09T17:00:00+08:00'),
      sections: [section('2026-10-20T09:30:00+08:00')],
    });
    const v = checkTenderNotice(input, cal).violations;
    expect(v.map((x) => [x.rule, x.earliest?.date, x.earliest?.provisional])).toEqual([['R6', '2026-10-09', false]]);
  });

  it('R7 government: the notice period is at least 5 working days; construction has no R7', () => {
    const input = (procedure: ProcedureType, end: string) =>
      tender(procedure, { noticePeriodEnd: at(end), documentsUntil: at('2026-12-08T17:00:00+08:00') });
    expect(checkTenderNotice(input('government', '2026-12-07T17:00:00+08:00'), cal).violations.map((v) => [v.rule, v.code, v.earliest?.date])).toEqual([
      ['R7', 'NOTICE_PERIOD_TOO_SHORT', '2026-12-08'],
    ]);
    expect(checkTenderNotice(input('government', '2026-12-08T17:00:00+08:00'), cal).violations).toEqual([]);
    expect(checkTenderNotice(input('construction', '2026-12-02T17:00:00+08:00'), cal).violations).toEqual([]);
  });

  it('R7 government: without a notice period end, the end of the 5 working days is recorded', () => {
    const result = checkTenderNotice(tender('government', { documentsUntil: at('2026-12-08T17:00:00+08:00') }), cal);
    expect(result.violations).toEqual([]);
    expect(formatShanghai(result.noticePeriodEnd!)).toBe('2026-12-09T00:00:00+08:00');
    expect(checkTenderNotice(tender('construction'), cal).noticePeriodEnd).toBeNull();
  });

  it('R10 government: refund due within 5 working days of the termination; construction sets no limit', () => {
    const due = refundDue('government', at('2026-12-10T10:00:00+08:00'), cal)!;
    expect(due.date).toBe('2026-12-17');
    expect(formatShanghai(due.at)).toBe('2026-12-18T00:00:00+08:00');
    expect(due.basis).toMatch(/^R10 /);
    expect(refundDue('construction', at('2026-12-10T10:00:00+08:00'), cal)).toBeNull();
  });

  it('reads its figures from the rules table: a province may require 25 days (R5)', () => {
    const stricter = withOverrides({ construction: { R5: { n: 25 } } });
    const v = checkTenderNotice(tender('construction', { sections: [section('2026-12-21T09:30:00+08:00')] }), cal, stricter).violations;
    expect(v.map((x) => [x.rule, x.earliest?.date])).toEqual([['R5', '2026-12-28']]);
  });

  it('reports every broken rule at once', () => {
    const v = checkTenderNotice(
      tender('government', {
        documentsUntil: at('2026-12-03T17:00:00+08:00'),
        noticePeriodEnd: at('2026-12-03T17:00:00+08:00'),
        sections: [section('2026-12-15T09:30:00+08:00', { bidSecurity: '30000.00' })],
      }),
      cal,
    ).violations;
    expect(v.map((x) => x.rule)).toEqual(['R5', 'R6', 'R7', 'R9']);
  });
});

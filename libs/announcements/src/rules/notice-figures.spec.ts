import { defaultWorkingDayCalendar, withOverrides } from '@app/core';
import { checkTenderNotice } from './announcement-rules';
import { noticeFigures } from './notice-figures';

const cal = defaultWorkingDayCalendar();
const at = (iso: string) => new Date(iso);
// Tuesday 1 December 2026, 10:00 in Shanghai
const PUBLISH = at('2026-12-01T10:00:00+08:00');

describe('noticeFigures: the legal figures of a draft as the staff console shows them while typing', () => {
  it('R5 the earliest 截止 of a tender is 20 days after the documents are issued; R6 the earliest end of their availability', () => {
    const f = noticeFigures({ procedure: 'construction', type: 'tender', publishAt: PUBLISH }, cal);
    expect(f.earliestBidDeadline?.date).toBe('2026-12-21');
    expect(f.earliestDocumentsUntil?.date).toBe('2026-12-07'); // the 5th day is Sunday 6 December
    expect(f.earliestNoticePeriodEnd).toBeNull();
    expect(f.violations).toEqual([]);
  });

  it('R5 counts from documentsFrom when the documents come out later', () => {
    const f = noticeFigures({ procedure: 'government', type: 'tender', publishAt: PUBLISH, documentsFrom: at('2026-12-02T09:00:00+08:00') }, cal);
    expect(f.earliestBidDeadline?.date).toBe('2026-12-22');
    // R6 and R7 of government procurement count working days from the notice
    expect(f.earliestDocumentsUntil?.date).toBe('2026-12-08');
    expect(f.earliestNoticePeriodEnd?.date).toBe('2026-12-08');
  });

  it('R5 a 截止 one day short is the same violation the publication is refused with', () => {
    const input = {
      procedure: 'construction' as const,
      publishAt: PUBLISH,
      documentsUntil: at('2026-12-10T17:00:00+08:00'),
      bidDeadline: at('2026-12-20T09:30:00+08:00'),
      estimatedPrice: '1000000.00',
      bidSecurity: '20000.00',
      section: 'S-001',
    };
    const f = noticeFigures({ ...input, type: 'tender' }, cal);
    const refused = checkTenderNotice(
      { ...input, documentsFrom: null, noticePeriodEnd: null, sections: [{ code: 'S-001', bidDeadline: input.bidDeadline, estimatedPrice: '1000000.00', bidSecurity: '20000.00' }] },
      cal,
    ).violations;
    expect(f.violations).toEqual(refused);
    expect(f.violations.map((v) => [v.rule, v.code, v.earliest?.date])).toEqual([['R5', 'BID_DEADLINE_TOO_EARLY', '2026-12-21']]);
  });

  it('R9 the cap is 2% of the estimated price; one fen above is a violation, exactly 2% is not', () => {
    const base = { procedure: 'construction' as const, type: 'tender' as const, publishAt: PUBLISH, estimatedPrice: '1234567.89' };
    expect(noticeFigures(base, cal).bidSecurity).toMatchObject({
      limit: '24691.35',
      maxRatio: '0.02',
      of: 'estimatedPrice',
      ok: null,
      source: '招标投标法实施条例 art. 26',
      sourceZh: '《招标投标法实施条例》第 26 条',
    });
    expect(noticeFigures({ ...base, bidSecurity: '24691.35' }, cal).bidSecurity?.ok).toBe(true);
    const over = noticeFigures({ ...base, bidSecurity: '24691.36' }, cal);
    expect(over.bidSecurity?.ok).toBe(false);
    expect(over.violations.map((v) => [v.rule, v.code, v.limit])).toEqual([['R9', 'BID_SECURITY_TOO_HIGH', '24691.35']]);
    expect(noticeFigures({ ...base, procedure: 'government' }, cal).bidSecurity?.of).toBe('budget');
  });

  it('R8 a supplement: the days left before a change forces a new 截止, and the earliest new 截止', () => {
    const f = noticeFigures(
      { procedure: 'construction', type: 'supplement', publishAt: at('2026-12-08T10:00:00+08:00'), bidDeadline: at('2026-12-28T09:30:00+08:00'), affectsBidPreparation: true },
      cal,
    );
    expect(f.supplement?.latestWithoutNewDeadline.date).toBe('2026-12-13');
    expect(f.supplement?.daysLeft).toBe(5);
    expect(f.supplement?.earliestNewBidDeadline.date).toBe('2026-12-23');
    expect(f.supplement?.needsNewBidDeadline).toBe(false);
    expect(f.violations).toEqual([]);
  });

  it('R8 a change one day late needs a new 截止: negative days left and the refusal code', () => {
    const f = noticeFigures(
      { procedure: 'construction', type: 'supplement', publishAt: at('2026-12-14T10:00:00+08:00'), bidDeadline: at('2026-12-28T09:30:00+08:00'), affectsBidPreparation: true },
      cal,
    );
    expect(f.supplement?.daysLeft).toBe(-1);
    expect(f.supplement?.needsNewBidDeadline).toBe(true);
    expect(f.violations.map((v) => [v.rule, v.code, v.earliest?.date])).toEqual([['R8', 'CHANGE_NEEDS_NEW_BID_DEADLINE', '2026-12-29']]);
  });

  it('R11 a consultation without a comment period end after its publication is a violation once the field is given', () => {
    expect(noticeFigures({ procedure: 'government', type: 'consultation', publishAt: PUBLISH }, cal).violations).toEqual([]);
    const v = noticeFigures({ procedure: 'government', type: 'consultation', publishAt: PUBLISH, commentPeriodEnd: PUBLISH }, cal).violations;
    expect(v.map((x) => x.code)).toEqual(['COMMENT_PERIOD_INVALID']);
  });

  it('reads its figures from the same rules table: a province requiring 25 days moves the earliest 截止', () => {
    const f = noticeFigures({ procedure: 'construction', type: 'tender', publishAt: PUBLISH }, cal, withOverrides({ construction: { R5: { n: 25 } } }));
    expect(f.earliestBidDeadline?.date).toBe('2026-12-28');
  });
});

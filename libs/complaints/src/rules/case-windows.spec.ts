import { BUNDLED_HOLIDAY_CALENDARS, rulesFor, WorkingDayCalendar } from '@app/core';
import { CasePause, ComplaintCase } from '../cases/case.entity';
import { remainingOf } from '../cases/case-views';
import { acceptanceDue, answerDue, complaintWindow, decisionDue, objectionWindow, placeInWindow, SectionDates } from './case-windows';

/**
 * The windows and limits of R27–R32 on the official 2026 calendar: 春节 2026-02-15…02-23 (holidays), make-up
 * working days on Saturday 02-14 and Saturday 02-28. Each window is tried one day early, on its last day and one
 * day late, for both procedures.
 */
const cal = new WorkingDayCalendar(BUNDLED_HOLIDAY_CALENDARS);
const sh = (local: string) => new Date(`${local}+08:00`);
const C = rulesFor('construction');
const G = rulesFor('government');

const section = (over: Partial<SectionDates> = {}): SectionDates => ({
  documentsIssuedAt: sh('2026-01-20T09:00:00'),
  bidDeadline: sh('2026-02-26T09:30:00'),
  openingTime: sh('2026-02-26T09:30:00'),
  decryptionWindowEnd: sh('2026-02-26T10:00:00'),
  publicityStart: null,
  publicityEnd: null,
  resultAnnouncedAt: null,
  ...over,
});

describe('objection and complaint windows (R27–R32)', () => {
  it('R27: construction, tender documents at least 10 days before 截止 (02-26): last day 02-16 (in 春节), 02-17 is late, before the issue is early', () => {
    const w = objectionWindow('tender_documents', section(), C, 'construction', cal, null);
    expect(w.rule).toBe('R27');
    expect(w.until).toEqual(sh('2026-02-17T00:00:00'));
    expect(placeInWindow(sh('2026-01-20T08:00:00'), w)).toBe('early');
    expect(placeInWindow(sh('2026-02-16T23:59:00'), w)).toBe('inside');
    expect(placeInWindow(sh('2026-02-17T09:00:00'), w)).toBe('late');
  });

  it('R27: government, 7 working days of obtaining the documents (02-12): 02-13, 02-14 (make-up), 春节 skipped, last day 02-28 (make-up)', () => {
    const w = objectionWindow('tender_documents', section(), G, 'government', cal, sh('2026-02-12T10:00:00'));
    expect(w.until).toEqual(sh('2026-03-01T00:00:00'));
    expect(placeInWindow(sh('2026-02-12T09:00:00'), w)).toBe('early');
    expect(placeInWindow(sh('2026-02-28T16:00:00'), w)).toBe('inside');
    expect(placeInWindow(sh('2026-03-01T09:00:00'), w)).toBe('late');
  });

  it('R27: an objection to the opening: construction at the opening itself (R19, until the decryption window ends), government within 7 working days of it', () => {
    const c = objectionWindow('opening', section(), C, 'construction', cal, null);
    expect(c).toMatchObject({ rule: 'R19', from: sh('2026-02-26T09:30:00'), until: sh('2026-02-26T10:00:00') });
    expect(placeInWindow(sh('2026-02-26T10:00:00'), c)).toBe('late');
    const g = objectionWindow('opening', section(), G, 'government', cal, null);
    // 02-27, 02-28 (make-up), 03-02 … 03-06: the 7th working day is 03-06
    expect(g).toMatchObject({ rule: 'R27', until: sh('2026-03-07T00:00:00') });
    expect(placeInWindow(sh('2026-02-25T09:00:00'), g)).toBe('early');
  });

  it('R28: construction, during the candidate publicity only', () => {
    const w = objectionWindow('evaluation_result', section({ publicityStart: sh('2026-02-10T00:00:00'), publicityEnd: sh('2026-02-14T00:00:00') }), C, 'construction', cal, null);
    expect(w.rule).toBe('R28');
    expect(placeInWindow(sh('2026-02-09T12:00:00'), w)).toBe('early');
    expect(placeInWindow(sh('2026-02-13T23:00:00'), w)).toBe('inside');
    expect(placeInWindow(sh('2026-02-14T08:00:00'), w)).toBe('late');
    expect(objectionWindow('evaluation_result', section(), C, 'construction', cal, null).from).toBeNull();
  });

  it('R28: government, 7 working days from the end of the result announcement (02-13): 02-14 make-up counts, 春节 does not, last day 03-02', () => {
    const w = objectionWindow('evaluation_result', section({ resultAnnouncedAt: sh('2026-02-12T10:00:00') }), G, 'government', cal, null);
    expect(w.until).toEqual(sh('2026-03-03T00:00:00'));
    expect(placeInWindow(sh('2026-02-12T09:00:00'), w)).toBe('early');
    expect(placeInWindow(sh('2026-03-02T17:00:00'), w)).toBe('inside');
    expect(placeInWindow(sh('2026-03-03T09:00:00'), w)).toBe('late');
  });

  it('R29: the answer is due in 3 days in construction (02-15 is 春节: moved to 02-24), 7 working days in government (02-28, make-up)', () => {
    expect(answerDue(C, sh('2026-02-12T10:00:00'), cal).at).toEqual(sh('2026-02-25T00:00:00'));
    expect(answerDue(G, sh('2026-02-12T10:00:00'), cal).at).toEqual(sh('2026-03-01T00:00:00'));
    expect(C.R29.suspendsProcedure).toBe(true);
    expect(G.R29.suspendsProcedure).toBe(false);
  });

  it('R30: construction, 10 days of knowing with the prior objection (02-02…02-05) not counted: 02-15 is 春节, last day 02-24', () => {
    const prior = { filedAt: sh('2026-02-02T10:00:00'), answeredAt: sh('2026-02-05T15:00:00'), answerDue: sh('2026-02-06T00:00:00') };
    const w = complaintWindow(C, sh('2026-02-02T09:00:00'), prior, cal);
    expect(w.until).toEqual(sh('2026-02-25T00:00:00'));
    expect(placeInWindow(sh('2026-02-02T08:00:00'), w)).toBe('early');
    expect(placeInWindow(sh('2026-02-24T18:00:00'), w)).toBe('inside');
    expect(placeInWindow(sh('2026-02-25T09:00:00'), w)).toBe('late');
    // without the exclusion the window would have closed on 02-12
    expect(complaintWindow(C, sh('2026-02-02T09:00:00'), null, cal).until).toEqual(sh('2026-02-13T00:00:00'));
  });

  it('R30: government, 15 working days after the answer period ends (02-06): across 春节 and both make-up days, last day 03-05', () => {
    const prior = { filedAt: sh('2026-01-28T10:00:00'), answeredAt: null, answerDue: sh('2026-02-07T00:00:00') };
    const w = complaintWindow(G, sh('2026-01-28T10:00:00'), prior, cal);
    expect(w.until).toEqual(sh('2026-03-06T00:00:00'));
    expect(placeInWindow(sh('2026-03-05T12:00:00'), w)).toBe('inside');
    expect(placeInWindow(sh('2026-03-06T08:00:00'), w)).toBe('late');
  });

  it('R31: accept or reject within 3 working days (construction, 02-24) or 5 (government, 02-26) of receipt on 02-12', () => {
    expect(acceptanceDue(C, sh('2026-02-12T10:00:00'), cal).at).toEqual(sh('2026-02-25T00:00:00'));
    expect(acceptanceDue(G, sh('2026-02-12T10:00:00'), cal).at).toEqual(sh('2026-02-27T00:00:00'));
  });

  it('R32: 30 working days from acceptance (construction) or receipt (government); excluded time pauses the board and moves the due day', () => {
    const filed = sh('2026-01-05T10:00:00');
    const accepted = sh('2026-01-07T10:00:00');
    const c = decisionDue(C, filed, accepted, cal).at;
    const g = decisionDue(G, filed, accepted, cal).at;
    expect(c.getTime()).toBeGreaterThan(g.getTime());
    const row = Object.assign(new ComplaintCase(), { status: 'accepted', promisedBy: c });
    const before = remainingOf(row, [], sh('2026-01-12T10:00:00'), cal)!;
    const pause = Object.assign(new CasePause(), { fromAt: sh('2026-01-12T10:00:00'), toAt: null });
    const during = remainingOf(row, [pause], sh('2026-01-16T10:00:00'), cal)!;
    expect(during.paused).toBe(true);
    expect(during.workingDays).toBe(before.workingDays); // stands still
    const ended = Object.assign(new CasePause(), { fromAt: sh('2026-01-12T10:00:00'), toAt: sh('2026-01-16T10:00:00') });
    const after = remainingOf(row, [ended], sh('2026-01-16T11:00:00'), cal)!;
    expect(after.paused).toBe(false);
    expect(after.workingDays).toBe(before.workingDays); // resumed where it stood: 4 working days paused, 4 passed
    expect(new Date(after.due).getTime()).toBeGreaterThan(c.getTime());
    const late = remainingOf(row, [], new Date(c.getTime() + 1000), cal)!;
    expect(late.overdue).toBe(true);
  });
});

import { defaultWorkingDayCalendar } from './default-calendars';
import { parseHolidayCalendar } from './holiday-calendar';
import { earliestAllowed, latestAllowed, PeriodUnit, periodEnd, remainingWorkingDays, satisfiesMinimum } from './periods';
import { addDays, atLocalTime, endOfLocalDay, formatShanghai, localDate, startOfLocalDay } from './shanghai';

const cal = defaultWorkingDayCalendar();

/** An instant written in Shanghai wall-clock time, 'YYYY-MM-DD HH:mm'. */
function local(text: string): Date {
  const [date, time = '12:00'] = text.split(' ');
  const [hour, minute] = time.split(':').map(Number);
  return atLocalTime(localDate(date), hour, minute);
}

describe('periodEnd', () => {
  it.each<[string, string, number, PeriodUnit, string]>([
    ['a period whose last day is a working day ends at 24:00 of it', '2026-03-02 10:00', 3, 'days', '2026-03-05'],
    ['period ending on a holiday moves to the next working day', '2026-02-10 10:00', 5, 'days', '2026-02-24'],
    ['period ending on a weekend moves to the next working day', '2026-03-02 10:00', 5, 'days', '2026-03-09'],
    ['period ending on a make-up Saturday does not move', '2026-02-09 10:00', 5, 'days', '2026-02-14'],
    ['period ending in National Day moves past it', '2026-09-20 10:00', 15, 'days', '2026-10-08'],
    ['period ending on 中秋 2026 moves to the Monday', '2026-09-15 10:00', 10, 'days', '2026-09-28'],
    ['working days skip the Spring Festival', '2026-02-12 10:00', 5, 'workingDays', '2026-02-26'],
    ['working days count the make-up Saturday after National Day', '2026-09-28 10:00', 5, 'workingDays', '2026-10-10'],
    ['a working-day period started on a holiday counts from the day after', '2026-10-03 10:00', 1, 'workingDays', '2026-10-08'],
    ['contract within 30 days of the award notice (R24)', '2026-09-01 10:00', 30, 'days', '2026-10-08'],
  ])('R2 %s', (_title, start, n, unit, lastDay) => {
    const end = periodEnd(local(start), n, unit, cal);
    expect(end.date).toBe(lastDay);
    expect(end.at.toISOString()).toBe(endOfLocalDay(localDate(lastDay)).toISOString());
    expect(formatShanghai(end.at)).toBe(`${addDays(localDate(lastDay), 1)}T00:00:00+08:00`);
    expect(end.provisional).toBe(false);
    expect(end.provisionalYears).toEqual([]);
  });

  it('R2 the start day is not counted, whatever the hour, and local midnight decides the start day (R1)', () => {
    // 2026-03-02 23:59 local is still 03-02; one minute later it is 03-03.
    expect(periodEnd(new Date('2026-03-02T15:59:00Z'), 3, 'days', cal).date).toBe('2026-03-05');
    expect(periodEnd(new Date('2026-03-02T16:00:00Z'), 3, 'days', cal).date).toBe('2026-03-06');
    expect(periodEnd(local('2026-03-02 00:00'), 3, 'days', cal).date).toBe('2026-03-05');
  });

  it('R2 explains a move in its basis', () => {
    expect(periodEnd(local('2026-02-10 10:00'), 5, 'days', cal).basis).toBe(
      '5 days after 2026-02-10 (start day not counted): 2026-02-15, a public holiday (春节), ' +
        'moved to the next working day 2026-02-24; ends 2026-02-24 24:00 Asia/Shanghai',
    );
    expect(periodEnd(local('2026-03-02 10:00'), 5, 'days', cal).basis).toContain('2026-03-07, a weekend day, moved');
  });

  it('R3 a deadline reaching into 2027 (no official calendar) is provisional and says so', () => {
    const end = periodEnd(local('2026-12-20 10:00'), 20, 'days', cal);
    expect(end.date).toBe('2027-01-11'); // 01-09 is a Saturday
    expect(end.provisional).toBe(true);
    expect(end.provisionalYears).toEqual([2027]);
    expect(end.basis).toContain('provisional: no official holiday calendar loaded for 2027');
  });

  it('R3 provisional 2027 working days skip 春节 from 除夕 (02-05) to 正月初三 (02-08)', () => {
    const end = periodEnd(local('2027-02-03 10:00'), 3, 'workingDays', cal);
    expect(end.date).toBe('2027-02-10'); // 02-04, 02-09, 02-10
    expect(end.provisional).toBe(true);
  });

  it('R3 provisional 2027 National Day is 10-01..03 only', () => {
    const end = periodEnd(local('2027-09-28 10:00'), 3, 'days', cal);
    expect(end.date).toBe('2027-10-04'); // 10-01 holiday, 02–03 weekend and holiday
    expect(end.provisional).toBe(true);
  });

  it('R3 a calendar-day period is provisional only when a day it looked at is in an unloaded year', () => {
    // The last day (2026-12-30) is in 2026, although the computation ran in December: not provisional.
    expect(periodEnd(local('2026-12-20 10:00'), 10, 'days', cal).provisional).toBe(false);
    // 2026-12-31 + 1 day = 2027-01-01 (元旦, provisional) → 2027-01-04.
    const end = periodEnd(local('2026-12-31 10:00'), 1, 'days', cal);
    expect(end).toMatchObject({ date: '2027-01-04', provisional: true });
  });

  it('R3 once 2027 is loaded the same deadline follows the notice and is no longer provisional', () => {
    const loaded = cal.withYear(
      parseHolidayCalendar({
        year: 2027,
        source: 'test notice for 2027',
        holidays: [
          { name: '元旦', from: '2027-01-01', to: '2027-01-03', days: 3 },
          { name: '春节', from: '2027-02-05', to: '2027-02-12', days: 8 },
        ],
        makeUpWorkdays: ['2027-02-13'],
      }),
    );
    const end = periodEnd(local('2027-02-03 10:00'), 3, 'workingDays', loaded);
    expect(end).toMatchObject({ date: '2027-02-15', provisional: false }); // 02-04, 02-13 (make-up), 02-15
    expect(end.basis).not.toContain('provisional');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a period of %p', (n) => {
    expect(() => periodEnd(local('2026-03-02'), n, 'days', cal)).toThrow(RangeError);
  });
});

describe('earliestAllowed and satisfiesMinimum', () => {
  const issued = local('2026-03-04 10:00'); // Wednesday

  it('R4 exactly 20 days passes and 19 days fails (R5 tender documents → 截止)', () => {
    const earliest = earliestAllowed(issued, 20, 'days', cal);
    expect(earliest.date).toBe('2026-03-24');
    expect(earliest.at.toISOString()).toBe(startOfLocalDay(localDate('2026-03-24')).toISOString());
    expect(satisfiesMinimum(issued, local('2026-03-24 09:30'), 20, 'days', cal).ok).toBe(true);
    expect(satisfiesMinimum(issued, local('2026-03-24 00:00'), 20, 'days', cal).ok).toBe(true);
    const tooEarly = satisfiesMinimum(issued, local('2026-03-23 23:59'), 20, 'days', cal);
    expect(tooEarly.ok).toBe(false);
    expect(tooEarly.earliest.date).toBe('2026-03-24');
  });

  it('R4 exactly 5 working days passes and 4 fails (R6 government, across the Spring Festival)', () => {
    const start = local('2026-02-12 09:00');
    expect(earliestAllowed(start, 5, 'workingDays', cal).date).toBe('2026-02-26');
    expect(satisfiesMinimum(start, local('2026-02-26 17:00'), 5, 'workingDays', cal).ok).toBe(true);
    expect(satisfiesMinimum(start, local('2026-02-25 17:00'), 5, 'workingDays', cal).ok).toBe(false);
  });

  it('R2 an earliest day on a holiday moves to the next working day', () => {
    const start = local('2026-01-27 10:00'); // + 20 days = 2026-02-16, 春节
    const check = satisfiesMinimum(start, local('2026-02-23 09:30'), 20, 'days', cal);
    expect(check.ok).toBe(false);
    expect(check.earliest.date).toBe('2026-02-24');
    expect(check.earliest.basis).toContain('2026-02-16, a public holiday (春节), moved to the next working day');
    expect(satisfiesMinimum(start, local('2026-02-24 09:30'), 20, 'days', cal).ok).toBe(true);
  });

  it('R4 a 截止 before the start fails', () => {
    expect(satisfiesMinimum(issued, local('2026-03-01 09:30'), 20, 'days', cal).ok).toBe(false);
  });

  it('R3 an earliest day in 2027 is provisional; one in 2026 is not', () => {
    expect(earliestAllowed(local('2026-12-20 10:00'), 20, 'days', cal).provisional).toBe(true);
    expect(earliestAllowed(issued, 20, 'days', cal).provisional).toBe(false);
  });
});

describe('latestAllowed', () => {
  it('R4 R8 a change is allowed until 15 days before 截止, that day included', () => {
    const deadline = local('2026-03-24 09:30');
    const latest = latestAllowed(deadline, 15, 'days', cal);
    expect(latest.date).toBe('2026-03-09');
    expect(latest.at.toISOString()).toBe(endOfLocalDay(localDate('2026-03-09')).toISOString());
    expect(satisfiesMinimum(local('2026-03-09 23:59'), deadline, 15, 'days', cal).ok).toBe(true);
    expect(satisfiesMinimum(local('2026-03-10 00:00'), deadline, 15, 'days', cal).ok).toBe(false);
  });

  it.each<[PeriodUnit, number]>([
    ['days', 1],
    ['days', 10],
    ['days', 15],
    ['days', 20],
    ['workingDays', 1],
    ['workingDays', 5],
    ['workingDays', 7],
  ])('R4 latestAllowed is the exact inverse of satisfiesMinimum for %s %i, 截止 on any day of 2026', (unit, n) => {
    for (let endDay = localDate('2026-01-15'); endDay <= localDate('2026-12-31'); endDay = addDays(endDay, 1)) {
      const end = atLocalTime(endDay, 9, 30);
      const latest = latestAllowed(end, n, unit, cal);
      const onLatest = atLocalTime(latest.date, 18, 0);
      const dayAfter = atLocalTime(addDays(latest.date, 1), 8, 0);
      if (!satisfiesMinimum(onLatest, end, n, unit, cal).ok || satisfiesMinimum(dayAfter, end, n, unit, cal).ok) {
        throw new Error(`${unit} ${n}, 截止 ${endDay}: latest ${latest.date} is not the boundary`);
      }
    }
  });
});

describe('remainingWorkingDays (case status board)', () => {
  // R31 government: decision to accept a complaint within 5 working days of receiving it.
  const received = local('2026-09-28 10:00');
  const due = periodEnd(received, 5, 'workingDays', cal).at; // 2026-10-10 24:00 (make-up Saturday)

  it.each<[string, string, number, boolean, number]>([
    ['on the day received', '2026-09-28 15:00', 5, false, 0],
    ['during National Day', '2026-10-03 12:00', 3, false, 0],
    ['on the last day', '2026-10-10 23:59', 0, false, 0],
    ['at 24:00 of the last day', '2026-10-11 00:00', 0, true, 0],
    ['a working day late', '2026-10-12 10:00', 0, true, 1],
  ])('R31 R3 remaining working days %s', (_title, now, remaining, overdue, late) => {
    const board = remainingWorkingDays(local(now), due, cal);
    expect(board.workingDays).toBe(remaining);
    expect(board.overdue).toBe(overdue);
    expect(board.overdueWorkingDays).toBe(late);
    expect(board.paused).toBe(false);
    expect(board.due.toISOString()).toBe(due.toISOString());
    expect(board.provisional).toBe(false);
  });

  it('R35 the count stands still while paused', () => {
    const board = remainingWorkingDays(local('2026-10-09 10:00'), due, cal, [
      { from: local('2026-09-29 10:00'), to: null },
    ]);
    expect(board).toMatchObject({ workingDays: 4, paused: true, overdue: false }); // as on 09-29
    expect(board.basis).toContain('paused since 2026-09-29');
  });

  it('R35 a finished pause moves the due day by the working days it covered', () => {
    const pauses = [{ from: local('2026-09-29 10:00'), to: local('2026-10-09 09:00') }]; // covers 09-30, 10-08, 10-09
    const board = remainingWorkingDays(local('2026-10-09 15:00'), due, cal, pauses);
    expect(board.workingDays).toBe(4); // as when the pause began
    expect(board.paused).toBe(false);
    expect(board.due.toISOString()).toBe(endOfLocalDay(localDate('2026-10-14')).toISOString());
    expect(remainingWorkingDays(local('2026-10-14 12:00'), due, cal, pauses)).toMatchObject({ workingDays: 0, overdue: false });
    expect(remainingWorkingDays(local('2026-10-15 12:00'), due, cal, pauses)).toMatchObject({
      overdue: true,
      overdueWorkingDays: 1,
    });
  });

  it('R35 overlapping pauses count once; a pause not yet begun does not count', () => {
    const once = remainingWorkingDays(local('2026-10-09 15:00'), due, cal, [
      { from: local('2026-09-29 10:00'), to: local('2026-10-09 09:00') },
    ]);
    const overlapping = remainingWorkingDays(local('2026-10-09 15:00'), due, cal, [
      { from: local('2026-10-08 10:00'), to: local('2026-10-09 09:00') },
      { from: local('2026-09-29 10:00'), to: local('2026-10-08 17:00') },
      { from: local('2026-10-12 10:00'), to: local('2026-10-13 09:00') },
    ]);
    expect(overlapping.due.toISOString()).toBe(once.due.toISOString());
    expect(overlapping.workingDays).toBe(once.workingDays);
  });

  it('R32 R3 a board whose due day is in 2027 is provisional', () => {
    const accepted = local('2026-12-01 10:00');
    const decisionDue = periodEnd(accepted, 30, 'workingDays', cal);
    expect(decisionDue.provisional).toBe(true);
    const board = remainingWorkingDays(accepted, decisionDue.at, cal);
    expect(board.workingDays).toBe(30);
    expect(board.provisional).toBe(true);
    expect(board.provisionalYears).toEqual([2027]);
  });

  it('refuses a pause that ends before it begins', () => {
    expect(() =>
      remainingWorkingDays(local('2026-10-09 15:00'), due, cal, [
        { from: local('2026-10-02 10:00'), to: local('2026-10-01 10:00') },
      ]),
    ).toThrow(RangeError);
  });
});

import { BUNDLED_HOLIDAY_CALENDARS, defaultWorkingDayCalendar } from './default-calendars';
import { datesOf, parseHolidayCalendar } from './holiday-calendar';
import { addDays, localDate, LocalDate } from './shanghai';
import { statutoryHolidays } from './statutory-holidays';
import { WorkingDayCalendar } from './working-day-calendar';

const d = (text: string): LocalDate => localDate(text);
const cal = defaultWorkingDayCalendar();

/** The working days of a range, as the calendar sees them. */
function workingDaysIn(calendar: WorkingDayCalendar, from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = d(from); day <= d(to); day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day)) days.push(day);
  }
  return days;
}

describe('WorkingDayCalendar', () => {
  it('R3 Spring Festival 2026: 02-15..23 off, make-up Saturdays 02-14 and 02-28 are working days', () => {
    expect(workingDaysIn(cal, '2026-02-09', '2026-03-01')).toEqual([
      '2026-02-09',
      '2026-02-10',
      '2026-02-11',
      '2026-02-12',
      '2026-02-13',
      '2026-02-14', // Saturday, make-up working day
      '2026-02-24',
      '2026-02-25',
      '2026-02-26',
      '2026-02-27',
      '2026-02-28', // Saturday, make-up working day
    ]);
  });

  it('R3 National Day 2026: 10-01..07 off, make-up 09-20 (Sunday) and 10-10 (Saturday) worked', () => {
    expect(workingDaysIn(cal, '2026-09-19', '2026-10-11')).toEqual([
      '2026-09-20',
      '2026-09-21',
      '2026-09-22',
      '2026-09-23',
      '2026-09-24',
      // 09-25..27 中秋节
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
    ]);
  });

  it.each([
    ['2026-02-14', true, 'makeUpWorkday', undefined],
    ['2026-02-15', false, 'holiday', '春节'],
    ['2026-02-21', false, 'holiday', '春节'],
    ['2026-02-23', false, 'holiday', '春节'],
    ['2026-02-24', true, 'weekday', undefined],
    ['2026-03-07', false, 'weekend', undefined],
    ['2026-10-07', false, 'holiday', '国庆节'],
    ['2026-10-10', true, 'makeUpWorkday', undefined],
    ['2025-10-08', false, 'holiday', '国庆节、中秋节'],
    ['2025-10-11', true, 'makeUpWorkday', undefined],
  ])('R3 %s is working: %s (%s %s)', (date, working, kind, holiday) => {
    const info = cal.describe(d(date));
    expect(info.working).toBe(working);
    expect(info.kind).toBe(kind);
    expect(info.holiday).toBe(holiday);
    expect(info.provisional).toBe(false);
    expect(cal.isWorkingDay(d(date))).toBe(working);
  });

  it.each([
    ['2026-02-13', 1, '2026-02-14'], // Friday → make-up Saturday
    ['2026-02-13', 2, '2026-02-24'], // skips the whole Spring Festival
    ['2026-02-12', 5, '2026-02-26'],
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-09-30', 3, '2026-10-10'], // 10-10 is a make-up Saturday
    ['2026-09-30', 4, '2026-10-12'],
    ['2026-12-31', 1, '2027-01-04'], // into provisional 2027: 01-01 holiday, 02–03 weekend
    ['2026-02-24', -1, '2026-02-14'],
    ['2026-02-24', 0, '2026-02-24'],
  ])('R3 addWorkingDays(%s, %i) is %s', (from, n, expected) => {
    expect(cal.addWorkingDays(d(from), n)).toBe(expected);
  });

  it.each([
    ['2026-02-13', '2026-02-24', 2],
    ['2026-02-13', '2026-02-13', 0],
    ['2026-02-24', '2026-02-13', -2],
    ['2026-09-30', '2026-10-10', 3],
    ['2026-01-01', '2026-12-31', 248], // 261 weekdays − 19 holiday weekdays + 6 make-up days,
  ])('R3 workingDaysBetween(%s, %s) is %i', (a, b, expected) => {
    expect(cal.workingDaysBetween(d(a), d(b))).toBe(expected);
  });

  it('R3 addWorkingDays and workingDaysBetween agree on every day of 2025–2026', () => {
    for (let day = d('2025-01-01'); day <= d('2026-12-31'); day = addDays(day, 1)) {
      const fifth = cal.addWorkingDays(day, 5);
      expect(cal.workingDaysBetween(day, fifth)).toBe(5);
      expect(cal.isWorkingDay(fifth)).toBe(true);
    }
  });

  it('R3 nextWorkingDay is strictly after; workingDayOnOrAfter keeps a working day', () => {
    expect(cal.nextWorkingDay(d('2026-02-24'))).toBe('2026-02-25');
    expect(cal.nextWorkingDay(d('2026-02-15'))).toBe('2026-02-24');
    expect(cal.workingDayOnOrAfter(d('2026-02-24'))).toBe('2026-02-24');
    expect(cal.workingDayOnOrAfter(d('2026-02-15'))).toBe('2026-02-24');
    expect(cal.workingDayOnOrBefore(d('2026-02-23'))).toBe('2026-02-14');
  });

  it('R3 years without an official calendar are provisional', () => {
    expect(cal.loadedYears()).toEqual([2025, 2026]);
    expect(cal.isProvisional(2026)).toBe(false);
    expect(cal.isProvisional(2027)).toBe(true);
    expect(cal.provisionalYearsBetween(d('2026-12-01'), d('2028-01-05'))).toEqual([2027, 2028]);
    expect(cal.provisionalYearsBetween(d('2028-01-05'), d('2024-06-01'))).toEqual([2024, 2027, 2028]);
    expect(cal.provisionalYearsBetween(d('2025-01-01'), d('2026-12-31'))).toEqual([]);
    expect(cal.describe(d('2027-10-02'))).toMatchObject({ working: false, kind: 'holiday', provisional: true });
    expect(cal.sourceOf(2027)).toContain('全国年节及纪念日放假办法');
    expect(cal.sourceOf(2026)).toContain('国务院办公厅关于2026年部分节假日安排的通知');
  });

  it('R3 loading a year returns a new calendar and leaves the old one as it was', () => {
    const official2027 = parseHolidayCalendar({
      year: 2027,
      source: 'test notice for 2027',
      holidays: [{ name: '国庆节', from: '2027-10-01', to: '2027-10-07', days: 7 }],
      makeUpWorkdays: ['2027-10-09'],
    });
    const loaded = cal.withYear(official2027);
    expect(loaded.loadedYears()).toEqual([2025, 2026, 2027]);
    expect(loaded.isProvisional(2027)).toBe(false);
    expect(loaded.isWorkingDay(d('2027-10-06'))).toBe(false);
    expect(loaded.isWorkingDay(d('2027-10-09'))).toBe(true); // Saturday, make-up
    // Only what the loaded file says counts: no provisional 春节 any more.
    expect(loaded.isWorkingDay(d('2027-02-08'))).toBe(true);

    expect(cal.loadedYears()).toEqual([2025, 2026]);
    expect(cal.isWorkingDay(d('2027-10-06'))).toBe(true); // provisional: only 10-01..03 off
    expect(cal.isWorkingDay(d('2027-10-09'))).toBe(false);
    expect(cal.isWorkingDay(d('2027-02-08'))).toBe(false);

    // Loading a year again replaces it (an administrator's correction).
    const corrected = loaded.withYear(parseHolidayCalendar({ ...official2027, makeUpWorkdays: [] }));
    expect(corrected.isWorkingDay(d('2027-10-09'))).toBe(false);
    expect(corrected.loadedYears()).toEqual([2025, 2026, 2027]);
  });

  it('R3 refuses two calendars for one year and an invalid calendar', () => {
    expect(() => new WorkingDayCalendar([...BUNDLED_HOLIDAY_CALENDARS, BUNDLED_HOLIDAY_CALENDARS[1]])).toThrow(
      'two calendars for the year 2026',
    );
    const broken = { ...BUNDLED_HOLIDAY_CALENDARS[1], makeUpWorkdays: [d('2026-03-03')] };
    expect(() => new WorkingDayCalendar([broken])).toThrow('2026-03-03 is not a Saturday or Sunday');
  });
});

describe('statutory holidays (R3 provisional rule)', () => {
  it('R3 provisional 2027: 春节 from 除夕 to 正月初三 by the lunar calendar, 国庆 10-01..03', () => {
    const holidays = statutoryHolidays(2027).map((h) => [h.name, h.from, h.to]);
    expect(holidays).toEqual([
      ['元旦', '2027-01-01', '2027-01-01'],
      ['春节', '2027-02-05', '2027-02-08'], // 除夕 Friday 02-05, 正月初一 02-06
      ['清明节', '2027-04-05', '2027-04-05'],
      ['劳动节', '2027-05-01', '2027-05-02'],
      ['端午节', '2027-06-09', '2027-06-09'],
      ['中秋节', '2027-09-15', '2027-09-15'],
      ['国庆节', '2027-10-01', '2027-10-03'],
    ]);
  });

  it.each([2025, 2026])(
    'R3 every statutory holiday day of %i computed from the lunar calendar is a day off in the official notice',
    (year) => {
      const official = BUNDLED_HOLIDAY_CALENDARS.find((c) => c.year === year);
      const officialDays = new Set(official?.holidays.flatMap(datesOf));
      const statutory = statutoryHolidays(year).flatMap(datesOf);
      expect(statutory.filter((day) => !officialDays.has(day))).toEqual([]);
      expect(statutory).toHaveLength(13);
    },
  );

  it('R3 a provisional year counts weekends and statutory holidays only', () => {
    expect(workingDaysIn(cal, '2027-02-01', '2027-02-12')).toEqual([
      '2027-02-01',
      '2027-02-02',
      '2027-02-03',
      '2027-02-04',
      // 02-05..08 春节 (除夕 to 初三), 02-06/07 also a weekend
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-02-12',
    ]);
    expect(workingDaysIn(cal, '2027-09-30', '2027-10-06')).toEqual(['2027-09-30', '2027-10-04', '2027-10-05', '2027-10-06']);
  });

  it('R3 a 中秋 that falls on National Day is counted once, named after both', () => {
    // 中秋 2028 is 10-03 by the lunar calendar.
    expect(statutoryHolidays(2028).find((h) => h.name === '中秋节')?.from).toBe('2028-10-03');
    const info = cal.describe(d('2028-10-03'));
    expect(info).toMatchObject({ working: false, kind: 'holiday', holiday: '中秋节、国庆节', provisional: true });
  });
});

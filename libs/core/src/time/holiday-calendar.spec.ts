import calendar2026 from './calendars/2026.json';
import { HolidayCalendarError, parseHolidayCalendar } from './holiday-calendar';

function problemsOf(json: unknown): readonly string[] {
  try {
    parseHolidayCalendar(json);
  } catch (error) {
    if (error instanceof HolidayCalendarError) return error.problems;
    throw error;
  }
  throw new Error('the calendar was accepted');
}

/** A fresh, valid copy of the 2026 calendar to spoil one thing at a time. */
function valid2026(): { year: unknown; source: unknown; holidays: Record<string, unknown>[]; makeUpWorkdays: unknown[] } {
  return JSON.parse(JSON.stringify(calendar2026));
}

describe('parseHolidayCalendar', () => {
  it('R3 accepts the bundled 2026 calendar with its holidays and make-up working days', () => {
    const calendar = parseHolidayCalendar(calendar2026);
    expect(calendar.year).toBe(2026);
    expect(calendar.holidays.map((h) => `${h.name} ${h.from}..${h.to}`)).toContain('春节 2026-02-15..2026-02-23');
    expect(calendar.makeUpWorkdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(Object.isFrozen(calendar)).toBe(true);
    expect(Object.isFrozen(calendar.holidays[0])).toBe(true);
  });

  it('R3 sorts holidays and make-up days given out of order', () => {
    const json = valid2026();
    json.holidays.reverse();
    json.makeUpWorkdays.reverse();
    const calendar = parseHolidayCalendar(json);
    expect(calendar.holidays[0].name).toBe('元旦');
    expect(calendar.makeUpWorkdays[0]).toBe('2026-01-04');
  });

  type Spoil = (json: ReturnType<typeof valid2026>) => unknown;
  const cases: [string, Spoil, RegExp][] = [
    ['not an object', () => [1, 2], /must be a JSON object/],
    ['a year that is not a number', (j) => ({ ...j, year: '2026' }), /^year: "2026" is not a year/],
    ['a missing source', (j) => ({ ...j, source: undefined }), /^source: missing/],
    ['an unknown field (typo)', (j) => ({ ...j, makeupWorkdays: [] }), /unknown field "makeupWorkdays"/],
    ['no holidays', (j) => ({ ...j, holidays: [] }), /^holidays: \[\] must be a non-empty list/],
    [
      'a date that does not exist',
      (j) => ((j.holidays[1].to = '2026-02-30'), j),
      /holidays\[1\] \(春节\)\.to: "2026-02-30" is not a date/,
    ],
    [
      'a holiday outside the year',
      (j) => ((j.holidays[0].from = '2025-12-31'), (j.holidays[0].days = 4), j),
      /holidays\[0\] \(元旦\)\.from: 2025-12-31 is not in 2026/,
    ],
    [
      'from after to',
      (j) => ((j.holidays[2].from = '2026-04-07'), j),
      /holidays\[2\] \(清明节\): from 2026-04-07 is after to 2026-04-06/,
    ],
    [
      'days that do not match the span',
      (j) => ((j.holidays[1].days = 8), j),
      /holidays\[1\] \(春节\)\.days: 8 but 2026-02-15\.\.2026-02-23 spans 9 days/,
    ],
    [
      'overlapping holidays',
      (j) => ((j.holidays[6].from = '2026-09-27'), (j.holidays[6].days = 11), j),
      /holidays 中秋节 \(2026-09-25\.\.2026-09-27\) and 国庆节 \(2026-09-27\.\.2026-10-07\) overlap/,
    ],
    [
      'a make-up working day that is a weekday',
      (j) => (j.makeUpWorkdays.push('2026-03-02'), j),
      /makeUpWorkdays\[6\]: 2026-03-02 is not a Saturday or Sunday/,
    ],
    [
      'a make-up working day inside a holiday',
      (j) => (j.makeUpWorkdays.push('2026-02-21'), j),
      /makeUpWorkdays\[6\]: 2026-02-21 is inside the holiday 春节/,
    ],
    [
      'a make-up working day listed twice',
      (j) => (j.makeUpWorkdays.push('2026-02-14'), j),
      /makeUpWorkdays\[6\]: 2026-02-14 is listed twice/,
    ],
    [
      'a make-up working day in another year',
      (j) => (j.makeUpWorkdays.push('2027-02-20'), j),
      /makeUpWorkdays\[6\]: 2027-02-20 is not in 2026/,
    ],
  ];

  it.each(cases)('R3 rejects a calendar file with %s', (_title, spoil, expected) => {
    const problems = problemsOf(spoil(valid2026()));
    expect(problems.some((problem) => expected.test(problem))).toBe(true);
  });

  it('R3 lists every problem of a file at once, in the error message too', () => {
    const json = valid2026();
    json.year = 2027;
    json.holidays[1].days = 8;
    json.makeUpWorkdays.push('2026-03-03');
    let error: unknown;
    try {
      parseHolidayCalendar(json);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HolidayCalendarError);
    const problems = (error as HolidayCalendarError).problems;
    // Every date of the file is now outside 2027, plus the span and the weekday make-up day.
    expect(problems.filter((p) => /is not in 2027/.test(p)).length).toBe(2 * 7 + 7);
    expect(problems).toContain('holidays[1] (春节).days: 8 but 2026-02-15..2026-02-23 spans 9 days');
    expect(problems).toContain(
      'makeUpWorkdays[6]: 2026-03-03 is not a Saturday or Sunday, so it is a working day already',
    );
    expect((error as HolidayCalendarError).message).toContain('- holidays[1] (春节).days: 8');
    expect((error as HolidayCalendarError).code).toBe('HOLIDAY_CALENDAR_INVALID');
    expect((error as HolidayCalendarError).status).toBe(400);
    expect((error as HolidayCalendarError).zh).toContain('节假日安排文件有误');
    expect((error as HolidayCalendarError).details).toEqual({ problems });
  });
});

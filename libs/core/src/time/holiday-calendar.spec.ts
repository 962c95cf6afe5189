import calendar2026 from './calendars/2026.json';
import { HolidayCalendarError, HolidayCalendarFault, parseHolidayCalendar } from './holiday-calendar';

function errorOf(json: unknown): HolidayCalendarError {
  try {
    parseHolidayCalendar(json);
  } catch (error) {
    if (error instanceof HolidayCalendarError) return error;
    throw error;
  }
  throw new Error('the calendar was accepted');
}

function problemsOf(json: unknown): readonly string[] {
  return errorOf(json).problems;
}

function faultsOf(json: unknown): readonly HolidayCalendarFault[] {
  return errorOf(json).faults;
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

  // the same faults as above, each with its stable code and the Chinese message the administrator reads
  const chinese: [string, Spoil, string, RegExp][] = [
    ['not an object', () => [1, 2], 'CALENDAR_NOT_OBJECT', /^文件须为一个 JSON 对象/],
    ['a year that is not a number', (j) => ({ ...j, year: '2026' }), 'CALENDAR_YEAR_INVALID', /^年份（year）写为 "2026"：须为 1950 至 2100 之间的整数/],
    ['a missing source', (j) => ({ ...j, source: undefined }), 'CALENDAR_SOURCE_MISSING', /^来源（source）缺失：须写明所依据的通知/],
    ['an unknown field (typo)', (j) => ({ ...j, makeupWorkdays: [] }), 'CALENDAR_UNKNOWN_FIELD', /^未知字段“makeupWorkdays”（可用的字段：year、source、holidays、makeUpWorkdays）/],
    ['no holidays', (j) => ({ ...j, holidays: [] }), 'CALENDAR_HOLIDAYS_EMPTY', /^假期（holidays）写为 \[\]：须为至少含一个假期的列表/],
    ['a holiday that is not an object', (j) => ((j.holidays[0] = 'x' as unknown as Record<string, unknown>), j), 'CALENDAR_HOLIDAY_NOT_OBJECT', /^第 1 个假期须为一个对象/],
    ['a holiday without a name', (j) => ((j.holidays[0].name = ' '), j), 'CALENDAR_HOLIDAY_NAME_MISSING', /^第 1 个假期的名称（name）写为 " "：须写明假期名称/],
    ['days that are not a number', (j) => ((j.holidays[0].days = 0), j), 'CALENDAR_HOLIDAY_DAYS_INVALID', /^第 1 个假期（元旦）的天数（days）写为 0：须为不小于 1 的整数/],
    ['a date that does not exist', (j) => ((j.holidays[1].to = '2026-02-30'), j), 'CALENDAR_DATE_INVALID', /^第 2 个假期（春节）的结束日期（to）写为 "2026-02-30"，不是有效的日期/],
    ['a holiday outside the year', (j) => ((j.holidays[0].from = '2025-12-31'), (j.holidays[0].days = 4), j), 'CALENDAR_DATE_OUTSIDE_YEAR', /^第 1 个假期（元旦）的开始日期（from） 2025-12-31 不在 2026 年内/],
    ['from after to', (j) => ((j.holidays[2].from = '2026-04-07'), j), 'CALENDAR_HOLIDAY_REVERSED', /^第 3 个假期（清明节）：开始日期 2026-04-07 晚于结束日期 2026-04-06/],
    ['days that do not match the span', (j) => ((j.holidays[1].days = 8), j), 'CALENDAR_HOLIDAY_DAYS_MISMATCH', /^第 2 个假期（春节）：天数写为 8 天，但 2026-02-15 至 2026-02-23 共 9 天/],
    ['overlapping holidays', (j) => ((j.holidays[6].from = '2026-09-27'), (j.holidays[6].days = 11), j), 'CALENDAR_HOLIDAYS_OVERLAP', /^假期“中秋节”（2026-09-25 至 2026-09-27）与“国庆节”（2026-09-27 至 2026-10-07）的日期重叠/],
    ['make-up days that are no list', (j) => ({ ...j, makeUpWorkdays: '2026-01-04' }), 'CALENDAR_MAKEUP_NOT_LIST', /^调休上班日（makeUpWorkdays）写为 "2026-01-04"：须为日期列表/],
    ['a make-up working day that is a weekday', (j) => (j.makeUpWorkdays.push('2026-03-02'), j), 'CALENDAR_MAKEUP_NOT_WEEKEND', /^第 7 个调休上班日 2026-03-02 是星期一，本来就是工作日：调休上班日须为星期六或星期日/],
    ['a make-up working day inside a holiday', (j) => (j.makeUpWorkdays.push('2026-02-21'), j), 'CALENDAR_MAKEUP_IN_HOLIDAY', /^第 7 个调休上班日 2026-02-21 在假期“春节”之内/],
    ['a make-up working day listed twice', (j) => (j.makeUpWorkdays.push('2026-02-14'), j), 'CALENDAR_MAKEUP_DUPLICATE', /^第 7 个调休上班日 2026-02-14 重复列出/],
  ];

  it.each(chinese)('R3 names the fault of a calendar file with %s by a stable code, in Chinese and English', (_title, spoil, code, zh) => {
    const faults = faultsOf(spoil(valid2026()));
    const found = faults.find((f) => f.code === code);
    expect(found).toBeDefined();
    expect(found!.zh).toMatch(zh);
    // English alongside, the line `problems` carries; no English words left in the Chinese message but field names
    expect(errorOf(spoil(valid2026())).problems).toContain(found!.en);
    expect(found!.zh.replace(/\b(year|source|holidays|makeUpWorkdays|makeupWorkdays|name|from|to|days|JSON|YYYY-MM-DD)\b/g, '')).not.toMatch(/[A-Za-z]{3,}/);
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
    expect((error as HolidayCalendarError).zh).toContain('- 第 2 个假期（春节）：天数写为 8 天');
    const faults = (error as HolidayCalendarError).faults;
    expect(faults.map((f) => f.en)).toEqual(problems);
    expect((error as HolidayCalendarError).details).toEqual({ problems, faults });
  });
});

import { DomainError } from '../errors/domain-error';
import { addDays, dayOfWeek, daysBetween, isLocalDate, isWeekend, LocalDate, yearOf } from './shanghai';

/**
 * One year of the State Council's holiday notice (国务院办公厅关于某年部分节假日安排的通知), as data (R3):
 * the holidays (放假) and the make-up working days on weekends (调休上班).
 */
export interface HolidayCalendar {
  readonly year: number;
  /** The notice it was transcribed from, e.g. '国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）'. */
  readonly source: string;
  readonly holidays: readonly HolidayPeriod[];
  /** Weekend days that are working days (调休上班). */
  readonly makeUpWorkdays: readonly LocalDate[];
}

export interface HolidayPeriod {
  /** As the notice names it: '春节', '国庆节、中秋节'. */
  readonly name: string;
  readonly from: LocalDate;
  /** Inclusive. */
  readonly to: LocalDate;
  /** Days from `from` to `to` inclusive, as the notice states it ("共8天"). */
  readonly days: number;
}

/**
 * One fault of a calendar file: a stable code a client can act on, where it is (`holidays[1] (春节).to`), and the
 * message in Chinese and English. `en` is the line `problems` has always carried.
 */
export interface HolidayCalendarFault {
  readonly code: HolidayCalendarFaultCode;
  readonly where: string;
  readonly zh: string;
  readonly en: string;
}

export type HolidayCalendarFaultCode =
  | 'CALENDAR_NOT_OBJECT'
  | 'CALENDAR_UNKNOWN_FIELD'
  | 'CALENDAR_YEAR_INVALID'
  | 'CALENDAR_SOURCE_MISSING'
  | 'CALENDAR_DATE_INVALID'
  | 'CALENDAR_DATE_OUTSIDE_YEAR'
  | 'CALENDAR_HOLIDAYS_EMPTY'
  | 'CALENDAR_HOLIDAY_NOT_OBJECT'
  | 'CALENDAR_HOLIDAY_NAME_MISSING'
  | 'CALENDAR_HOLIDAY_DAYS_INVALID'
  | 'CALENDAR_HOLIDAY_REVERSED'
  | 'CALENDAR_HOLIDAY_DAYS_MISMATCH'
  | 'CALENDAR_HOLIDAYS_OVERLAP'
  | 'CALENDAR_MAKEUP_NOT_LIST'
  | 'CALENDAR_MAKEUP_DUPLICATE'
  | 'CALENDAR_MAKEUP_NOT_WEEKEND'
  | 'CALENDAR_MAKEUP_IN_HOLIDAY';

/**
 * An uploaded calendar file is wrong (HTTP 400, HOLIDAY_CALENDAR_INVALID); `faults` lists every fault found with
 * its code and Chinese and English message, `problems` the English lines alone (as before), both also in
 * `details` for the problem+json answer.
 */
export class HolidayCalendarError extends DomainError {
  readonly problems: readonly string[];

  constructor(readonly faults: readonly HolidayCalendarFault[]) {
    const problems = faults.map((f) => f.en);
    super(
      'HOLIDAY_CALENDAR_INVALID',
      400,
      `节假日安排文件有误：\n- ${faults.map((f) => f.zh).join('\n- ')}`,
      `Invalid holiday calendar:\n- ${problems.join('\n- ')}`,
      { problems: [...problems], faults: faults.map((f) => ({ ...f })) },
    );
    this.problems = problems;
    this.name = 'HolidayCalendarError';
  }
}

const TOP_LEVEL_KEYS = ['year', 'source', 'holidays', 'makeUpWorkdays'];
const HOLIDAY_KEYS = ['name', 'from', 'to', 'days'];
const MIN_YEAR = 1950;
const MAX_YEAR = 2100;
const WEEKDAY_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

function describeZh(value: unknown): string {
  return value === undefined ? '缺失' : `写为 ${JSON.stringify(value)}`;
}

/** A place in the file, in English (the JSON path, as the messages always named it) and in Chinese. */
interface Where {
  readonly en: string;
  readonly zh: string;
}

/**
 * Validates a calendar file (for example one an administrator uploads) and returns it typed, frozen, with
 * holidays and make-up days sorted by date. Throws a HolidayCalendarError naming every fault found:
 * unknown or missing fields, a year out of range, dates that do not exist or lie outside the year, a holiday
 * whose `from` is after its `to` or whose `days` is not its span, overlapping holidays, a make-up working day
 * that is not a Saturday or Sunday, falls inside a holiday, or is listed twice.
 */
export function parseHolidayCalendar(json: unknown): HolidayCalendar {
  const faults: HolidayCalendarFault[] = [];
  const fault = (code: HolidayCalendarFaultCode, where: string, zh: string, en: string): void => {
    faults.push({ code, where, zh, en });
  };
  if (!isRecord(json)) {
    throw new HolidayCalendarError([
      {
        code: 'CALENDAR_NOT_OBJECT',
        where: '',
        zh: '文件须为一个 JSON 对象：{year, source, holidays, makeUpWorkdays}',
        en: 'the file must be a JSON object {year, source, holidays, makeUpWorkdays}',
      },
    ]);
  }
  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      fault('CALENDAR_UNKNOWN_FIELD', key, `未知字段“${key}”（可用的字段：${TOP_LEVEL_KEYS.join('、')}）`, `unknown field "${key}"`);
    }
  }

  const year = json.year;
  const yearValid = typeof year === 'number' && Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
  if (!yearValid) {
    fault(
      'CALENDAR_YEAR_INVALID',
      'year',
      `年份（year）${describeZh(year)}：须为 ${MIN_YEAR} 至 ${MAX_YEAR} 之间的整数，如 2027`,
      `year: ${describe(year)} is not a year between ${MIN_YEAR} and ${MAX_YEAR}`,
    );
  }

  const source = json.source;
  if (typeof source !== 'string' || source.trim() === '') {
    fault(
      'CALENDAR_SOURCE_MISSING',
      'source',
      `来源（source）${describeZh(source)}：须写明所依据的通知，如“国务院办公厅关于${yearValid ? year : 'XXXX'}年部分节假日安排的通知”`,
      `source: ${describe(source)} must name the notice the calendar comes from`,
    );
  }

  const checkDate = (value: unknown, where: Where): LocalDate | null => {
    if (!isLocalDate(value)) {
      fault('CALENDAR_DATE_INVALID', where.en, `${where.zh}${describeZh(value)}，不是有效的日期（格式为 YYYY-MM-DD，如 2027-01-01）`, `${where.en}: ${describe(value)} is not a date written YYYY-MM-DD`);
      return null;
    }
    if (yearValid && yearOf(value) !== year) {
      fault('CALENDAR_DATE_OUTSIDE_YEAR', where.en, `${where.zh} ${value} 不在 ${year} 年内`, `${where.en}: ${value} is not in ${year}`);
    }
    return value;
  };

  const holidays: HolidayPeriod[] = [];
  if (!Array.isArray(json.holidays) || json.holidays.length === 0) {
    fault(
      'CALENDAR_HOLIDAYS_EMPTY',
      'holidays',
      `假期（holidays）${describeZh(json.holidays)}：须为至少含一个假期的列表`,
      `holidays: ${describe(json.holidays)} must be a non-empty list`,
    );
  } else {
    json.holidays.forEach((entry: unknown, index: number) => {
      const where = `holidays[${index}]`;
      const whereZh = `第 ${index + 1} 个假期`;
      if (!isRecord(entry)) {
        fault('CALENDAR_HOLIDAY_NOT_OBJECT', where, `${whereZh}须为一个对象：{name, from, to, days}`, `${where}: must be an object {name, from, to, days}`);
        return;
      }
      for (const key of Object.keys(entry)) {
        if (!HOLIDAY_KEYS.includes(key)) {
          fault('CALENDAR_UNKNOWN_FIELD', `${where}.${key}`, `${whereZh}：未知字段“${key}”（可用的字段：${HOLIDAY_KEYS.join('、')}）`, `${where}: unknown field "${key}"`);
        }
      }
      const name = entry.name;
      const nameValid = typeof name === 'string' && name.trim() !== '';
      if (!nameValid) {
        fault('CALENDAR_HOLIDAY_NAME_MISSING', `${where}.name`, `${whereZh}的名称（name）${describeZh(name)}：须写明假期名称，如“春节”`, `${where}.name: ${describe(name)} must be the holiday's name`);
      }
      const label = nameValid ? `${where} (${name})` : where;
      const labelZh = nameValid ? `${whereZh}（${name}）` : whereZh;
      const from = checkDate(entry.from, { en: `${label}.from`, zh: `${labelZh}的开始日期（from）` });
      const to = checkDate(entry.to, { en: `${label}.to`, zh: `${labelZh}的结束日期（to）` });
      const days = entry.days;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) {
        fault(
          'CALENDAR_HOLIDAY_DAYS_INVALID',
          `${where}.days`,
          `${labelZh}的天数（days）${describeZh(days)}：须为不小于 1 的整数`,
          `${label}.days: ${describe(days)} must be a whole number of days, at least 1`,
        );
      }
      if (from === null || to === null) return;
      if (from > to) {
        fault('CALENDAR_HOLIDAY_REVERSED', where, `${labelZh}：开始日期 ${from} 晚于结束日期 ${to}`, `${label}: from ${from} is after to ${to}`);
        return;
      }
      const span = daysBetween(from, to) + 1;
      if (typeof days === 'number' && days !== span) {
        fault(
          'CALENDAR_HOLIDAY_DAYS_MISMATCH',
          `${where}.days`,
          `${labelZh}：天数写为 ${days} 天，但 ${from} 至 ${to} 共 ${span} 天`,
          `${label}.days: ${days} but ${from}..${to} spans ${span} days`,
        );
      }
      if (nameValid) holidays.push({ name: name as string, from, to, days: span });
    });
  }

  holidays.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  for (let i = 1; i < holidays.length; i++) {
    const previous = holidays[i - 1];
    const current = holidays[i];
    if (current.from <= previous.to) {
      fault(
        'CALENDAR_HOLIDAYS_OVERLAP',
        'holidays',
        `假期“${previous.name}”（${previous.from} 至 ${previous.to}）与“${current.name}”（${current.from} 至 ${current.to}）的日期重叠`,
        `holidays ${previous.name} (${previous.from}..${previous.to}) and ${current.name} ` +
          `(${current.from}..${current.to}) overlap`,
      );
    }
  }

  const makeUpWorkdays: LocalDate[] = [];
  if (!Array.isArray(json.makeUpWorkdays)) {
    fault(
      'CALENDAR_MAKEUP_NOT_LIST',
      'makeUpWorkdays',
      `调休上班日（makeUpWorkdays）${describeZh(json.makeUpWorkdays)}：须为日期列表（没有调休时写 []）`,
      `makeUpWorkdays: ${describe(json.makeUpWorkdays)} must be a list of dates (may be empty)`,
    );
  } else {
    const seen = new Set<string>();
    json.makeUpWorkdays.forEach((entry: unknown, index: number) => {
      const where = `makeUpWorkdays[${index}]`;
      const whereZh = `第 ${index + 1} 个调休上班日`;
      const date = checkDate(entry, { en: where, zh: whereZh });
      if (date === null) return;
      if (seen.has(date)) {
        fault('CALENDAR_MAKEUP_DUPLICATE', where, `${whereZh} ${date} 重复列出`, `${where}: ${date} is listed twice`);
        return;
      }
      seen.add(date);
      if (!isWeekend(date)) {
        fault(
          'CALENDAR_MAKEUP_NOT_WEEKEND',
          where,
          `${whereZh} ${date} 是${WEEKDAY_ZH[dayOfWeek(date)]}，本来就是工作日：调休上班日须为星期六或星期日`,
          `${where}: ${date} is not a Saturday or Sunday, so it is a working day already`,
        );
      }
      const inside = holidays.find((holiday) => holiday.from <= date && date <= holiday.to);
      if (inside) fault('CALENDAR_MAKEUP_IN_HOLIDAY', where, `${whereZh} ${date} 在假期“${inside.name}”之内`, `${where}: ${date} is inside the holiday ${inside.name}`);
      makeUpWorkdays.push(date);
    });
    makeUpWorkdays.sort();
  }

  if (faults.length > 0) throw new HolidayCalendarError(faults);

  return Object.freeze({
    year: year as number,
    source: (source as string).trim(),
    holidays: Object.freeze(holidays.map((holiday) => Object.freeze({ ...holiday, name: holiday.name.trim() }))),
    makeUpWorkdays: Object.freeze(makeUpWorkdays),
  });
}

/** Every date of a holiday period, in order. */
export function datesOf(holiday: Pick<HolidayPeriod, 'from' | 'to'>): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let date = holiday.from; date <= holiday.to; date = addDays(date, 1)) dates.push(date);
  return dates;
}

import { DomainError } from '../errors/domain-error';
import { addDays, daysBetween, isLocalDate, isWeekend, LocalDate, yearOf } from './shanghai';

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
 * An uploaded calendar file is wrong (HTTP 400, HOLIDAY_CALENDAR_INVALID); `problems` lists every fault found,
 * one line each, also in `details.problems` for the problem+json answer.
 */
export class HolidayCalendarError extends DomainError {
  constructor(readonly problems: readonly string[]) {
    const list = `\n- ${problems.join('\n- ')}`;
    super(
      'HOLIDAY_CALENDAR_INVALID',
      400,
      `节假日安排文件有误：${list}`,
      `Invalid holiday calendar:${list}`,
      { problems: [...problems] },
    );
    this.name = 'HolidayCalendarError';
  }
}

const TOP_LEVEL_KEYS = ['year', 'source', 'holidays', 'makeUpWorkdays'];
const HOLIDAY_KEYS = ['name', 'from', 'to', 'days'];
const MIN_YEAR = 1950;
const MAX_YEAR = 2100;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

/**
 * Validates a calendar file (for example one an administrator uploads) and returns it typed, frozen, with
 * holidays and make-up days sorted by date. Throws a HolidayCalendarError naming every problem found:
 * unknown or missing fields, a year out of range, dates that do not exist or lie outside the year, a holiday
 * whose `from` is after its `to` or whose `days` is not its span, overlapping holidays, a make-up working day
 * that is not a Saturday or Sunday, falls inside a holiday, or is listed twice.
 */
export function parseHolidayCalendar(json: unknown): HolidayCalendar {
  const problems: string[] = [];
  if (!isRecord(json)) {
    throw new HolidayCalendarError(['the file must be a JSON object {year, source, holidays, makeUpWorkdays}']);
  }
  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL_KEYS.includes(key)) problems.push(`unknown field "${key}"`);
  }

  const year = json.year;
  const yearValid = typeof year === 'number' && Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
  if (!yearValid) problems.push(`year: ${describe(year)} is not a year between ${MIN_YEAR} and ${MAX_YEAR}`);

  const source = json.source;
  if (typeof source !== 'string' || source.trim() === '') {
    problems.push(`source: ${describe(source)} must name the notice the calendar comes from`);
  }

  const checkDate = (value: unknown, where: string): LocalDate | null => {
    if (!isLocalDate(value)) {
      problems.push(`${where}: ${describe(value)} is not a date written YYYY-MM-DD`);
      return null;
    }
    if (yearValid && yearOf(value) !== year) {
      problems.push(`${where}: ${value} is not in ${year}`);
    }
    return value;
  };

  const holidays: HolidayPeriod[] = [];
  if (!Array.isArray(json.holidays) || json.holidays.length === 0) {
    problems.push(`holidays: ${describe(json.holidays)} must be a non-empty list`);
  } else {
    json.holidays.forEach((entry: unknown, index: number) => {
      const where = `holidays[${index}]`;
      if (!isRecord(entry)) {
        problems.push(`${where}: must be an object {name, from, to, days}`);
        return;
      }
      for (const key of Object.keys(entry)) {
        if (!HOLIDAY_KEYS.includes(key)) problems.push(`${where}: unknown field "${key}"`);
      }
      const name = entry.name;
      const nameValid = typeof name === 'string' && name.trim() !== '';
      if (!nameValid) problems.push(`${where}.name: ${describe(name)} must be the holiday's name`);
      const label = nameValid ? `${where} (${name})` : where;
      const from = checkDate(entry.from, `${label}.from`);
      const to = checkDate(entry.to, `${label}.to`);
      const days = entry.days;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) {
        problems.push(`${label}.days: ${describe(days)} must be a whole number of days, at least 1`);
      }
      if (from === null || to === null) return;
      if (from > to) {
        problems.push(`${label}: from ${from} is after to ${to}`);
        return;
      }
      const span = daysBetween(from, to) + 1;
      if (typeof days === 'number' && days !== span) {
        problems.push(`${label}.days: ${days} but ${from}..${to} spans ${span} days`);
      }
      if (nameValid) holidays.push({ name: name as string, from, to, days: span });
    });
  }

  holidays.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  for (let i = 1; i < holidays.length; i++) {
    const previous = holidays[i - 1];
    const current = holidays[i];
    if (current.from <= previous.to) {
      problems.push(
        `holidays ${previous.name} (${previous.from}..${previous.to}) and ${current.name} ` +
          `(${current.from}..${current.to}) overlap`,
      );
    }
  }

  const makeUpWorkdays: LocalDate[] = [];
  if (!Array.isArray(json.makeUpWorkdays)) {
    problems.push(`makeUpWorkdays: ${describe(json.makeUpWorkdays)} must be a list of dates (may be empty)`);
  } else {
    const seen = new Set<string>();
    json.makeUpWorkdays.forEach((entry: unknown, index: number) => {
      const where = `makeUpWorkdays[${index}]`;
      const date = checkDate(entry, where);
      if (date === null) return;
      if (seen.has(date)) {
        problems.push(`${where}: ${date} is listed twice`);
        return;
      }
      seen.add(date);
      if (!isWeekend(date)) {
        problems.push(`${where}: ${date} is not a Saturday or Sunday, so it is a working day already`);
      }
      const inside = holidays.find((holiday) => holiday.from <= date && date <= holiday.to);
      if (inside) problems.push(`${where}: ${date} is inside the holiday ${inside.name}`);
      makeUpWorkdays.push(date);
    });
    makeUpWorkdays.sort();
  }

  if (problems.length > 0) throw new HolidayCalendarError(problems);

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

/**
 * R1: every deadline is shown and computed in Asia/Shanghai; instants are stored in UTC.
 *
 * China has observed no daylight saving time since 1991, so Asia/Shanghai is UTC+08:00 for every date the
 * platform handles. This file is the one place that converts between instants (`Date`, UTC) and local
 * calendar dates; everything else works on `LocalDate` values or calls these functions.
 */

export const SHANGHAI_TIME_ZONE = 'Asia/Shanghai';
export const SHANGHAI_OFFSET = '+08:00';

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date in Asia/Shanghai, as 'YYYY-MM-DD'. Build one with `localDate()` or `toLocalDate()`. */
export type LocalDate = string & { readonly __brand: 'LocalDate' };

/** 0 = Sunday … 6 = Saturday, as `Date.getUTCDay()`. */
export type DayOfWeek = 0 | 1 | 2 | 3 | 4 | 5 | 6;

function splitDate(text: string): [number, number, number] | null {
  const match = LOCAL_DATE_PATTERN.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Years before 1000 are refused: Date.UTC would read 0025 as 1925, and no tender is that old.
  if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return [year, month, day];
}

/** True when `text` is a real calendar date written 'YYYY-MM-DD' (so '2026-02-30' is not). */
export function isLocalDate(text: unknown): text is LocalDate {
  return typeof text === 'string' && splitDate(text) !== null;
}

/** Validates and brands a 'YYYY-MM-DD' string; throws a RangeError for anything else. */
export function localDate(text: string): LocalDate {
  if (!isLocalDate(text)) {
    throw new RangeError(`"${text}" is not a calendar date written YYYY-MM-DD`);
  }
  return text;
}

/** Builds a LocalDate from numbers (month 1–12); throws if the date does not exist. */
export function localDateOf(year: number, month: number, day: number): LocalDate {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return localDate(text);
}

function epochDay(date: LocalDate): number {
  const parts = splitDate(date);
  if (!parts) throw new RangeError(`"${date}" is not a calendar date written YYYY-MM-DD`);
  return Date.UTC(parts[0], parts[1] - 1, parts[2]) / DAY_MS;
}

function fromEpochDay(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10) as LocalDate;
}

function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('not a valid instant');
  }
}

/** The Asia/Shanghai calendar date of an instant: 2026-11-25T16:30:00Z is 2026-11-26. */
export function toLocalDate(instant: Date): LocalDate {
  assertValidInstant(instant);
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10) as LocalDate;
}

/** 00:00 of the local day, as an instant (the previous day 16:00 UTC). */
export function startOfLocalDay(date: LocalDate): Date {
  return new Date(epochDay(date) * DAY_MS - OFFSET_MS);
}

/** 24:00 of the local day (= 00:00 of the next day, +08:00), where a period ending on that day ends (R2). */
export function endOfLocalDay(date: LocalDate): Date {
  return new Date((epochDay(date) + 1) * DAY_MS - OFFSET_MS);
}

/** The instant of a wall-clock time on a local day, e.g. 截止 at 09:30 on 2026-03-23. */
export function atLocalTime(date: LocalDate, hour: number, minute = 0, second = 0): Date {
  const valid = (value: number, max: number) => Number.isInteger(value) && value >= 0 && value <= max;
  if (!valid(hour, 23) || !valid(minute, 59) || !valid(second, 59)) {
    throw new RangeError(`${hour}:${minute}:${second} is not a time of day`);
  }
  return new Date(startOfLocalDay(date).getTime() + ((hour * 60 + minute) * 60 + second) * 1000);
}

/**
 * ISO 8601 in Asia/Shanghai with its offset, e.g. '2026-11-25T09:30:00+08:00': for display and for the
 * provincial API's times. Seconds precision unless `milliseconds` is asked for.
 */
export function formatShanghai(instant: Date, options: { milliseconds?: boolean } = {}): string {
  assertValidInstant(instant);
  const shifted = new Date(instant.getTime() + OFFSET_MS).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  const body = options.milliseconds ? shifted.slice(0, 23) : shifted.slice(0, 19);
  return body + SHANGHAI_OFFSET;
}

/** Calendar-day arithmetic: addDays('2026-02-28', 1) is '2026-03-01'. `days` may be negative. */
export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`${days} is not a whole number of days`);
  return fromEpochDay(epochDay(date) + days);
}

/** Calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return epochDay(b) - epochDay(a);
}

/** Negative, zero or positive, for sorting. 'YYYY-MM-DD' strings also compare correctly as text. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxLocalDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

export function minLocalDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

export function dayOfWeek(date: LocalDate): DayOfWeek {
  return new Date(epochDay(date) * DAY_MS).getUTCDay() as DayOfWeek;
}

export function isWeekend(date: LocalDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

import { DomainError, endOfLocalDay, isLocalDate, LocalDate, startOfLocalDay } from '@app/core';

/** The longest period the statistics cover in one request: five years (an annual report needs one). */
export const MAX_STATISTICS_YEARS = 5;

/** One month of the period, clipped to it: the first and the last month may be partial. */
export interface StatisticsMonth {
  /** 'YYYY-MM' */
  month: string;
  from: LocalDate;
  to: LocalDate;
}

/** A period of whole days in Asia/Shanghai, from `from` to `to` inclusive, cut into its months. */
export interface StatisticsPeriod {
  from: LocalDate;
  to: LocalDate;
  months: StatisticsMonth[];
  /** 00:00 (+08:00) of `from`, of the first day of each later month, and 24:00 of `to`: months.length + 1 instants. */
  boundaries: Date[];
}

export const StatisticsErrors = {
  badDate: (field: string, value: string) =>
    new DomainError('BAD_DATE', 400, `${field} 不是有效日期（YYYY-MM-DD）`, `${field} is not a calendar date (YYYY-MM-DD)`, { field, value }),
  reversed: (from: string, to: string) =>
    new DomainError('STATISTICS_PERIOD_REVERSED', 400, `统计期间的开始日期（${from}）晚于结束日期（${to}）`, `The period starts (${from}) after it ends (${to})`, { from, to }),
  tooLong: (from: string, to: string, latestTo: string) =>
    new DomainError(
      'STATISTICS_PERIOD_TOO_LONG',
      400,
      `统计期间不得超过 ${MAX_STATISTICS_YEARS} 年（自 ${from} 起最迟至 ${latestTo}，所选至 ${to}）`,
      `The period may not be longer than ${MAX_STATISTICS_YEARS} years (from ${from} it may end on ${latestTo} at the latest, not ${to})`,
      { from, to, latestTo, maxYears: MAX_STATISTICS_YEARS },
    ),
};

function ymd(date: LocalDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function dateText(y: number, m: number, d: number): LocalDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as LocalDate;
}

function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The last day a period starting on `from` may end on: the day before the same date five years on (28 Feb for 29 Feb). */
export function latestEndOf(from: LocalDate): LocalDate {
  const [y, m, d] = ymd(from);
  const same = dateText(y + MAX_STATISTICS_YEARS, m, Math.min(d, lastDayOfMonth(y + MAX_STATISTICS_YEARS, m)));
  const t = new Date(`${same}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10) as LocalDate;
}

/**
 * The period of the statistics from two 'YYYY-MM-DD' dates (both included), refused when a date is not a calendar
 * date, when `from` is after `to`, or when the period is longer than five years.
 */
export function statisticsPeriod(from: string, to: string): StatisticsPeriod {
  if (!isLocalDate(from)) throw StatisticsErrors.badDate('from', from);
  if (!isLocalDate(to)) throw StatisticsErrors.badDate('to', to);
  if (from > to) throw StatisticsErrors.reversed(from, to);
  const latest = latestEndOf(from);
  if (to > latest) throw StatisticsErrors.tooLong(from, to, latest);
  const months: StatisticsMonth[] = [];
  const boundaries: Date[] = [startOfLocalDay(from)];
  let [y, m] = ymd(from);
  let start: LocalDate = from;
  for (;;) {
    const monthEnd = dateText(y, m, lastDayOfMonth(y, m));
    const end: LocalDate = monthEnd < to ? monthEnd : to;
    months.push({ month: start.slice(0, 7), from: start, to: end });
    boundaries.push(endOfLocalDay(end));
    if (end === to) break;
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
    start = dateText(y, m, 1);
  }
  return { from, to, months, boundaries };
}

/** This year so far: 1 January of the year of `today` to `today`. */
export function yearToDate(today: LocalDate): { from: LocalDate; to: LocalDate } {
  return { from: dateText(ymd(today)[0], 1, 1), to: today };
}

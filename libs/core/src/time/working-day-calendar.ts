import { datesOf, HolidayCalendar, HolidayPeriod, parseHolidayCalendar } from './holiday-calendar';
import { addDays, daysBetween, isWeekend, LocalDate, localDateOf, yearOf } from './shanghai';
import { STATUTORY_HOLIDAYS_SOURCE, statutoryHolidays } from './statutory-holidays';

/** Why a day is or is not a working day. */
export type DayKind = 'weekday' | 'weekend' | 'holiday' | 'makeUpWorkday';

export interface DayInfo {
  readonly date: LocalDate;
  readonly working: boolean;
  readonly kind: DayKind;
  /** The holiday's name when kind is 'holiday'. */
  readonly holiday?: string;
  /** True when the year has no official calendar loaded and the day was judged by the provisional rule (R3). */
  readonly provisional: boolean;
}

interface YearTable {
  readonly provisional: boolean;
  readonly source: string;
  readonly holidays: ReadonlyMap<string, string>; // date → holiday name
  readonly makeUpWorkdays: ReadonlySet<string>;
}

/** Stepping further than this many days means a caller passed a wrong figure, not a legal period. */
const MAX_STEPS = 20_000;

/**
 * Working days (R3): the official calendars loaded (holidays and make-up working days), and for any other
 * year the provisional rule (weekends and the statutory holidays of 全国年节及纪念日放假办法).
 *
 * Immutable: `withYear()` returns a new calendar, so a calendar handed to a computation never changes under it.
 * Working-day counting never counts the start day itself (R2): `addWorkingDays(d, 1)` is the first working day
 * after d.
 */
export class WorkingDayCalendar {
  private readonly official: ReadonlyMap<number, HolidayCalendar>;
  private readonly tables = new Map<number, YearTable>(); // a cache, filled on first use of a year
  private readonly counts = new Map<number, Int16Array>(); // running working-day counts per year, the same
  private readonly through = new Map<string, number>(); // throughDay by date (a few thousand dates at most)

  constructor(calendars: readonly HolidayCalendar[] = []) {
    const byYear = new Map<number, HolidayCalendar>();
    for (const given of calendars) {
      // Validated again and copied frozen, so that no one can change a loaded calendar from outside.
      const calendar = parseHolidayCalendar(given);
      if (byYear.has(calendar.year)) {
        throw new Error(`two calendars for the year ${calendar.year}`);
      }
      byYear.set(calendar.year, calendar);
    }
    this.official = byYear;
  }

  /** A new calendar with this year's official calendar loaded, replacing any calendar already loaded for it. */
  withYear(calendar: HolidayCalendar): WorkingDayCalendar {
    const others = [...this.official.values()].filter((loaded) => loaded.year !== calendar.year);
    return new WorkingDayCalendar([...others, calendar]);
  }

  /** The official calendar loaded for a year, if any. */
  calendarFor(year: number): HolidayCalendar | undefined {
    return this.official.get(year);
  }

  /** Years with an official calendar, ascending. */
  loadedYears(): number[] {
    return [...this.official.keys()].sort((a, b) => a - b);
  }

  /** True when the year has no official calendar loaded, so its working days are provisional (R3). */
  isProvisional(year: number): boolean {
    return !this.official.has(year);
  }

  /** Years from the year of `a` to the year of `b` (inclusive, in either order) with no official calendar. */
  provisionalYearsBetween(a: LocalDate, b: LocalDate): number[] {
    const [first, last] = a <= b ? [yearOf(a), yearOf(b)] : [yearOf(b), yearOf(a)];
    const years: number[] = [];
    for (let year = first; year <= last; year++) {
      if (this.isProvisional(year)) years.push(year);
    }
    return years;
  }

  /** The holidays counted for a year: the official ones, or the provisional statutory ones (R3). */
  holidaysOf(year: number): readonly HolidayPeriod[] {
    return this.official.get(year)?.holidays ?? statutoryHolidays(year);
  }

  /** The notice a year's working days come from, or the provisional rule. */
  sourceOf(year: number): string {
    return this.table(year).source;
  }

  describe(date: LocalDate): DayInfo {
    const table = this.table(yearOf(date));
    const provisional = table.provisional;
    const holiday = table.holidays.get(date);
    if (holiday !== undefined) return { date, working: false, kind: 'holiday', holiday, provisional };
    if (table.makeUpWorkdays.has(date)) return { date, working: true, kind: 'makeUpWorkday', provisional };
    if (isWeekend(date)) return { date, working: false, kind: 'weekend', provisional };
    return { date, working: true, kind: 'weekday', provisional };
  }

  isWorkingDay(date: LocalDate): boolean {
    const table = this.table(yearOf(date));
    if (table.holidays.has(date)) return false;
    if (table.makeUpWorkdays.has(date)) return true;
    return !isWeekend(date);
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    return this.addWorkingDays(date, 1);
  }

  /** `date` itself if it is a working day, otherwise the next working day (R2's move of a period's last day). */
  workingDayOnOrAfter(date: LocalDate): LocalDate {
    return this.isWorkingDay(date) ? date : this.nextWorkingDay(date);
  }

  /** `date` itself if it is a working day, otherwise the last working day before it. */
  workingDayOnOrBefore(date: LocalDate): LocalDate {
    return this.isWorkingDay(date) ? date : this.addWorkingDays(date, -1);
  }

  /**
   * The n-th working day after `date` (the date itself not counted); for a negative n the |n|-th working day
   * before it; for 0 the date itself.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new RangeError(`${n} is not a whole number of working days`);
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let current = date;
    let steps = 0;
    while (remaining > 0) {
      current = addDays(current, step);
      if (this.isWorkingDay(current)) remaining--;
      if (++steps > MAX_STEPS) throw new RangeError(`${n} working days from ${date} is out of range`);
    }
    return current;
  }

  /**
   * Working days d with a < d ≤ b: how many working days after `a` it takes to reach `b`, so that
   * addWorkingDays(a, workingDaysBetween(a, b)) is b when b is a working day. Negative when b is before a.
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    if (a > b) return -this.workingDaysBetween(b, a);
    if (daysBetween(a, b) > MAX_STEPS) throw new RangeError(`${a}..${b} is out of range`);
    // by the per-year running counts (the board computes this for every open case of a page, the statistics for a year)
    const [ya, yb] = [yearOf(a), yearOf(b)];
    if (ya === yb) return this.throughDay(b) - this.throughDay(a);
    let count = this.yearTotal(ya) - this.throughDay(a);
    for (let year = ya + 1; year < yb; year++) count += this.yearTotal(year);
    return count + this.throughDay(b);
  }

  /** Working days from 1 January of the date's year up to and including the date. */
  private throughDay(date: LocalDate): number {
    let n = this.through.get(date);
    if (n === undefined) {
      const year = yearOf(date);
      n = this.runningCounts(year)[daysBetween(localDateOf(year, 1, 1), date) + 1];
      this.through.set(date, n);
    }
    return n;
  }

  private yearTotal(year: number): number {
    const counts = this.runningCounts(year);
    return counts[counts.length - 1];
  }

  /** counts[i]: working days among the first i days of the year (counts[0] = 0). */
  private runningCounts(year: number): Int16Array {
    let counts = this.counts.get(year);
    if (!counts) {
      const first = localDateOf(year, 1, 1);
      const days = daysBetween(first, localDateOf(year + 1, 1, 1));
      counts = new Int16Array(days + 1);
      for (let i = 0, day = first; i < days; i++, day = addDays(day, 1)) counts[i + 1] = counts[i] + (this.isWorkingDay(day) ? 1 : 0);
      this.counts.set(year, counts);
    }
    return counts;
  }

  private table(year: number): YearTable {
    let table = this.tables.get(year);
    if (!table) {
      table = this.buildTable(year);
      this.tables.set(year, table);
    }
    return table;
  }

  private buildTable(year: number): YearTable {
    const calendar = this.official.get(year);
    const holidays = new Map<string, string>();
    for (const holiday of calendar?.holidays ?? statutoryHolidays(year)) {
      for (const date of datesOf(holiday)) {
        const existing = holidays.get(date);
        // Provisional holidays may overlap (中秋 on 1–3 October): name the day after both.
        holidays.set(date, existing && existing !== holiday.name ? `${existing}、${holiday.name}` : holiday.name);
      }
    }
    return {
      provisional: !calendar,
      source: calendar?.source ?? `${STATUTORY_HOLIDAYS_SOURCE}（暂定 provisional）`,
      holidays,
      makeUpWorkdays: new Set(calendar?.makeUpWorkdays ?? []),
    };
  }
}

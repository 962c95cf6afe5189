import {
  addDays,
  endOfLocalDay,
  LocalDate,
  maxLocalDate,
  minLocalDate,
  startOfLocalDay,
  toLocalDate,
} from './shanghai';
import { PeriodUnit } from './period-unit';
import { WorkingDayCalendar } from './working-day-calendar';

/**
 * Deadline arithmetic of docs/rules.md "Counting time" (R1–R4). Every function takes instants (UTC `Date`s),
 * works on Asia/Shanghai local dates (R1) and says whether its answer rests on a provisional year (R3).
 */

export { PERIOD_UNITS } from './period-unit';
export type { PeriodUnit } from './period-unit';

export interface ComputedDate {
  /** The instant: 24:00 of `date` for a period's end, 00:00 of `date` for an earliest allowed day. */
  readonly at: Date;
  /** The Asia/Shanghai day the answer falls on. */
  readonly date: LocalDate;
  /** True when a day the computation looked at lies in a year with no official calendar loaded (R3). */
  readonly provisional: boolean;
  /** Those years, for the warning shown with a provisional date. */
  readonly provisionalYears: readonly number[];
  /** How the answer was reached, for people: which day was counted from, what moved it. */
  readonly basis: string;
}

export interface MinimumCheck {
  /** True when the second event falls on or after the earliest allowed day (R4: exactly N days passes). */
  readonly ok: boolean;
  /** The earliest allowed day, for the refusal message. */
  readonly earliest: ComputedDate;
}

/** A time during which a period does not run (a suspension; a required prior objection, R30). */
export interface PauseInterval {
  readonly from: Date;
  /** null while the pause lasts. */
  readonly to: Date | null;
}

export interface RemainingTime {
  /** Working days left after today up to the due day: N on the day a N-working-day period starts, 0 on its last day. */
  readonly workingDays: number;
  /** True once the (extended) due instant has passed. */
  readonly overdue: boolean;
  /** Working days past the due day, when overdue. */
  readonly overdueWorkingDays: number;
  /** True while a pause lasts: the count stands still. */
  readonly paused: boolean;
  /** The due instant moved later by the working days of finished pauses. */
  readonly due: Date;
  readonly provisional: boolean;
  readonly provisionalYears: readonly number[];
  readonly basis: string;
}

function assertFigure(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a period of ${n} is not a whole number ≥ 1`);
}

function unitText(n: number, unit: PeriodUnit): string {
  return `${n} ${unit === 'days' ? 'day' : 'working day'}${n === 1 ? '' : 's'}`;
}

function whyNotWorking(cal: WorkingDayCalendar, date: LocalDate): string {
  const info = cal.describe(date);
  return info.kind === 'holiday' ? `a public holiday (${info.holiday})` : 'a weekend day';
}

function provisionalNote(years: readonly number[]): string {
  if (years.length === 0) return '';
  return (
    `; provisional: no official holiday calendar loaded for ${years.join(', ')} ` +
    `(counted with weekends and the statutory holidays only)`
  );
}

function result(
  cal: WorkingDayCalendar,
  at: Date,
  date: LocalDate,
  consulted: readonly [LocalDate, LocalDate] | null,
  basis: string,
): ComputedDate {
  const provisionalYears = consulted ? cal.provisionalYearsBetween(consulted[0], consulted[1]) : [];
  return {
    at,
    date,
    provisional: provisionalYears.length > 0,
    provisionalYears,
    basis: basis + provisionalNote(provisionalYears),
  };
}

/**
 * "Within N days / working days of `start`" (R2): the start day is not counted and the period ends at 24:00 of
 * its last day. For calendar days the last day is the start day + N, moved to the next working day when it is a
 * weekend or public holiday; for working days it is the N-th working day after the start day.
 */
export function periodEnd(start: Date, n: number, unit: PeriodUnit, cal: WorkingDayCalendar): ComputedDate {
  assertFigure(n);
  const startDay = toLocalDate(start);
  const counted = `${unitText(n, unit)} after ${startDay} (start day not counted)`;
  if (unit === 'workingDays') {
    const last = cal.addWorkingDays(startDay, n);
    const basis = `${counted}: last day ${last}; ends ${last} 24:00 Asia/Shanghai`;
    return result(cal, endOfLocalDay(last), last, [addDays(startDay, 1), last], basis);
  }
  const nominal = addDays(startDay, n);
  const last = cal.workingDayOnOrAfter(nominal);
  const moved = last === nominal ? '' : `, ${whyNotWorking(cal, nominal)}, moved to the next working day ${last}`;
  const basis = `${counted}: ${nominal}${moved}; ends ${last} 24:00 Asia/Shanghai`;
  return result(cal, endOfLocalDay(last), last, [nominal, last], basis);
}

/**
 * For a minimum period "at least N days / working days between A (at `start`) and B" (R4: N itself is enough):
 * the earliest day on which B may fall is the start day + N days, or the N-th working day after it, moved to the
 * next working day when that is not one (R2). `at` is 00:00 of that day.
 */
export function earliestAllowed(start: Date, n: number, unit: PeriodUnit, cal: WorkingDayCalendar): ComputedDate {
  assertFigure(n);
  const startDay = toLocalDate(start);
  const counted = `at least ${unitText(n, unit)} after ${startDay} (start day not counted, the N-th day included)`;
  if (unit === 'workingDays') {
    const earliest = cal.addWorkingDays(startDay, n);
    const basis = `${counted}: earliest ${earliest}`;
    return result(cal, startOfLocalDay(earliest), earliest, [addDays(startDay, 1), earliest], basis);
  }
  const nominal = addDays(startDay, n);
  const earliest = cal.workingDayOnOrAfter(nominal);
  const moved = earliest === nominal ? '' : `, ${whyNotWorking(cal, nominal)}, moved to the next working day`;
  const basis = `${counted}: ${nominal}${moved}; earliest ${earliest}`;
  return result(cal, startOfLocalDay(earliest), earliest, [nominal, earliest], basis);
}

/** Whether B at `end` is at least N days / working days after A at `start` (R4), with the earliest allowed day. */
export function satisfiesMinimum(
  start: Date,
  end: Date,
  n: number,
  unit: PeriodUnit,
  cal: WorkingDayCalendar,
): MinimumCheck {
  const earliest = earliestAllowed(start, n, unit, cal);
  return { ok: end.getTime() >= earliest.at.getTime(), earliest };
}

/**
 * The inverse of `satisfiesMinimum`: the last day on which A may fall so that B at `end` is still at least
 * N days / working days after it (R8 "≥ 15 days before 截止", R27 "≥ 10 days before 截止"). `at` is 24:00 of that
 * day: A must happen before it. For every A, satisfiesMinimum(A, end) holds exactly when A < at.
 */
export function latestAllowed(end: Date, n: number, unit: PeriodUnit, cal: WorkingDayCalendar): ComputedDate {
  assertFigure(n);
  const endDay = toLocalDate(end);
  // B must fall on or after the earliest allowed day, which is always a working day: the last working day on or
  // before B's day is the latest earliest-allowed day that still fits.
  const lastWorking = cal.workingDayOnOrBefore(endDay);
  const latest =
    unit === 'days'
      ? addDays(lastWorking, -n)
      : addDays(cal.addWorkingDays(lastWorking, -(n - 1)), -1);
  const basis =
    `at least ${unitText(n, unit)} before ${endDay}` +
    (lastWorking === endDay ? '' : ` (${whyNotWorking(cal, endDay)}; last working day ${lastWorking})`) +
    `: latest ${latest}, until 24:00 Asia/Shanghai`;
  const consultedFrom = unit === 'days' ? lastWorking : addDays(latest, 1);
  return result(cal, endOfLocalDay(latest), latest, [consultedFrom, endDay], basis);
}

/**
 * Remaining time for the case status board (剩余时间), in working days.
 *
 * `due` is the end of the time limit as computed without pauses (e.g. periodEnd(accepted, 30, 'workingDays')).
 * A pause stops the count: while it lasts the figure stands at its value on the day the pause began, and once it
 * ends the due day moves later by the working days it covered (those after the day it began, up to and
 * including the day it ended; the same counting as a period). Overlapping pauses count once.
 */
export function remainingWorkingDays(
  now: Date,
  due: Date,
  cal: WorkingDayCalendar,
  pausedIntervals: readonly PauseInterval[] = [],
): RemainingTime {
  const pauses = mergePauses(now, pausedIntervals);
  const ongoing = pauses.find((pause) => pause.ongoing);
  let extension = 0;
  for (const pause of pauses) {
    if (!pause.ongoing) {
      extension += cal.workingDaysBetween(toLocalDate(pause.from), toLocalDate(pause.to));
    }
  }

  // A due instant of 24:00 belongs to the day before it.
  const dueDay = toLocalDate(new Date(due.getTime() - 1));
  const effectiveDueDay = extension > 0 ? cal.addWorkingDays(dueDay, extension) : dueDay;
  const effectiveDue = new Date(
    due.getTime() + (startOfLocalDay(effectiveDueDay).getTime() - startOfLocalDay(dueDay).getTime()),
  );

  const reference = ongoing ? ongoing.from : now;
  const referenceDay = toLocalDate(reference);
  const overdue = reference.getTime() >= effectiveDue.getTime();
  const count = cal.workingDaysBetween(referenceDay, effectiveDueDay);
  const workingDays = overdue ? 0 : Math.max(0, count);
  const overdueWorkingDays = overdue ? Math.max(0, -count) : 0;

  const firstDay = pauses.length > 0 ? minLocalDate(toLocalDate(pauses[0].from), referenceDay) : referenceDay;
  const lastDay = maxLocalDate(referenceDay, effectiveDueDay);
  const provisionalYears = cal.provisionalYearsBetween(firstDay, lastDay);

  const parts = [
    overdue
      ? `overdue since ${effectiveDueDay} (${overdueWorkingDays} working days past)`
      : `${workingDays} working days after ${referenceDay} up to ${effectiveDueDay}`,
  ];
  if (extension > 0) parts.push(`due day ${dueDay} moved by ${extension} paused working days`);
  if (ongoing) parts.push(`paused since ${toLocalDate(ongoing.from)}`);
  return {
    workingDays,
    overdue,
    overdueWorkingDays,
    paused: ongoing !== undefined,
    due: effectiveDue,
    provisional: provisionalYears.length > 0,
    provisionalYears,
    basis: parts.join('; ') + provisionalNote(provisionalYears),
  };
}

interface MergedPause {
  from: Date;
  to: Date;
  ongoing: boolean;
}

/** Pauses begun by `now`, clipped to it, sorted and merged where they overlap or touch. */
function mergePauses(now: Date, intervals: readonly PauseInterval[]): MergedPause[] {
  const started = intervals
    .map((interval) => {
      if (interval.to !== null && interval.to.getTime() < interval.from.getTime()) {
        throw new RangeError(`a pause cannot end (${interval.to.toISOString()}) before it begins`);
      }
      const ongoing = interval.to === null || interval.to.getTime() > now.getTime();
      return { from: interval.from, to: ongoing ? now : (interval.to as Date), ongoing };
    })
    .filter((pause) => pause.from.getTime() <= now.getTime())
    .sort((a, b) => a.from.getTime() - b.from.getTime());
  const merged: MergedPause[] = [];
  for (const pause of started) {
    const last = merged[merged.length - 1];
    if (last && pause.from.getTime() <= last.to.getTime()) {
      if (pause.to.getTime() > last.to.getTime()) last.to = pause.to;
      last.ongoing = last.ongoing || pause.ongoing;
    } else {
      merged.push({ ...pause });
    }
  }
  return merged;
}

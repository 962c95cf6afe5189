import calendar2025 from './calendars/2025.json';
import calendar2026 from './calendars/2026.json';
import { HolidayCalendar, parseHolidayCalendar } from './holiday-calendar';
import { WorkingDayCalendar } from './working-day-calendar';

/**
 * The official calendars bundled with the platform (R3), transcribed from the State Council's notices, make-up
 * working days included. Administrators load later years (and corrections) as data; these are the defaults.
 */
export const BUNDLED_HOLIDAY_CALENDARS: readonly HolidayCalendar[] = Object.freeze([
  parseHolidayCalendar(calendar2025),
  parseHolidayCalendar(calendar2026),
]);

/** A calendar with the bundled years loaded; every other year is provisional until loaded. */
export function defaultWorkingDayCalendar(): WorkingDayCalendar {
  return new WorkingDayCalendar(BUNDLED_HOLIDAY_CALENDARS);
}

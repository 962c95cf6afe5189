import { Lunar } from 'lunar-javascript';
import { HolidayPeriod } from './holiday-calendar';
import { addDays, daysBetween, LocalDate, localDate, localDateOf } from './shanghai';

/**
 * The source named on every provisional result: the statutory holidays of the national regulation, used for a
 * year whose official notice is not loaded yet (R3).
 */
export const STATUTORY_HOLIDAYS_SOURCE = '全国年节及纪念日放假办法（2024年修订）第二条';

/**
 * R3 provisional calendar: the days off for all citizens under 全国年节及纪念日放假办法 art. 2, without the
 * State Council's bridging and make-up days (调休), which only its yearly notice decides:
 * 元旦 1 day; 春节 除夕 to 正月初三 (4 days); 清明节 1 day (the day of the 清明 solar term); 劳动节 5月1–2日;
 * 端午节 1 day (五月初五); 中秋节 1 day (八月十五); 国庆节 10月1–3日.
 * Lunar dates and the solar term come from lunar-javascript.
 *
 * Holidays may overlap (中秋 can fall in 1–3 October); the days are then simply the union.
 */
export function statutoryHolidays(year: number): HolidayPeriod[] {
  if (!Number.isInteger(year) || year < 1950 || year > 2100) {
    throw new RangeError(`no statutory holiday rule for the year ${year}`);
  }
  const lunarNewYear = solarDateOfLunar(year, 1, 1); // 正月初一 of the lunar year that starts in this solar year
  const period = (name: string, from: LocalDate, to: LocalDate = from): HolidayPeriod => ({
    name,
    from,
    to,
    days: daysBetween(from, to) + 1,
  });
  return [
    period('元旦', localDateOf(year, 1, 1)),
    period('春节', addDays(lunarNewYear, -1), addDays(lunarNewYear, 2)), // 除夕 … 正月初三
    period('清明节', qingMing(year)),
    period('劳动节', localDateOf(year, 5, 1), localDateOf(year, 5, 2)),
    period('端午节', solarDateOfLunar(year, 5, 5)),
    period('中秋节', solarDateOfLunar(year, 8, 15)),
    period('国庆节', localDateOf(year, 10, 1), localDateOf(year, 10, 3)),
  ];
}

function solarDateOfLunar(lunarYear: number, month: number, day: number): LocalDate {
  return localDate(Lunar.fromYmd(lunarYear, month, day).getSolar().toYmd());
}

/** The date (Beijing time, as the library computes it) of the 清明 solar term in a solar year. */
function qingMing(year: number): LocalDate {
  // The table of a lunar year runs from the winter solstice before it, so mid-year is safely inside it.
  const table = Lunar.fromYmd(year, 6, 1).getJieQiTable();
  const term = table['清明'];
  if (!term || term.getYear() !== year) {
    throw new Error(`lunar-javascript gave no 清明 solar term for ${year}`);
  }
  return localDate(term.toYmd());
}

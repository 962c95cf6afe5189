import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../http/actor';
import { ChangeService } from '../database/change.service';
import { ClockService } from '../clock/clock.service';
import { DomainError } from '../errors/domain-error';
import { BUNDLED_HOLIDAY_CALENDARS } from '../time/default-calendars';
import { HolidayCalendar, HolidayCalendarError, parseHolidayCalendar } from '../time/holiday-calendar';
import { toLocalDate } from '../time/shanghai';
import { WorkingDayCalendar } from '../time/working-day-calendar';

export interface CalendarWarning {
  year: number;
  zh: string;
  en: string;
}

/**
 * The working-day calendar in force (R3): the bundled official years, overridden and extended by the years an
 * administrator loads (kept in the database, so every process agrees). Years with no official calendar are
 * counted provisionally, and administrators are warned until they are loaded.
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnModuleDestroy {
  private current = new WorkingDayCalendar(BUNDLED_HOLIDAY_CALENDARS);
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('Calendar');

  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
    private readonly clock: ClockService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    for (const w of this.warnings()) this.logger.warn(w.en);
    this.timer = setInterval(() => void this.reload().catch(() => undefined), 60_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The calendar to compute with; immutable, so a computation is never changed under it. */
  get calendar(): WorkingDayCalendar {
    return this.current;
  }

  async reload(): Promise<void> {
    const rows: { data: HolidayCalendar }[] = await this.dataSource.query('SELECT data FROM holiday_calendar ORDER BY year');
    let cal = new WorkingDayCalendar(BUNDLED_HOLIDAY_CALENDARS);
    for (const row of rows) cal = cal.withYear(parseHolidayCalendar(row.data));
    this.current = cal;
  }

  /** Loads (or corrects) a year's official calendar. */
  async load(actor: Actor, year: number, body: unknown): Promise<HolidayCalendar> {
    let parsed: HolidayCalendar;
    try {
      parsed = parseHolidayCalendar(body);
    } catch (e) {
      if (e instanceof HolidayCalendarError) {
        throw new DomainError('HOLIDAY_CALENDAR_INVALID', 422, '节假日安排文件有误', 'The holiday calendar file is not valid', {
          rule: 'R3',
          // each fault with a stable code and its Chinese and English message; `problems` the English lines alone
          faults: e.faults,
          problems: e.problems,
        });
      }
      throw e;
    }
    if (parsed.year !== year) {
      throw new DomainError('HOLIDAY_CALENDAR_YEAR_MISMATCH', 422, '文件年份与地址中的年份不一致', `The file is for ${parsed.year}, not ${year}`, { rule: 'R3' });
    }
    await this.change.run(actor, async (ctx) => {
      await ctx.manager.query(
        `INSERT INTO holiday_calendar (year, data, loaded_at, loaded_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (year) DO UPDATE SET data = EXCLUDED.data, loaded_at = EXCLUDED.loaded_at, loaded_by = EXCLUDED.loaded_by`,
        [year, JSON.stringify(parsed), ctx.at, actor.accountId],
      );
      await ctx.audit({ action: 'calendar.load', entityType: 'holiday_calendar', entityId: String(year), data: { source: parsed.source } });
    });
    await this.reload();
    return parsed;
  }

  /** This year and next: deadlines reach a year ahead, so an unloaded next year already matters. */
  warnings(): CalendarWarning[] {
    const year = Number(toLocalDate(this.clock.now()).slice(0, 4));
    return [year, year + 1]
      .filter((y) => this.current.isProvisional(y))
      .map((y) => ({
        year: y,
        zh: `${y} 年的国务院节假日安排尚未导入：涉及该年的期限按法定节假日临时计算，显示为“暂定”。请在通知发布后导入。`,
        en: `The official holiday calendar for ${y} is not loaded: deadlines in ${y} are computed provisionally from the statutory holidays and marked provisional. Load it once the State Council notice is out.`,
      }));
  }

  status() {
    return { loadedYears: this.current.loadedYears(), warnings: this.warnings() };
  }
}

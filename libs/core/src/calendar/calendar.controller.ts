import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CalendarStatusDto, HolidayCalendarDto } from '../admin/platform.dto';
import { ApiProblems } from '../http/api-responses';
import { Actor, CurrentActor } from '../http/actor';
import { Roles } from '../http/access';
import { CalendarService } from './calendar.service';

@ApiTags('calendar 节假日')
@Controller('admin/calendars')
export class CalendarController {
  constructor(private readonly calendars: CalendarService) {}

  @Roles('admin')
  @Get()
  @ApiOperation({ summary: 'Loaded years, and warnings for years counted provisionally (R3)' })
  @ApiOkResponse({ type: CalendarStatusDto })
  status(): CalendarStatusDto {
    return this.calendars.status();
  }

  @Roles('admin')
  @Put(':year')
  @ApiOperation({ summary: "Load or correct a year's official holiday calendar (the State Council notice as data)" })
  @ApiBody({
    schema: {
      example: {
        year: 2027,
        source: '国务院办公厅关于2027年部分节假日安排的通知',
        holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03', days: 3 }],
        makeUpWorkdays: [],
      },
    },
  })
  @ApiOkResponse({ type: HolidayCalendarDto, description: 'the calendar as loaded' })
  @ApiProblems({ 400: ['BAD_REQUEST'], 422: ['HOLIDAY_CALENDAR_INVALID', 'HOLIDAY_CALENDAR_YEAR_MISMATCH'] })
  load(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Body() body: unknown) {
    return this.calendars.load(actor, year, body);
  }
}

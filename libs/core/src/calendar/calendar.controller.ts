import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  status() {
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
  load(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Body() body: unknown) {
    return this.calendars.load(actor, year, body);
  }
}

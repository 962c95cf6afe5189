import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Roles } from '@app/core';
import { DeadlinePageDto, DeadlinesQueryDto, NoticeChecksDto, NoticeChecksQueryDto } from '../dto/staff-console.dto';
import { StaffConsoleService } from '../staff/staff-console.service';

@ApiTags('staff 招标人工作台')
@Controller()
export class StaffConsoleController {
  constructor(private readonly staff: StaffConsoleService) {}

  @Roles('staff', 'supervisor')
  @Get('rules/notice-checks')
  @ApiOperation({
    summary:
      "A draft's legal figures while it is typed: the earliest 截止 (R5), documents' period (R6), notice period (R7), the bid security cap (R9), a supplement's days before a new 截止 is needed (R8), and the violations the publication would be refused with — computed by the same rules and calendar as the publication",
  })
  @ApiOkResponse({ type: NoticeChecksDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'], 422: ['FIELD_REQUIRED'] })
  noticeChecks(@CurrentActor() actor: Actor, @Query() q: NoticeChecksQueryDto): Promise<NoticeChecksDto> {
    return this.staff.noticeChecks(actor, q);
  }

  @Roles('staff')
  @Get('staff/deadlines')
  @ApiOperation({ summary: "The coming dates of the sections of the caller's organisation's projects, nearest first (截止, decryption window, publicity end, refund limit)" })
  @ApiOkResponse({ type: DeadlinePageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'BAD_CURSOR'] })
  deadlines(@CurrentActor() actor: Actor, @Query() q: DeadlinesQueryDto): Promise<DeadlinePageDto> {
    return this.staff.deadlines(actor, { cursor: q.cursor, limit: q.limit ? Number(q.limit) : undefined });
  }
}

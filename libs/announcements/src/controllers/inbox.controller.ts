import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AnyRole, ApiProblems, ClockService, CurrentActor } from '@app/core';
import { InboxMessageDto, InboxPageDto } from '../dto/announcements-views.dto';
import { InboxQueryDto } from '../dto/notice.dto';
import { InboxService } from '../inbox/inbox.service';

const limit = (q: { limit?: string }) => (q.limit ? Number(q.limit) : undefined);

@ApiTags('inbox 站内信')
@Controller('inbox')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly clock: ClockService,
  ) {}

  @AnyRole()
  @Get()
  @ApiOperation({ summary: "The logged-in organisation's messages (clarifications, terminations), newest first" })
  @ApiOkResponse({ type: InboxPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'BAD_CURSOR'] })
  list(@CurrentActor() actor: Actor, @Query() q: InboxQueryDto): Promise<InboxPageDto> {
    return this.inbox.list(actor, { cursor: q.cursor, limit: limit(q), unread: q.unread === 'true' });
  }

  @AnyRole()
  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: InboxMessageDto, description: 'the message, marked read' })
  @ApiProblems({ 400: ['BAD_REQUEST'], 404: ['NOT_FOUND'] })
  read(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<InboxMessageDto> {
    return this.inbox.markRead(actor, id, this.clock.now());
  }
}

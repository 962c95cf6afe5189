import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AnyRole, ClockService, CurrentActor } from '@app/core';
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
  list(@CurrentActor() actor: Actor, @Query() q: InboxQueryDto) {
    return this.inbox.list(actor, { cursor: q.cursor, limit: limit(q), unread: q.unread === 'true' });
  }

  @AnyRole()
  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.inbox.markRead(actor, id, this.clock.now());
  }
}

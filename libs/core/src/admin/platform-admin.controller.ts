import { apiTime } from '../http/json-time';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { AuditService } from '../audit/audit.service';
import { ClockService } from '../clock/clock.service';
import { DomainError } from '../errors/domain-error';
import { Public, Roles } from '../http/access';
import { ApiProblems } from '../http/api-responses';
import { AuditEntryDto, AuditPageDto, AuditVerificationDto, TimeDto } from './platform.dto';

class MoveClockDto {
  @ApiPropertyOptional({ description: 'set the platform time to this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @ApiPropertyOptional({ description: 'move the platform time forward by this many seconds' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(400 * 86400)
  advanceSeconds?: number;
}

class AuditQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 60) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) entityId?: string;
  @ApiPropertyOptional({ description: 'entries before this sequence number' }) @IsOptional() @Matches(/^\d{1,18}$/) before?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Matches(/^\d{1,3}$/) limit?: string;
}

@ApiTags('platform 平台')
@Controller()
export class PlatformController {
  constructor(
    private readonly clock: ClockService,
    private readonly audit: AuditService,
  ) {}

  /** The server time that counts for every deadline (R15), so bidders can compare their own clock. */
  @Public()
  @Get('time')
  @ApiOkResponse({ type: TimeDto })
  time(): TimeDto {
    return { now: apiTime(this.clock.now()), offsetMs: this.clock.offset };
  }

  @Roles('admin')
  @Post('admin/clock')
  @HttpCode(200)
  @ApiOkResponse({ type: TimeDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'CLOCK_MOVE_INVALID'], 403: ['CLOCK_CONTROL_DISABLED'] })
  async move(@Body() dto: MoveClockDto): Promise<TimeDto> {
    if (!!dto.at === !!dto.advanceSeconds) {
      throw new DomainError('CLOCK_MOVE_INVALID', 400, '请只提供 at 或 advanceSeconds 之一', 'Give exactly one of at or advanceSeconds');
    }
    const now = dto.at ? await this.clock.set(new Date(dto.at)) : await this.clock.advance(dto.advanceSeconds! * 1000);
    return { now: apiTime(now), offsetMs: this.clock.offset };
  }

  @Roles('admin', 'supervisor')
  @Get('audit')
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  async list(@Query() q: AuditQueryDto): Promise<AuditPageDto> {
    const limit = q.limit ? Math.min(200, Math.max(1, Number(q.limit))) : 50;
    // list() answers chained entries only, so seq, prevHash and hash are set on every one.
    const items = (await this.audit.list({ entityType: q.entityType, entityId: q.entityId, beforeSeq: q.before, limit })) as AuditEntryDto[];
    return { items, nextBefore: items.length === limit ? items[items.length - 1].seq : null };
  }

  @Roles('admin', 'supervisor')
  @Get('audit/verify')
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(): Promise<AuditVerificationDto> {
    return this.audit.verify();
  }
}

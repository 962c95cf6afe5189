import { Body, Controller, Get, HttpCode, Inject, Optional, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { Request, Response } from 'express';
import { Actor, apiTime, ApiProblems, CurrentActor, DomainError, PLATFORM_CONFIG, PlatformConfig, Roles } from '@app/core';
import { ProvincialClient } from '../client/provincial.client';
import { DASHBOARD_COOKIE, DASHBOARD_PATH, DASHBOARD_SESSION_SECONDS, signDashboardSession } from '../dashboard/dashboard-cookie';
import { OUTBOX_STATUSES, OutboxStatus } from '../outbox/outbox-record.entity';
import { PROVINCIAL_PUSH_QUEUE } from '../queue/push-queue.constants';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { ExchangeOperatorService } from './exchange-operator.service';
import { ExchangeStatusService } from './exchange-status.service';
import {
  DashboardSessionDto,
  ExchangeStatusDto,
  OutboxRecordDto,
  OutboxRecordPageDto,
  OutboxRecordWithBodyDto,
  ReconciliationReportDto,
  ReplayedDto,
} from './exchange-admin.dto';

class RecordsQueryDto {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES, description: 'only the records in this status (every status when left out)' })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES as unknown as string[])
  status?: OutboxStatus;

  @ApiPropertyOptional({ description: 'cursor: records with a smaller id (nextBefore of the previous page)' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  before?: string;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Matches(/^\d{1,3}$/)
  limit?: string;

  @ApiPropertyOptional({ description: 'only the records of this tender project' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  tenderProjectCode?: string;
}

class ReplayDeadDto {
  @ApiPropertyOptional({ description: 'only records dead for this reason, e.g. BAD_SIGNATURE' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  reason?: string;
}

const ID = /^\d{1,18}$/;
function outboxId(id: string): string {
  if (!ID.test(id)) throw new DomainError('NOT_FOUND', 404, '推送记录不存在', 'Outbox record not found');
  return id;
}

/**
 * Operators' view of the exchange with the provincial platform (数据交换): what is pending, delivered or dead,
 * how late, and replay. Administrators only.
 */
@ApiTags('exchange 数据交换')
@Controller('admin/exchange')
@Roles('admin')
export class ExchangeAdminController {
  constructor(
    private readonly status: ExchangeStatusService,
    private readonly operator: ExchangeOperatorService,
    private readonly reconciliation: ReconciliationService,
    private readonly client: ProvincialClient,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Optional() @Inject(getQueueToken(PROVINCIAL_PUSH_QUEUE)) private readonly queue?: Queue,
  ) {}

  /** Counts by status, the age of the oldest undelivered record, delivery latency, the queue. */
  @Get('status')
  @ApiOkResponse({ type: ExchangeStatusDto })
  async getStatus(): Promise<ExchangeStatusDto> {
    const s = await this.status.status(0);
    const queue = this.queue
      ? await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed').catch((e: Error) => ({ error: e.message }))
      : null;
    return {
      ...s,
      transport: this.config.redisUrl ? 'bullmq' : 'in-process',
      provincialUrl: this.client.url ?? null,
      queue,
      dashboard: this.queue ? DASHBOARD_PATH : null,
      lastReconciliation: this.reconciliation.lastReport ?? null,
    };
  }

  @Get('records')
  @ApiOkResponse({ type: OutboxRecordPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  list(@Query() q: RecordsQueryDto) {
    const limit = Math.min(500, Math.max(1, Number(q.limit ?? 50)));
    return this.operator.list(q.status, { before: q.before, limit, tenderProjectCode: q.tenderProjectCode });
  }

  /** One record with the exact body that is sent. */
  @Get('records/:id')
  @ApiOkResponse({ type: OutboxRecordWithBodyDto })
  @ApiProblems({ 404: ['NOT_FOUND'] })
  get(@Param('id') id: string) {
    return this.operator.get(outboxId(id));
  }

  /** Sends a dead (or delivered) record again: same serialNumber, same bytes. */
  @Post('records/:id/replay')
  @HttpCode(200)
  @ApiOkResponse({ type: OutboxRecordDto, description: 'the record, pending again' })
  @ApiProblems({ 404: ['NOT_FOUND'], 409: ['EXCHANGE_RECORD_IN_FLIGHT'] })
  replay(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.operator.replay(actor, outboxId(id));
  }

  @Post('replay-dead')
  @HttpCode(200)
  @ApiOkResponse({ type: ReplayedDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  replayDead(@CurrentActor() actor: Actor, @Body() dto: ReplayDeadDto) {
    return this.operator.replayDead(actor, dto.reason);
  }

  /** Reconciles now with the receiver and re-sends what it is missing. */
  @Post('reconcile')
  @HttpCode(200)
  @ApiOkResponse({ type: ReconciliationReportDto })
  @ApiProblems({ 409: ['EXCHANGE_NOT_CONFIGURED'] })
  async reconcile(@CurrentActor() actor: Actor) {
    if (!this.client.configured) {
      throw new DomainError('EXCHANGE_NOT_CONFIGURED', 409, '未配置省平台地址', 'No provincial platform URL is configured (PROVINCIAL_API_URL)');
    }
    return this.reconciliation.run(actor);
  }

  /**
   * Opens a session for the queue dashboard (/api/admin/queues, only with BullMQ on Redis): a signed, HttpOnly
   * cookie valid for 15 minutes, because a browser opening the page cannot send the bearer token.
   */
  @Post('dashboard-session')
  @HttpCode(200)
  @ApiOkResponse({ type: DashboardSessionDto, description: 'and the session cookie (Set-Cookie)' })
  @ApiProblems({ 404: ['EXCHANGE_DASHBOARD_UNAVAILABLE'] })
  dashboardSession(@CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (!this.queue) {
      throw new DomainError(
        'EXCHANGE_DASHBOARD_UNAVAILABLE',
        404,
        '内置队列没有队列面板，请查看 /admin/exchange/status',
        'The in-process transport has no queue dashboard; see /admin/exchange/status',
      );
    }
    const expiresAt = Date.now() + DASHBOARD_SESSION_SECONDS * 1000;
    res.cookie(DASHBOARD_COOKIE, signDashboardSession(this.config.jwt.secret, actor.accountId ?? '', expiresAt), {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: DASHBOARD_PATH,
      maxAge: DASHBOARD_SESSION_SECONDS * 1000,
    });
    return { dashboard: DASHBOARD_PATH, expiresAt: apiTime(new Date(expiresAt)) };
  }
}

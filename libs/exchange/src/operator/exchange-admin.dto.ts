import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OUTBOX_STATUSES, type OutboxStatus } from '../outbox/outbox-record.entity';

const time = (description?: string, nullable = false) =>
  ApiProperty({ type: String, format: 'date-time', example: '2026-03-02T09:30:00+08:00', nullable, description });

export class OutboxRecordDto {
  @ApiProperty({ description: 'the outbox id (a decimal string)' }) id!: string;
  @ApiProperty() serialNumber!: string;
  @ApiProperty() tenderProjectCode!: string;
  @ApiProperty() sequence!: number;
  @ApiProperty() datasetCode!: string;
  @ApiProperty({ enum: OUTBOX_STATUSES }) status!: OutboxStatus;
  @time() createdAt!: string;
  @time(undefined, true) queuedAt!: string | null;
  @time(undefined, true) deliveredAt!: string | null;
  @time('the receiver\'s receiveTime', true) receiveTime!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'BAD_SIGNATURE' }) deadReason!: string | null;
  @time(undefined, true) deadAt!: string | null;
  @time(undefined, true) nextAttemptAt!: string | null;
  @ApiProperty() replays!: number;
}

export class OutboxRecordWithBodyDto extends OutboxRecordDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the exact envelope that is sent' }) body!: unknown;
}

export class OutboxRecordPageDto {
  @ApiProperty({ type: [OutboxRecordDto] }) items!: OutboxRecordDto[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `before` for the next page; null on the last' }) nextBefore!: string | null;
}

export class ReplayedDto {
  @ApiProperty({ description: 'records set back to pending' }) replayed!: number;
}

export class LatencyDto {
  @ApiProperty() windowSeconds!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty({ type: Number, nullable: true }) p50Seconds!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p95Seconds!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p99Seconds!: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxSeconds!: number | null;
}

export class ProjectReconciliationDto {
  @ApiProperty() tenderProjectCode!: string;
  @ApiProperty({ type: [Number], description: 'sequences set back to pending' }) resent!: number[];
  @ApiProperty() receiverReceived!: number;
  @ApiProperty() delivered!: number;
}

export class ReconciliationErrorDto {
  @ApiProperty() tenderProjectCode!: string;
  @ApiProperty() error!: string;
}

export class ReconciliationReportDto {
  @time() startedAt!: string;
  @time() finishedAt!: string;
  @ApiProperty() projectsChecked!: number;
  @ApiProperty() recordsResent!: number;
  @ApiProperty({ type: [ProjectReconciliationDto], description: 'projects where something was re-sent (at most 100)' }) projects!: ProjectReconciliationDto[];
  @ApiProperty({ type: [ReconciliationErrorDto] }) errors!: ReconciliationErrorDto[];
}

export class QueueCountsDto {
  @ApiPropertyOptional() waiting?: number;
  @ApiPropertyOptional() active?: number;
  @ApiPropertyOptional() delayed?: number;
  @ApiPropertyOptional() failed?: number;
  @ApiPropertyOptional() completed?: number;
  @ApiPropertyOptional({ description: 'Redis did not answer' }) error?: string;
}

export class ExchangeStatusDto {
  @ApiProperty({ type: 'object', properties: Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, { type: 'number' }])), required: [...OUTBOX_STATUSES] })
  counts!: Record<OutboxStatus, number>;
  @ApiProperty({ description: 'age of the oldest record not yet delivered, seconds' }) oldestPendingAgeSeconds!: number;
  @ApiProperty({ type: LatencyDto }) latency!: LatencyDto;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'dead records by reason' }) deadByReason!: Record<string, number>;
  @ApiProperty({ enum: ['bullmq', 'in-process'] }) transport!: 'bullmq' | 'in-process';
  @ApiProperty({ type: String, nullable: true }) provincialUrl!: string | null;
  @ApiProperty({ type: QueueCountsDto, nullable: true, description: 'BullMQ only' }) queue!: QueueCountsDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'the queue dashboard (BullMQ only)' }) dashboard!: string | null;
  @ApiProperty({ type: ReconciliationReportDto, nullable: true }) lastReconciliation!: ReconciliationReportDto | null;
}

export class DashboardSessionDto {
  @ApiProperty({ example: '/api/admin/queues' }) dashboard!: string;
  @time() expiresAt!: string;
}

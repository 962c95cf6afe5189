import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiTime } from '../http/api-responses';

export class TimeDto {
  @ApiTime({ description: 'the platform time that counts for every deadline' }) now!: string;
  @ApiProperty({ description: 'how far the platform clock is moved from the server clock (tests and the demo)' }) offsetMs!: number;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'sequence number in the chain (a decimal string)' }) seq!: string;
  @ApiTime() at!: Date;
  @ApiProperty({ type: String, nullable: true }) actorAccountId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorOrganisationId!: string | null;
  @ApiProperty() actorRole!: string;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ example: 'notice.publish' }) action!: string;
  @ApiProperty() entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `before` for the next page; null on the last' }) nextBefore!: string | null;
}

export class ChainBreakDto {
  @ApiProperty() seq!: string;
  @ApiProperty({ enum: ['hash_mismatch', 'prev_hash_mismatch', 'gap'] }) reason!: 'hash_mismatch' | 'prev_hash_mismatch' | 'gap';
  @ApiProperty() expected!: string;
  @ApiProperty() found!: string;
}

export class AuditVerificationDto {
  @ApiProperty({ description: 'entries checked' }) checked!: number;
  @ApiProperty({ type: ChainBreakDto, nullable: true, description: 'the first break of the hash chain; null when intact' }) firstBreak!: ChainBreakDto | null;
}

export class CalendarWarningDto {
  @ApiProperty() year!: number;
  @ApiProperty() zh!: string;
  @ApiProperty() en!: string;
}

export class CalendarStatusDto {
  @ApiProperty({ type: [Number] }) loadedYears!: number[];
  @ApiProperty({ type: [CalendarWarningDto] }) warnings!: CalendarWarningDto[];
}

export class HolidayPeriodDto {
  @ApiProperty({ example: '春节' }) name!: string;
  @ApiProperty({ format: 'date', example: '2027-02-06' }) from!: string;
  @ApiProperty({ format: 'date', description: 'inclusive' }) to!: string;
  @ApiPropertyOptional() days?: number;
}

export class HolidayCalendarDto {
  @ApiProperty() year!: number;
  @ApiProperty() source!: string;
  @ApiProperty({ type: [HolidayPeriodDto] }) holidays!: readonly HolidayPeriodDto[];
  @ApiProperty({ type: [String], format: 'date', description: 'weekend days that are working days (调休上班)' }) makeUpWorkdays!: readonly string[];
}

export class DependencyCheckDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiPropertyOptional() error?: string;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status!: 'ok' | 'error';
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/DependencyCheckDto' }, description: 'by dependency' })
  checks!: Record<string, DependencyCheckDto>;
}

export class ProbeIndicatorDto {
  @ApiProperty({ example: 'up' }) status!: string;
}

/** @nestjs/terminus's answer. */
export class ProbeDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: '#/components/schemas/ProbeIndicatorDto' } }) info?: Record<string, ProbeIndicatorDto>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: '#/components/schemas/ProbeIndicatorDto' } }) error?: Record<string, ProbeIndicatorDto>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/ProbeIndicatorDto' } }) details!: Record<string, ProbeIndicatorDto>;
}

import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { NOTICE_TYPES, type NoticeType } from '@app/announcements';
import { DepartmentStatisticsDto } from '@app/complaints';

export class DisclosureStatisticsQueryDto {
  @ApiPropertyOptional({ description: 'First day of the period (Asia/Shanghai), included; default 1 January of this year', example: '2026-01-01' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  from?: string;

  @ApiPropertyOptional({ description: 'Last day of the period (Asia/Shanghai), included; default today. At most 5 years after from', example: '2026-12-31' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  to?: string;
}

export class DisclosureMonthDto {
  @ApiProperty({ example: '2026-01' }) month!: string;
  @ApiProperty({ description: 'First day of the month inside the period', example: '2026-01-01' }) from!: string;
  @ApiProperty({ description: 'Last day of the month inside the period', example: '2026-01-31' }) to!: string;
}

/** A figure over the period and month by month. */
export class DisclosureSeriesDto {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [Number], description: 'One figure per month, in the order of `months`' }) months!: number[];
}

export class DisclosureNoticeTypeDto extends DisclosureSeriesDto {
  @ApiProperty({ enum: NOTICE_TYPES }) type!: NoticeType;
  @ApiProperty({ example: '招标公告' }) label!: string;
}

export class DisclosureNoticesDto {
  @ApiProperty({ type: [DisclosureNoticeTypeDto], description: 'Every notice type, in a fixed order' }) byType!: DisclosureNoticeTypeDto[];
  @ApiProperty({ type: DisclosureSeriesDto }) all!: DisclosureSeriesDto;
}

/** The reply figures of objections or complaints received in the period (CasesService.statistics). */
export class DisclosureCaseFiguresDto extends OmitType(DepartmentStatisticsDto, ['departmentOrgId', 'departmentName'] as const) {
  @ApiProperty({ enum: ['objection', 'complaint', 'all'] }) kind!: 'objection' | 'complaint' | 'all';
  @ApiProperty({ example: '异议（质疑）' }) label!: string;
}

/** The statistics of the annual government-information-disclosure report for a period. */
export class DisclosureStatisticsDto {
  @ApiProperty({ example: '2026-01-01' }) from!: string;
  @ApiProperty({ example: '2026-12-31' }) to!: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
  @ApiProperty({ description: 'When the figures were counted' }) generatedAt!: string;
  @ApiProperty({ type: [DisclosureMonthDto] }) months!: DisclosureMonthDto[];
  @ApiProperty({ type: DisclosureNoticesDto, description: 'Notices published (by publication time)' }) notices!: DisclosureNoticesDto;
  @ApiProperty({ type: DisclosureSeriesDto, description: 'Tender documents downloaded (every logged download)' }) documentsDownloaded!: DisclosureSeriesDto;
  @ApiProperty({ type: DisclosureSeriesDto, description: 'Bids received (every submission, replacements included), by 递交时间' }) bidsReceived!: DisclosureSeriesDto;
  @ApiProperty({ type: DisclosureSeriesDto, description: 'Of those, the bids still counting (neither replaced nor withdrawn)' }) bidsStanding!: DisclosureSeriesDto;
  @ApiProperty({ type: DisclosureSeriesDto, description: 'Sections opened, by 开标时间' }) sectionsOpened!: DisclosureSeriesDto;
  @ApiProperty({ type: DisclosureSeriesDto, description: 'Sections failed at 截止 (流标), by 开标时间' }) sectionsFailed!: DisclosureSeriesDto;
  @ApiProperty({ type: [DisclosureCaseFiguresDto], description: 'Objections, complaints and both, by the day they were received' }) cases!: DisclosureCaseFiguresDto[];
}

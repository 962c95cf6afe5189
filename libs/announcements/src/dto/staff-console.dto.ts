import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PROCEDURE_TYPES, ProcedureType } from '@app/core';
import { DRAFT_NOTICE_TYPES, DraftNoticeType } from '../notices/notice.entity';
import { IsInstant, IsMoney } from './validation';

const instant = (description: string) =>
  ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-12-21T09:30:00+08:00', description });

/** GET /rules/notice-checks: the draft's values as typed so far; what is left out is not checked. */
export class NoticeChecksQueryDto {
  @ApiProperty({ enum: DRAFT_NOTICE_TYPES }) @IsIn(DRAFT_NOTICE_TYPES) type!: DraftNoticeType;

  @ApiPropertyOptional({ enum: PROCEDURE_TYPES, description: 'required unless sectionId is given (the section\'s project says it)' })
  @IsOptional()
  @IsIn(PROCEDURE_TYPES)
  procedure?: ProcedureType;

  @ApiPropertyOptional({ description: "a section of the caller's project: its 截止, prices and documents' issue fill what is not typed" })
  @IsOptional()
  @IsUUID()
  sectionId?: string;

  @instant('when it would be published; default the platform time now') @IsOptional() @IsInstant() publishAt?: string;
  @instant('tender: documents available from') @IsOptional() @IsInstant() documentsFrom?: string;
  @instant('tender: 招标文件获取截止 (R6)') @IsOptional() @IsInstant() documentsUntil?: string;
  @instant('tender: 公告期限届满 (R7)') @IsOptional() @IsInstant() noticePeriodEnd?: string;
  @instant('consultation: end of the comment period (R11)') @IsOptional() @IsInstant() commentPeriodEnd?: string;
  @instant('tender: the 截止 typed (R5); supplement: the current 截止') @IsOptional() @IsInstant() bidDeadline?: string;
  @instant('supplement: the new 截止 (R8)') @IsOptional() @IsInstant() newBidDeadline?: string;

  @ApiPropertyOptional({ description: '估算价/预算金额, yuan', example: '12500000.00' }) @IsOptional() @IsMoney() estimatedPrice?: string;
  @ApiPropertyOptional({ description: '投标保证金, yuan (R9)', example: '250000.00' }) @IsOptional() @IsMoney() bidSecurity?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'supplement: affects the preparation of bids (R8)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  affectsBidPreparation?: string;
}

export class ComputedDateDto {
  @ApiProperty({ type: String, format: 'date-time', description: '00:00 Asia/Shanghai of the day for an earliest day' }) at!: string;
  @ApiProperty({ example: '2026-12-21', description: 'the Asia/Shanghai day' }) date!: string;
  @ApiProperty({ description: 'a day counted lies in a year whose official holiday calendar is not loaded (R3)' }) provisional!: boolean;
  @ApiProperty({ type: [Number] }) provisionalYears!: number[];
  @ApiProperty({ description: 'how the day was counted, with the rule and its source' }) basis!: string;
}

export class LocalisedTextDto {
  @ApiProperty() zh!: string;
  @ApiProperty() en!: string;
}

export class RuleViolationDto {
  @ApiProperty({ type: String, nullable: true, example: 'R5' }) rule!: string | null;
  @ApiProperty({ example: 'BID_DEADLINE_TOO_EARLY', description: 'the code the publication is refused with' }) code!: string;
  @ApiProperty({ example: 'bidDeadline' }) field!: string;
  @ApiProperty({ type: String, nullable: true }) section!: string | null;
  @ApiProperty({ type: LocalisedTextDto }) message!: LocalisedTextDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) earliestAllowed!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'for a refusal an earlier date would lift' }) latestAllowed?: string;
  @ApiProperty({ description: 'the earliest day is counted on a provisional holiday calendar (R3)' }) provisional!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'R9: the largest bid security allowed' }) limit!: string | null;
}

export class BidSecurityCapDto {
  @ApiProperty({ example: '250000.00' }) limit!: string;
  @ApiProperty({ example: '12500000.00' }) base!: string;
  @ApiProperty({ example: '0.02' }) maxRatio!: string;
  @ApiProperty({ enum: ['estimatedPrice', 'budget'], description: '估算价 (construction) or 预算金额 (government)' }) of!: string;
  @ApiProperty({ example: '招标投标法实施条例 art. 26' }) source!: string;
  @ApiProperty({ example: '《招标投标法实施条例》第 26 条', description: 'the source as a Chinese reader cites it' }) sourceZh!: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'the bid security given is within the cap; null when none was given' }) ok!: boolean | null;
}

export class SupplementFiguresDto {
  @ApiProperty({ type: ComputedDateDto, description: 'R8: the last day a change affecting bid preparation needs no new 截止' })
  latestWithoutNewDeadline!: ComputedDateDto;
  @ApiProperty({ description: 'calendar days from the publication day to that last day; negative once passed' }) daysLeft!: number;
  @ApiProperty({ type: ComputedDateDto, description: 'R8: the earliest new 截止 for a change published at publishAt' }) earliestNewBidDeadline!: ComputedDateDto;
  @ApiProperty() needsNewBidDeadline!: boolean;
}

export class NoticeChecksDto {
  @ApiProperty({ enum: PROCEDURE_TYPES }) procedure!: string;
  @ApiProperty({ type: String, format: 'date-time' }) publishAt!: string;
  @ApiProperty({ type: String, format: 'date-time', description: '招标文件开始发出' }) documentsIssuedAt!: string;
  @ApiProperty({ type: ComputedDateDto, nullable: true, description: 'R5' }) earliestBidDeadline!: ComputedDateDto | null;
  @ApiProperty({ type: ComputedDateDto, nullable: true, description: 'R6' }) earliestDocumentsUntil!: ComputedDateDto | null;
  @ApiProperty({ type: ComputedDateDto, nullable: true, description: 'R7 (government)' }) earliestNoticePeriodEnd!: ComputedDateDto | null;
  @ApiProperty({ type: BidSecurityCapDto, nullable: true, description: 'R9' }) bidSecurity!: BidSecurityCapDto | null;
  @ApiProperty({ type: SupplementFiguresDto, nullable: true, description: 'R8' }) supplement!: SupplementFiguresDto | null;
  @ApiProperty({ type: [RuleViolationDto], description: 'what the publication at publishAt would be refused with' }) violations!: RuleViolationDto[];
}

export const DEADLINE_KINDS = ['documentsUntil', 'bidDeadline', 'decryptionWindowEnd', 'publicityEnd', 'refundDue'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export class DeadlinesQueryDto {
  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' }) @IsOptional() @IsString() @Length(1, 300) cursor?: string;
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 }) @IsOptional() @Matches(/^\d{1,3}$/) limit?: string;
}

export class DeadlineDto {
  @ApiProperty({ enum: DEADLINE_KINDS }) kind!: DeadlineKind;
  @ApiProperty({ example: '投标截止（开标）' }) label!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ format: 'uuid' }) sectionId!: string;
  @ApiProperty() sectionCode!: string;
  @ApiProperty() sectionName!: string;
  @ApiProperty() sectionStatus!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() projectName!: string;
}

export class DeadlinePageDto {
  @ApiProperty({ type: [DeadlineDto] }) items!: DeadlineDto[];
  @ApiProperty({ type: String, nullable: true, description: 'the cursor of the next page; null on the last' }) nextCursor!: string | null;
}

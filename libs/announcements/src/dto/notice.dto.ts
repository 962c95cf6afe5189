import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { PROCEDURE_TYPES, ProcedureType } from '@app/core';
import { ATTACHMENT_KINDS, AttachmentKind, CHANGE_KINDS, ChangeKind, DRAFT_NOTICE_TYPES, DraftNoticeType, NOTICE_TYPES, NoticeType } from '../notices/notice.entity';
import { IsInstant } from './validation';

export class DraftAnswerDto {
  @ApiProperty() @IsUUID() questionId!: string;
  @ApiProperty({ maxLength: 5000 }) @IsString() @Length(1, 5000) answer!: string;
}

/** Fields every notice type shares, and the ones of each type (the service refuses a field another type uses). */
class NoticeFieldsDto {
  @ApiPropertyOptional({ description: 'tender, consultation, termination: the sections (标段) it is about', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  sectionIds?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', description: 'tender: documents available from (default: at publication)' })
  @IsOptional()
  @IsInstant()
  documentsFrom?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', description: 'tender (or a supplement extending it): 招标文件获取截止 (R6)' })
  @IsOptional()
  @IsInstant()
  documentsUntil?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', description: 'tender: 公告期限届满 (R7, government; default the end of 5 working days)' })
  @IsOptional()
  @IsInstant()
  noticePeriodEnd?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', description: 'consultation: end of the comment period (R11)' })
  @IsOptional()
  @IsInstant()
  commentPeriodEnd?: string | null;

  @ApiPropertyOptional({ enum: CHANGE_KINDS, description: 'supplement: 补充 supplement | 变更 change | 澄清 clarification' })
  @IsOptional()
  @IsIn(CHANGE_KINDS)
  changeKind?: ChangeKind;

  @ApiPropertyOptional({ description: 'supplement: affects the preparation of bids (R8)' })
  @IsOptional()
  @IsBoolean()
  affectsBidPreparation?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', description: 'supplement: the new 截止 (R8)' })
  @IsOptional()
  @IsInstant()
  newBidDeadline?: string | null;

  @ApiPropertyOptional({ type: [DraftAnswerDto], description: 'supplement (clarification): answers to questions (答疑)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DraftAnswerDto)
  answers?: DraftAnswerDto[];
}

export class CreateNoticeDto extends NoticeFieldsDto {
  @ApiProperty() @IsUUID() projectId!: string;

  @ApiProperty({ enum: DRAFT_NOTICE_TYPES }) @IsIn(DRAFT_NOTICE_TYPES) type!: DraftNoticeType;

  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200) title!: string;

  @ApiProperty({ description: 'the notice text', maxLength: 100000 }) @IsString() @Length(1, 100000) content!: string;

  @ApiPropertyOptional({ description: 'supplement, termination: the published notice it changes' })
  @IsOptional()
  @IsUUID()
  relatedNoticeId?: string;
}

export class UpdateNoticeDto extends NoticeFieldsDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) title?: string;

  @ApiPropertyOptional({ description: 'the notice text', maxLength: 100000 })
  @IsOptional()
  @IsString()
  @Length(1, 100000)
  content?: string;
}

export class WithdrawNoticeDto {
  @ApiProperty({ maxLength: 500 }) @IsString() @Length(1, 500) reason!: string;
}

export class AttachmentQueryDto {
  @ApiProperty({ enum: ATTACHMENT_KINDS, description: 'tender-document 招标文件 (logged downloads) | attachment 公告附件 (public)' })
  @IsIn(ATTACHMENT_KINDS)
  kind!: AttachmentKind;

  @ApiProperty({ description: 'the file name, e.g. 招标文件.pdf', maxLength: 255 })
  @IsString()
  @Length(1, 255)
  name!: string;
}

export class TextDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @Length(1, 2000) text!: string;
}

export class PublicNoticeQueryDto {
  @ApiPropertyOptional({ enum: NOTICE_TYPES }) @IsOptional() @IsIn(NOTICE_TYPES) type?: NoticeType;
  @ApiPropertyOptional({ enum: PROCEDURE_TYPES }) @IsOptional() @IsIn(PROCEDURE_TYPES) procedure?: ProcedureType;

  @ApiPropertyOptional({ description: 'GB/T 2260: 210000 a province, 210100 a city, 210102 a district' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  region?: string;

  @ApiPropertyOptional({ enum: ['published', 'superseded', 'withdrawn'] })
  @IsOptional()
  @IsIn(['published', 'superseded', 'withdrawn'])
  status?: 'published' | 'superseded' | 'withdrawn';

  @ApiPropertyOptional({ description: 'published on or after this day (Asia/Shanghai), YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;

  @ApiPropertyOptional({ description: 'published on or before this day (Asia/Shanghai), YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  to?: string;

  @ApiPropertyOptional({ description: 'keywords, Chinese or not; several separated by spaces must all match', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) cursor?: string;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Matches(/^\d{1,3}$/) limit?: string;
}

export class InboxQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) cursor?: string;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Matches(/^\d{1,3}$/) limit?: string;
  @ApiPropertyOptional({ description: 'true: unread only' }) @IsOptional() @IsIn(['true', 'false']) unread?: string;
}

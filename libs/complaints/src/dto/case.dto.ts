import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { CASE_KINDS, CASE_STATUSES, CASE_SUBJECTS, OBJECTION_SUBJECTS, PAUSE_KINDS } from '../cases/case.entity';

/** ISO 8601 with an explicit offset (R1). */
const IsInstant = () =>
  applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: '$property must be an ISO 8601 date-time with an offset, e.g. 2026-12-21T09:30:00+08:00',
    }),
  );

// ---------------------------------------------------------------- requests

export class FileObjectionDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() sectionId!: string;
  @ApiProperty({ enum: OBJECTION_SUBJECTS }) @IsIn(OBJECTION_SUBJECTS) subject!: string;
  @ApiProperty({ maxLength: 20000, description: '异议事项、事实依据和请求' }) @IsString() @Length(1, 20000) content!: string;
  @ApiProperty({ maxLength: 100, description: '联系人 (shown only to the parties and the supervisor)' }) @IsString() @Length(1, 100) contactName!: string;
  @ApiProperty({ maxLength: 50 }) @IsString() @Length(3, 50) contactPhone!: string;
}

export class FileComplaintDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() sectionId!: string;
  @ApiProperty({ enum: CASE_SUBJECTS }) @IsIn(CASE_SUBJECTS) subject!: string;
  @ApiProperty({ format: 'uuid', description: 'The supervising department (an organisation of kind supervisor)' }) @IsUUID() departmentOrgId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The prior objection (R33: required for the tender documents, the opening and the result)' })
  @IsOptional()
  @IsUUID()
  priorObjectionId?: string;
  @ApiPropertyOptional({ description: '知道或者应当知道之日 (R30); the prior objection\'s filing when absent' }) @IsOptional() @IsInstant() knownAt?: string;
  @ApiProperty({ maxLength: 20000 }) @IsString() @Length(1, 20000) content!: string;
  @ApiProperty({ maxLength: 100 }) @IsString() @Length(1, 100) contactName!: string;
  @ApiProperty({ maxLength: 50 }) @IsString() @Length(3, 50) contactPhone!: string;
}

export class CloseCaseDto {
  @ApiProperty({ maxLength: 20000, description: 'The answer, the reasons or the decision: parties and the supervisor' }) @IsString() @Length(1, 20000) text!: string;
  @ApiProperty({ maxLength: 500, description: '结果摘要: what the public board shows once closed' }) @IsString() @Length(1, 500) resultSummary!: string;
}

export class NoteDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 500 }) @IsString() @Length(1, 500) reason!: string;
}

export class PauseDto {
  @ApiProperty({ enum: PAUSE_KINDS, description: 'inspection (检验、检测、鉴定、专家评审) or correction (补正材料, government)' }) @IsIn(PAUSE_KINDS) kind!: string;
  @ApiProperty({ maxLength: 500 }) @IsString() @Length(1, 500) reason!: string;
}

export class AttachmentNameDto {
  @ApiProperty({ maxLength: 255 }) @IsString() @Length(1, 255) name!: string;
}

export class BoardQueryDto {
  @ApiPropertyOptional({ enum: CASE_KINDS }) @IsOptional() @IsIn(CASE_KINDS) kind?: string;
  @ApiPropertyOptional({ enum: [...CASE_STATUSES, 'open', 'closed'] }) @IsOptional() @IsIn([...CASE_STATUSES, 'open', 'closed']) status?: string;
  @ApiPropertyOptional({ format: 'uuid', description: '受理部门' }) @IsOptional() @IsUUID() departmentOrgId?: string;
  @ApiPropertyOptional({ description: '标段编号' }) @IsOptional() @IsString() @Length(1, 50) sectionCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class StatisticsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() departmentOrgId?: string;
  @ApiProperty({ description: 'Start of the period (inclusive)', example: '2026-01-01T00:00:00+08:00' }) @IsInstant() from!: string;
  @ApiProperty({ description: 'End of the period (exclusive)', example: '2027-01-01T00:00:00+08:00' }) @IsInstant() to!: string;
}

// ---------------------------------------------------------------- responses

export class RemainingDto {
  @ApiProperty({ description: '剩余时间: working days after today up to the due day (0 on the last day)' }) workingDays!: number;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() overdueWorkingDays!: number;
  @ApiProperty({ description: 'The clock is stopped (time the law excludes)' }) paused!: boolean;
  @ApiProperty({ description: 'The due instant, moved by finished pauses' }) due!: string;
  @ApiProperty() provisional!: boolean;
  @ApiProperty() basis!: string;
}

/** What everyone sees of a case (办件状态). */
export class BoardCaseDto {
  @ApiProperty({ example: 'YY-2026-0001' }) caseNumber!: string;
  @ApiProperty({ enum: CASE_KINDS }) kind!: string;
  @ApiProperty({ example: '异议' }) kindLabel!: string;
  @ApiProperty({ enum: CASE_SUBJECTS }) subject!: string;
  @ApiProperty({ enum: ['construction', 'government'] }) procedureType!: string;
  @ApiProperty() sectionCode!: string;
  @ApiProperty() projectName!: string;
  @ApiProperty({ description: '受理部门' }) departmentName!: string;
  @ApiProperty({ description: '受理时间', nullable: true, type: String }) acceptedAt!: string | null;
  @ApiProperty({ description: '承诺时限 (the due instant without pauses)' }) promisedBy!: string;
  @ApiProperty({ description: 'The rule that sets the limit', enum: ['R29', 'R31', 'R32'] }) promiseRule!: string;
  @ApiProperty({ description: '剩余时间, live; null once closed', type: RemainingDto, nullable: true }) remaining!: RemainingDto | null;
  @ApiProperty({ description: 'Overdue now, or closed after its limit' }) overdue!: boolean;
  @ApiProperty({ enum: CASE_STATUSES }) status!: string;
  @ApiProperty({ example: '处理中' }) statusLabel!: string;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ description: '结果摘要, once closed', nullable: true, type: String }) resultSummary!: string | null;
}

export class BoardPageDto {
  @ApiProperty({ type: [BoardCaseDto] }) items!: BoardCaseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PublicStepDto {
  @ApiProperty() at!: string;
  @ApiProperty() action!: string;
  @ApiProperty() summary!: string;
}

export class PublicCaseDto extends BoardCaseDto {
  @ApiProperty({ type: [PublicStepDto] }) steps!: PublicStepDto[];
}

export class CaseStepDto extends PublicStepDto {
  @ApiProperty() actorRole!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
}

export class CaseAttachmentDto {
  @ApiProperty() documentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() size!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty() uploadedAt!: string;
}

export class CasePauseDto {
  @ApiProperty({ enum: PAUSE_KINDS }) kind!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() from!: string;
  @ApiProperty({ nullable: true, type: String }) to!: string | null;
}

export class SuspensionStateDto {
  @ApiProperty({ description: 'The section stands still' }) suspended!: boolean;
  @ApiProperty({ description: 'Active holds on the section (objections, orders)' }) activeHolds!: number;
  @ApiProperty({ description: 'A supplement must set a new 截止 before the section moves again' }) newBidDeadlineRequired!: boolean;
}

/** What the parties and the supervisor see. */
export class CaseDetailDto extends BoardCaseDto {
  @ApiProperty() id!: string;
  @ApiProperty() filedAt!: string;
  @ApiProperty({ nullable: true, type: String }) knownAt!: string | null;
  @ApiProperty() complainantName!: string;
  @ApiProperty({ description: 'A natural person: parties and the supervisor only' }) contactName!: string;
  @ApiProperty() contactPhone!: string;
  @ApiProperty() content!: string;
  @ApiProperty({ nullable: true, type: String }) answer!: string | null;
  @ApiProperty({ nullable: true, type: String }) priorObjectionNumber!: string | null;
  @ApiProperty({ description: 'This case holds the section suspended (R29 objection, R35 order)' }) holdsSuspension!: boolean;
  @ApiProperty({ type: SuspensionStateDto }) section!: SuspensionStateDto;
  @ApiProperty({ type: [CasePauseDto] }) pauses!: CasePauseDto[];
  @ApiProperty({ type: [CaseAttachmentDto] }) attachments!: CaseAttachmentDto[];
  @ApiProperty({ type: [CaseStepDto] }) steps!: CaseStepDto[];
}

export class CaseListDto {
  @ApiProperty({ type: [CaseDetailDto] }) items!: CaseDetailDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class DepartmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '沈阳市住房和城乡建设局' }) name!: string;
}

export class DepartmentStatisticsDto {
  @ApiProperty() departmentOrgId!: string;
  @ApiProperty() departmentName!: string;
  @ApiProperty({ description: 'Cases received in the period' }) received!: number;
  @ApiProperty({ description: 'Of those, answered or decided (closed)' }) replied!: number;
  @ApiProperty({ description: 'Closed within their limit (pauses not counted)' }) repliedWithinLimit!: number;
  @ApiProperty({ description: 'Still open and past their limit' }) openOverdue!: number;
  @ApiProperty({ description: 'replied / received, a decimal string (e.g. "1.0000")' }) replyRate!: string;
  @ApiProperty({ description: 'repliedWithinLimit / received' }) withinLimitRate!: string;
  @ApiProperty({ description: 'Average handling time of the closed cases, in working days', nullable: true, type: Number }) averageWorkingDays!: number | null;
}

export class StatisticsDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: [DepartmentStatisticsDto] }) departments!: DepartmentStatisticsDto[];
  @ApiProperty({ type: DepartmentStatisticsDto }) total!: DepartmentStatisticsDto;
}

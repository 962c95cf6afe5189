import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBase64,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** ISO 8601 with an explicit offset (R1). */
const IsInstant = () =>
  applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: '$property must be an ISO 8601 date-time with an offset, e.g. 2026-12-21T09:30:00+08:00',
    }),
  );
const NotBlank = () => Matches(/\S/, { message: '$property must not be blank' });
const MONEY = /^\d{1,15}\.\d{2}$/;
const SCORE = /^\d{1,4}(\.\d{1,2})?$/;

// ——— requests ———

export class CandidateDto {
  @ApiProperty({ description: 'The bid (an opened, decrypted bid of this section)', format: 'uuid' })
  @IsUUID()
  bidId!: string;

  @ApiProperty({ description: '排序 1, 2, 3 (R20)', minimum: 1, maximum: 3 })
  @IsInt()
  @Min(1)
  @Max(99)
  rank!: number;

  @ApiProperty({ description: '评审得分, decimal string', example: '92.50' })
  @Matches(SCORE, { message: '$property must be a decimal string, e.g. "92.50"' })
  score!: string;

  @ApiProperty({ description: '推荐理由', maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @NotBlank()
  reasons!: string;

  @ApiPropertyOptional({ description: 'Optional check: when given it must equal the price read out at the opening (PRICE_DIFFERS_FROM_OPENING)' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  bidPrice?: string;
}

export class UnsuccessfulDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  bidId!: string;

  @ApiProperty({ description: '不中标理由', maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @NotBlank()
  reason!: string;
}

export class EvaluationDto {
  @ApiProperty({ description: 'The evaluation report (评标报告) uploaded with POST /sections/{id}/award-documents', format: 'uuid' })
  @IsUUID()
  reportDocumentId!: string;

  @ApiPropertyOptional({ description: 'When the report was received (R21 counts from it); default now' })
  @IsOptional()
  @IsInstant()
  reportedAt?: string;

  @ApiProperty({ description: '评标委员会成员', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Matches(/\S/, { each: true, message: 'committee names must not be blank' })
  committee!: string[];

  @ApiProperty({ type: [CandidateDto], description: 'Up to 3 ranked candidates (R20)' })
  @IsArray()
  @ArrayMaxSize(99)
  @ValidateNested({ each: true })
  @Type(() => CandidateDto)
  candidates!: CandidateDto[];

  @ApiProperty({ type: [UnsuccessfulDto], description: 'Every other opened bid with its reason (a bid not decrypted has a default reason)' })
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => UnsuccessfulDto)
  unsuccessful!: UnsuccessfulDto[];
}

export class PublicityDto {
  @ApiPropertyOptional({ description: 'Start of the publicity (default: now)' })
  @IsOptional()
  @IsInstant()
  start?: string;

  @ApiProperty({ description: 'End of the publicity: at least 3 days after the start (R22)' })
  @IsInstant()
  end!: string;

  @ApiProperty({ description: '异议方式: how and where to object', maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @NotBlank()
  objectionMethod!: string;
}

export class DecisionDto {
  @ApiProperty({ description: 'The candidate rank confirmed as winner (normally 1)', minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(99)
  rank!: number;

  @ApiPropertyOptional({ description: 'Required when rank is not 1', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ResultDto {
  @ApiPropertyOptional({ description: 'Shown until (government: at least 1 working day, R23); default the shortest allowed' })
  @IsOptional()
  @IsInstant()
  displayUntil?: string;
}

export class ContractDto {
  @ApiProperty({ description: 'When the contract was signed' })
  @IsInstant()
  signedAt!: string;

  @ApiProperty({ description: '合同金额, yuan with two decimals', example: '4268800.50' })
  @Matches(MONEY, { message: '$property must be yuan with two decimals, e.g. "4268800.50"' })
  amount!: string;

  @ApiProperty({ description: 'The signed contract, uploaded with POST /sections/{id}/award-documents', format: 'uuid' })
  @IsUUID()
  documentId!: string;
}

export class SupervisorReportDto {
  @ApiProperty({ description: 'When the written report was submitted to the supervising department (R25)' })
  @IsInstant()
  submittedAt!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  documentId?: string;
}

export class UploadQueryDto {
  @ApiProperty({ description: 'The file name, e.g. 评标报告.pdf', maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  name!: string;
}

export class VerifyDocumentDto {
  @ApiProperty({ description: 'The document (the notice PDF), base64' })
  @IsString()
  @IsBase64()
  @MaxLength(1_000_000)
  document!: string;

  @ApiPropertyOptional({ description: 'The signed payload handed out with the notice; without it the notices on record are searched by SHA-256' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  payload?: string;

  @ApiPropertyOptional({ description: 'The Ed25519 signature (base64), with payload' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  signature?: string;
}

// ——— responses ———

export class UploadedDocumentResponse {
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the archived bytes (R37)' }) sha256!: string;
  @ApiProperty() size!: number;
}

export class CandidateResponse {
  @ApiProperty() rank!: number;
  @ApiProperty() bidId!: string;
  @ApiProperty() bidderName!: string;
  @ApiProperty() bidderCode!: string;
  @ApiProperty({ description: '投标报价 as read out at the opening' }) bidPrice!: string;
  @ApiProperty() score!: string;
  @ApiProperty() reasons!: string;
}

export class OtherBidResponse {
  @ApiProperty() bidId!: string;
  @ApiProperty() bidderName!: string;
  @ApiProperty() bidderCode!: string;
  @ApiProperty({ nullable: true, type: String }) bidPrice!: string | null;
  @ApiProperty() reason!: string;
}

export class EvaluationResponse {
  @ApiProperty() id!: string;
  @ApiProperty() sectionId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['draft', 'published', 'superseded'] }) status!: string;
  @ApiProperty() reportDocumentId!: string;
  @ApiProperty() reportName!: string;
  @ApiProperty() reportSha256!: string;
  @ApiProperty() reportedAt!: string;
  @ApiProperty({ description: 'R21: the candidate publicity must be published before this (construction)', nullable: true, type: String })
  publishCandidatesBy!: string | null;
  @ApiProperty({ type: [String] }) committee!: string[];
  @ApiProperty({ type: [CandidateResponse] }) candidates!: CandidateResponse[];
  @ApiProperty({ type: [OtherBidResponse] }) unsuccessful!: OtherBidResponse[];
  @ApiProperty() recordedAt!: string;
}

export class PublicPublicityResponse {
  @ApiProperty() id!: string;
  @ApiProperty() number!: number;
  @ApiProperty({ enum: ['published', 'superseded'] }) status!: string;
  @ApiProperty() bidSectionCode!: string;
  @ApiProperty() projectName!: string;
  @ApiProperty() sectionName!: string;
  @ApiProperty() publishedAt!: string;
  @ApiProperty() start!: string;
  @ApiProperty({ description: 'Objections until (R28)' }) end!: string;
  @ApiProperty() objectionMethod!: string;
  @ApiProperty({ description: 'Suspended by an objection or complaint: the publicity cannot end' }) suspended!: boolean;
  @ApiProperty({ type: [CandidateResponse] }) candidates!: CandidateResponse[];
  @ApiProperty({ type: [OtherBidResponse], description: "The other bidders' results" }) others!: OtherBidResponse[];
}

export class PublicityHistoryResponse {
  @ApiProperty() sectionId!: string;
  @ApiProperty() bidSectionCode!: string;
  @ApiProperty({ type: PublicPublicityResponse, nullable: true }) current!: PublicPublicityResponse | null;
  @ApiProperty({ type: [PublicPublicityResponse], description: 'Every publicity, newest first (a new one after a correction)' })
  history!: PublicPublicityResponse[];
}

export class DecisionResponse {
  @ApiProperty() sectionId!: string;
  @ApiProperty() winnerRank!: number;
  @ApiProperty() winnerName!: string;
  @ApiProperty() winnerCode!: string;
  @ApiProperty() bidAmount!: string;
  @ApiProperty({ nullable: true, type: String }) rankReason!: string | null;
  @ApiProperty() decidedAt!: string;
  @ApiProperty({ description: 'R23 (government): announce the result before this', nullable: true, type: String }) announceBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) resultPublishedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) resultDisplayUntil!: string | null;
  @ApiProperty({ description: 'R24: contract due', nullable: true, type: String }) contractDueAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) contractDueBasis!: string | null;
  @ApiProperty({ description: 'R25 (construction): supervisor report due', nullable: true, type: String }) reportDueAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) contractSignedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) contractAmount!: string | null;
  @ApiProperty({ nullable: true, type: String }) reportSubmittedAt!: string | null;
}

export class NoticeResponse {
  @ApiProperty() id!: string;
  @ApiProperty() sectionId!: string;
  @ApiProperty({ enum: ['award', 'result'], description: 'award 中标通知书 | result 中标结果通知书' }) kind!: string;
  @ApiProperty() number!: string;
  @ApiProperty() bidderName!: string;
  @ApiProperty() bidderCode!: string;
  @ApiProperty() issuedAt!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'The signed canonical JSON (names the PDF SHA-256)' }) payload!: string;
  @ApiProperty({ description: 'Ed25519 signature, base64' }) signature!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty({ description: 'GET this path for the PDF' }) pdf!: string;
}

export class AwardViewResponse {
  @ApiProperty() sectionId!: string;
  @ApiProperty() bidSectionCode!: string;
  @ApiProperty({ enum: ['construction', 'government'] }) procedureType!: string;
  @ApiProperty() sectionStatus!: string;
  @ApiProperty() suspended!: boolean;
  @ApiProperty({ type: EvaluationResponse, nullable: true }) evaluation!: EvaluationResponse | null;
  @ApiProperty({ type: [EvaluationResponse] }) evaluationHistory!: EvaluationResponse[];
  @ApiProperty({ type: [PublicPublicityResponse] }) publicities!: PublicPublicityResponse[];
  @ApiProperty({ type: DecisionResponse, nullable: true }) award!: DecisionResponse | null;
  @ApiProperty({ type: [NoticeResponse] }) notices!: NoticeResponse[];
}

export class PublishResultResponse {
  @ApiProperty({ type: DecisionResponse }) award!: DecisionResponse;
  @ApiProperty({ type: [NoticeResponse] }) notices!: NoticeResponse[];
}

export class PublicResultResponse {
  @ApiProperty() sectionId!: string;
  @ApiProperty() bidSectionCode!: string;
  @ApiProperty() projectName!: string;
  @ApiProperty() sectionName!: string;
  @ApiProperty() winnerName!: string;
  @ApiProperty() winnerCode!: string;
  @ApiProperty() bidAmount!: string;
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ nullable: true, type: String }) displayUntil!: string | null;
}

export class OverdueItemResponse {
  @ApiProperty() sectionId!: string;
  @ApiProperty() bidSectionCode!: string;
  @ApiProperty({ enum: ['contract', 'supervisor_report'] }) item!: string;
  @ApiProperty({ enum: ['R24', 'R25'] }) rule!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ nullable: true, type: String }) basis!: string | null;
  @ApiProperty() winnerName!: string;
}

/** GET /staff/award-deadlines: the same page and cursor as GET /staff/deadlines. */
export class AwardDeadlinesQueryDto {
  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' }) @IsOptional() @IsString() @MaxLength(300) cursor?: string;
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 }) @IsOptional() @Matches(/^\d{1,3}$/) limit?: string;
}

export const AWARD_DEADLINE_ITEMS = ['candidate_publicity', 'result_announcement', 'contract', 'supervisor_report'] as const;
export type AwardDeadlineItem = (typeof AWARD_DEADLINE_ITEMS)[number];

export class AwardDeadlineResponse {
  @ApiProperty({ enum: AWARD_DEADLINE_ITEMS }) item!: AwardDeadlineItem;
  @ApiProperty({ enum: ['R21', 'R23', 'R24', 'R25'] }) rule!: string;
  @ApiProperty({ example: '签订书面合同（中标通知书发出后 30 日内）' }) label!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'the instant the time limit ends (24:00 of its last day)' }) dueAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'how the day was counted, with the rule and its source' }) basis!: string | null;
  @ApiProperty({ description: 'the time limit has passed and nothing is recorded yet' }) overdue!: boolean;
  @ApiProperty({ format: 'uuid' }) sectionId!: string;
  @ApiProperty() sectionCode!: string;
  @ApiProperty() sectionName!: string;
  @ApiProperty() sectionStatus!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() projectName!: string;
  @ApiProperty({ type: String, nullable: true, description: 'after the decision' }) winnerName!: string | null;
}

export class AwardDeadlinePageResponse {
  @ApiProperty({ type: [AwardDeadlineResponse] }) items!: AwardDeadlineResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'the cursor of the next page; null on the last' }) nextCursor!: string | null;
}

export class SignedDocumentResponse {
  @ApiProperty() format!: string;
  @ApiProperty({ enum: ['award_notice', 'result_notice'] }) kind!: string;
  @ApiProperty() documentNumber!: string;
  @ApiProperty() bidSectionCode!: string;
  @ApiProperty() bidderName!: string;
  @ApiProperty() bidderCode!: string;
  @ApiProperty() issuedAt!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() size!: number;
}

export class VerifyDocumentResponse {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ nullable: true, type: String, enum: ['not_on_record', 'hash_mismatch', 'signature_mismatch', 'malformed_signature', 'payload_not_json', 'not_a_document_signature'] })
  reason!: string | null;
  @ApiProperty({ description: 'SHA-256 of the document sent' }) sha256!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty({ type: SignedDocumentResponse, nullable: true }) document!: SignedDocumentResponse | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '@app/core';
import { ATTACHMENT_KINDS, CHANGE_KINDS, NOTICE_STATUSES, NOTICE_TYPES, type AttachmentKind, type NoticeType } from '../notices/notice.entity';
import { INBOX_KINDS, type InboxKind } from '../inbox/inbox-message.entity';
import { DraftAnswerDto } from './notice.dto';

/** Answers' instants are strings in Asia/Shanghai with the offset. */
const time = (description?: string) => ApiProperty({ type: String, format: 'date-time', example: '2026-03-02T09:30:00+08:00', description });
const maybeTime = (description?: string) =>
  ApiProperty({ type: String, format: 'date-time', example: '2026-03-02T09:30:00+08:00', nullable: true, description });
const maybe = (description?: string) => ApiProperty({ type: String, nullable: true, description });
const money = (description: string) => ApiProperty({ type: String, example: '1200000.00', description });

export class OrganisationRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: '统一社会信用代码' }) uscc!: string;
}

export class SectionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: '标段编号' }) code!: string;
  @ApiProperty() number!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'published' }) status!: string;
  @ApiProperty() suspended!: boolean;
  @money('估算价 (yuan)') estimatedPrice!: string;
  @money('投标保证金 (yuan)') bidSecurity!: string;
  @time('投标截止 (截止)') bidDeadline!: string;
  @time('开标时间') openingTime!: string;
  @maybeTime() decryptionWindowEnd!: string | null;
  @maybeTime() documentsIssuedAt!: string | null;
  @maybeTime() documentsUntil!: string | null;
  @maybeTime() terminatedAt!: string | null;
  @maybeTime('when the bid securities must be refunded') refundDueAt!: string | null;
  @ApiProperty() refundDueProvisional!: boolean;
  @ApiProperty() version!: number;
}

export class SectionProjectDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() procedureType!: string;
}

export class SectionWithProjectDto extends SectionDto {
  @ApiProperty({ type: SectionProjectDto }) project!: SectionProjectDto;
}

export class ProjectDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: '招标项目编号' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() procedureType!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() fundingSource!: string;
  @ApiProperty({ type: OrganisationRefDto }) tenderer!: OrganisationRefDto;
  @ApiProperty({ type: OrganisationRefDto, nullable: true }) agency!: OrganisationRefDto | null;
  @time() createdAt!: string;
  @time() updatedAt!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [SectionDto] }) sections!: SectionDto[];
}

export class ProjectPageDto extends PageOf(ProjectDto) {}

export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty({ enum: ATTACHMENT_KINDS }) kind!: AttachmentKind;
  @ApiProperty() name!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() size!: number;
  @ApiProperty() sha256!: string;
}

export class NoticeRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
}

export class NoticeSectionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() status!: string;
  @time() bidDeadline!: string;
  @maybeTime() documentsUntil!: string | null;
}

export class NoticeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ enum: NOTICE_TYPES }) type!: NoticeType;
  @ApiProperty({ type: String, enum: CHANGE_KINDS, nullable: true }) changeKind!: string | null;
  @ApiProperty({ enum: NOTICE_STATUSES }) status!: string;
  @ApiProperty() title!: string;
  @ApiProperty() content!: string;
  @ApiProperty({ type: NoticeRefDto, nullable: true }) relatedNotice!: NoticeRefDto | null;
  @maybe() firstNoticeId!: string | null;
  @ApiProperty() affectsBidPreparation!: boolean;
  @maybeTime() newBidDeadline!: string | null;
  @maybeTime() documentsFrom!: string | null;
  @maybeTime() documentsUntil!: string | null;
  @maybeTime() noticePeriodEnd!: string | null;
  @maybeTime() commentPeriodEnd!: string | null;
  @ApiProperty({ type: [DraftAnswerDto] }) answers!: DraftAnswerDto[];
  @maybeTime() publishedAt!: string | null;
  @maybeTime() withdrawnAt!: string | null;
  @maybe() withdrawReason!: string | null;
  @maybeTime() supersededAt!: string | null;
  @maybe('the notice that superseded this one') supersededBy!: string | null;
  @ApiProperty({ type: [NoticeSectionDto] }) sections!: NoticeSectionDto[];
  @ApiProperty({ type: [AttachmentDto] }) attachments!: AttachmentDto[];
  @time() createdAt!: string;
  @time() updatedAt!: string;
  @ApiProperty() version!: number;
}

export class CommentOrganisationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) noticeId!: string;
  @ApiProperty() text!: string;
  @time() at!: string;
  @ApiPropertyOptional({ type: CommentOrganisationDto, description: "the commenter's organisation (staff and supervisors see it)" })
  organisation?: CommentOrganisationDto;
}

export class CommentPageDto extends PageOf(CommentDto) {}

export class DownloadNoticeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
}

export class DownloadDocumentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() sha256!: string;
}

export class DownloadDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @time() at!: string;
  @ApiProperty({ type: OrganisationRefDto }) organisation!: OrganisationRefDto;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() role!: string;
  @maybe() ip!: string | null;
  @maybe() userAgent!: string | null;
  @ApiProperty({ type: DownloadNoticeDto }) notice!: DownloadNoticeDto;
  @ApiProperty({ type: DownloadDocumentDto }) document!: DownloadDocumentDto;
}

export class DownloadPageDto extends PageOf(DownloadDto) {}

export class HolderDto {
  @ApiProperty({ type: OrganisationRefDto }) organisation!: OrganisationRefDto;
  @time() firstDownloadedAt!: string;
  @time() lastDownloadedAt!: string;
}

export class QuestionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) sectionId!: string;
  @ApiProperty() text!: string;
  @time() askedAt!: string;
  @maybe() answer!: string | null;
  @maybe('the clarification that answered it') answerNoticeId!: string | null;
  @maybeTime() answeredAt!: string | null;
  @ApiProperty({ description: "asked by the caller's organisation" }) mine!: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'staff only' }) askerOrganisationId?: string;
}

export class InboxMessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: INBOX_KINDS }) kind!: InboxKind;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @maybe() noticeId!: string | null;
  @maybe() sectionId!: string | null;
  @time() createdAt!: string;
  @maybeTime() readAt!: string | null;
}

export class InboxPageDto extends PageOf(InboxMessageDto) {}

export class PublicNoticeItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ enum: NOTICE_TYPES }) type!: NoticeType;
  @ApiProperty({ example: '招标公告' }) typeName!: string;
  @maybe() changeKind!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty() title!: string;
  @ApiProperty() projectName!: string;
  @ApiProperty() procedureType!: string;
  @ApiProperty() regionCode!: string;
  @time() publishedAt!: string;
}

export class PublicNoticePageDto extends PageOf(PublicNoticeItemDto) {}

export class PublicNoticeRefDto extends NoticeRefDto {
  @ApiProperty({ enum: NOTICE_TYPES }) type!: NoticeType;
}

export class PublicOrganisationDto {
  @ApiProperty() name!: string;
  @ApiProperty() uscc!: string;
}

export class PublicProjectDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() procedureType!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() fundingSource!: string;
  @ApiProperty({ type: PublicOrganisationDto, nullable: true }) tenderer!: PublicOrganisationDto | null;
  @ApiProperty({ type: PublicOrganisationDto, nullable: true }) agency!: PublicOrganisationDto | null;
}

export class PublicSectionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() status!: string;
  @money('估算价 (yuan)') estimatedPrice!: string;
  @money('投标保证金 (yuan)') bidSecurity!: string;
  @time() bidDeadline!: string;
  @time() openingTime!: string;
  @maybeTime() documentsUntil!: string | null;
  @maybeTime() refundDueAt!: string | null;
}

export class PublicAttachmentDto extends AttachmentDto {
  @ApiProperty({ description: 'where to download it' }) href!: string;
  @ApiProperty({ description: 'tender documents need a bidder account (R12) and every download is logged (R13)' }) requiresAccount!: boolean;
}

export class PublicNoticeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ enum: NOTICE_TYPES }) type!: NoticeType;
  @ApiProperty() typeName!: string;
  @maybe() changeKind!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty() title!: string;
  @ApiProperty() content!: string;
  @maybeTime() publishedAt!: string | null;
  @maybeTime() supersededAt!: string | null;
  @maybeTime() withdrawnAt!: string | null;
  @maybe() withdrawReason!: string | null;
  @ApiProperty({ type: PublicNoticeRefDto, nullable: true }) relatedNotice!: PublicNoticeRefDto | null;
  @ApiProperty({ type: PublicNoticeRefDto, nullable: true }) supersededBy!: PublicNoticeRefDto | null;
  @maybeTime() documentsFrom!: string | null;
  @maybeTime() documentsUntil!: string | null;
  @maybeTime() noticePeriodEnd!: string | null;
  @maybeTime() commentPeriodEnd!: string | null;
  @maybeTime() newBidDeadline!: string | null;
  @ApiProperty({ type: PublicProjectDto }) project!: PublicProjectDto;
  @ApiProperty({ type: [PublicSectionDto] }) sections!: PublicSectionDto[];
  @ApiProperty({ type: [PublicAttachmentDto] }) attachments!: PublicAttachmentDto[];
}

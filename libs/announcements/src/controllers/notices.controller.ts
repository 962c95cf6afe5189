import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, AnyRole, ApiProblems, CurrentActor, Roles } from '@app/core';
import { AttachmentDto, CommentDto, CommentPageDto, NoticeDto } from '../dto/announcements-views.dto';
import { contentDisposition, streamedUpload } from '@app/documents';
import { CommentsService } from '../comments/comments.service';
import { AttachmentQueryDto, CreateNoticeDto, TextDto, UpdateNoticeDto, WithdrawNoticeDto } from '../dto/notice.dto';
import { PageQueryDto } from '../dto/project.dto';
import { TenderDocumentsService } from '../downloads/tender-documents.service';
import { NoticesService } from '../notices/notices.service';

const limit = (q: { limit?: string }) => (q.limit ? Number(q.limit) : undefined);

@ApiTags('notices 公告')
@Controller('notices')
export class NoticesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly downloads: TenderDocumentsService,
    private readonly comments: CommentsService,
  ) {}

  @Roles('staff')
  @Post()
  @ApiOperation({ summary: 'Draft a notice: tender, consultation, supplement (names the notice it changes) or termination' })
  @ApiCreatedResponse({ type: NoticeDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'], 409: ['SECTION_STATE_CONFLICT', 'SECTION_SUSPENDED'], 422: ['FIELD_REQUIRED', 'FIELD_NOT_ALLOWED', 'RELATED_NOTICE_INVALID', 'SECTION_NOT_IN_PROJECT', 'QUESTION_NOT_IN_SECTION'] })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateNoticeDto): Promise<NoticeDto> {
    return this.notices.createDraft(actor, dto);
  }

  @Roles('staff', 'supervisor')
  @Get(':id')
  @ApiOkResponse({ type: NoticeDto })
  @ApiProblems({ 400: ['BAD_REQUEST'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'] })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<NoticeDto> {
    return this.notices.get(actor, id);
  }

  @Roles('staff')
  @Patch(':id')
  @ApiOperation({ summary: 'Edit a draft; a published notice is never edited (NOTICE_NOT_DRAFT)' })
  @ApiOkResponse({ type: NoticeDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'], 409: ['NOTICE_NOT_DRAFT'], 422: ['FIELD_REQUIRED', 'FIELD_NOT_ALLOWED', 'RELATED_NOTICE_INVALID', 'SECTION_NOT_IN_PROJECT', 'QUESTION_NOT_IN_SECTION'] })
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateNoticeDto): Promise<NoticeDto> {
    return this.notices.updateDraft(actor, id, dto);
  }

  @Roles('staff')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the draft is deleted' })
  @ApiProblems({ 400: ['BAD_REQUEST'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'], 409: ['NOTICE_NOT_DRAFT'] })
  async remove(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.notices.deleteDraft(actor, id);
  }

  @Roles('staff')
  @Post(':id/attachments')
  @ApiConsumes('application/octet-stream')
  @ApiOperation({
    summary: 'Upload a file to a draft: the raw bytes as the body (streamed, hashed), ?kind=tender-document|attachment&name=招标文件.pdf',
  })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiProblems({
    400: ['VALIDATION_FAILED', 'UPLOAD_FILE_NAME_INVALID', 'UPLOAD_INCOMPLETE', 'UPLOAD_SIZE_MISMATCH', 'UPLOAD_EMPTY'],
    403: ['NOT_PROJECT_STAFF'],
    404: ['NOT_FOUND'],
    409: ['NOTICE_NOT_DRAFT'],
    413: ['PAYLOAD_TOO_LARGE', 'UPLOAD_TOO_LARGE'],
    415: ['UNSUPPORTED_MEDIA_TYPE', 'UPLOAD_TYPE_NOT_ALLOWED', 'UPLOAD_EXTENSION_MISMATCH'],
    422: ['FIELD_NOT_ALLOWED'],
  })
  attach(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: AttachmentQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // every refusal, before the body or part way through it, is answered (then the connection is drained or
    // closed); the name is decoded strictly from the raw query (a lenient decoding would keep `%ZZ` as it came)
    const upload = streamedUpload(req, res);
    return this.notices.attach(actor, id, { kind: q.kind, name: upload.name ?? q.name, stream: upload.body, declaredSize: upload.declaredSize, declaredType: upload.declaredType });
  }

  @Roles('staff')
  @Delete(':id/attachments/:documentId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the file is removed from the draft' })
  @ApiProblems({ 400: ['BAD_REQUEST'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'], 409: ['NOTICE_NOT_DRAFT'] })
  async detach(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
  ): Promise<void> {
    await this.notices.detach(actor, id, documentId);
  }

  @Roles('staff')
  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a draft: every rule of docs/rules.md for the procedure type is checked (422 names the rule)' })
  @ApiOkResponse({ type: NoticeDto, description: 'the published notice' })
  @ApiProblems({
    400: ['BAD_REQUEST'],
    403: ['NOT_PROJECT_STAFF'],
    404: ['NOT_FOUND'],
    409: ['NOTICE_NOT_DRAFT', 'SECTION_STATE_CONFLICT', 'SECTION_SUSPENDED', 'SECTION_TRANSITION_REFUSED', 'QUESTION_ANSWERED'],
    422: ['BID_DEADLINE_TOO_EARLY', 'BID_SECURITY_TOO_HIGH', 'COMMENT_PERIOD_INVALID', 'DOCUMENTS_PERIOD_TOO_SHORT', 'DOCUMENTS_UNTIL_AFTER_DEADLINE', 'NEW_BID_DEADLINE_IN_PAST', 'NOTICE_PERIOD_TOO_SHORT', 'OPENING_TIME_NOT_AT_DEADLINE', 'TENDER_DOCUMENTS_MISSING', 'FIELD_REQUIRED', 'RELATED_NOTICE_INVALID', 'COMMENT_PERIOD_ENDED'],
  })
  publish(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<NoticeDto> {
    return this.notices.publish(actor, id);
  }

  @Roles('staff')
  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a published consultation notice' })
  @ApiOkResponse({ type: NoticeDto, description: 'the withdrawn notice' })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'], 409: ['NOTICE_WITHDRAW_NOT_ALLOWED', 'SECTION_STATE_CONFLICT'] })
  withdraw(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: WithdrawNoticeDto): Promise<NoticeDto> {
    return this.notices.withdraw(actor, id, dto.reason);
  }

  @Roles('bidder', 'staff', 'supervisor')
  @Get(':id/documents/:documentId')
  @ApiOperation({ summary: 'Download tender documents: any bidder account (R12); every download is logged (R13)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the file (its SHA-256 in X-Content-SHA256)', schema: { type: 'string', format: 'binary' } })
  @ApiProblems({ 400: ['BAD_REQUEST'], 404: ['NOT_FOUND'], 409: ['DOCUMENTS_NOT_AVAILABLE'] })
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { attachment, stream } = await this.downloads.download(actor, id, documentId, req.headers['user-agent'] ?? null);
    res.setHeader('X-Content-SHA256', attachment.sha256);
    res.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(stream, { type: attachment.contentType, disposition: contentDisposition(attachment.name), length: attachment.size });
  }

  @AnyRole()
  @Post(':id/comments')
  @ApiOperation({ summary: 'Comment on a consultation notice during its comment period (R11)' })
  @ApiCreatedResponse({ type: CommentDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'], 422: ['COMMENT_PERIOD_ENDED'] })
  comment(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: TextDto): Promise<CommentDto> {
    return this.comments.comment(actor, id, dto.text);
  }

  @Roles('staff', 'supervisor')
  @Get(':id/comments')
  @ApiOperation({ summary: "The comments recorded on a consultation notice: the project's staff and supervisors" })
  @ApiOkResponse({ type: CommentPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'BAD_CURSOR'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'] })
  commentsOf(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() q: PageQueryDto): Promise<CommentPageDto> {
    return this.comments.list(actor, id, { cursor: q.cursor, limit: limit(q) });
  }
}

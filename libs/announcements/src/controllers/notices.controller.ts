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
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, AnyRole, CurrentActor, DomainError, Roles } from '@app/core';
import { contentDisposition, decodeFileName, rawQueryParameter, uploadBody } from '@app/documents';
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
  create(@CurrentActor() actor: Actor, @Body() dto: CreateNoticeDto) {
    return this.notices.createDraft(actor, dto);
  }

  @Roles('staff', 'supervisor')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.notices.get(actor, id);
  }

  @Roles('staff')
  @Patch(':id')
  @ApiOperation({ summary: 'Edit a draft; a published notice is never edited (NOTICE_NOT_DRAFT)' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateNoticeDto) {
    return this.notices.updateDraft(actor, id, dto);
  }

  @Roles('staff')
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.notices.deleteDraft(actor, id);
  }

  @Roles('staff')
  @Post(':id/attachments')
  @ApiConsumes('application/octet-stream')
  @ApiOperation({
    summary: 'Upload a file to a draft: the raw bytes as the body (streamed, hashed), ?kind=tender-document|attachment&name=招标文件.pdf',
  })
  attach(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: AttachmentQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // every refusal, before the body or part way through it, is answered and then closes the connection
    const body = uploadBody(req, res);
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json' || type === 'application/x-www-form-urlencoded' || type.startsWith('multipart/')) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, '请以原始字节上传文件（Content-Type: application/octet-stream）', 'Send the file as the raw body (Content-Type: application/octet-stream)');
    }
    const length = req.headers['content-length'];
    // the name from the raw query: a lenient decoding would keep an invalid `%ZZ` as it came
    const rawName = rawQueryParameter(req.originalUrl ?? req.url, 'name');
    return this.notices.attach(actor, id, {
      kind: q.kind,
      name: rawName === undefined ? q.name : decodeFileName(rawName, { form: true }),
      stream: body,
      declaredSize: length && /^\d+$/.test(length) ? Number(length) : undefined,
      declaredType: type || undefined,
    });
  }

  @Roles('staff')
  @Delete(':id/attachments/:documentId')
  @HttpCode(204)
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
  publish(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.notices.publish(actor, id);
  }

  @Roles('staff')
  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a published consultation notice' })
  withdraw(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: WithdrawNoticeDto) {
    return this.notices.withdraw(actor, id, dto.reason);
  }

  @Roles('bidder', 'staff', 'supervisor')
  @Get(':id/documents/:documentId')
  @ApiOperation({ summary: 'Download tender documents: any bidder account (R12); every download is logged (R13)' })
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
  comment(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: TextDto) {
    return this.comments.comment(actor, id, dto.text);
  }

  @Roles('staff', 'supervisor')
  @Get(':id/comments')
  @ApiOperation({ summary: "The comments recorded on a consultation notice: the project's staff and supervisors" })
  commentsOf(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() q: PageQueryDto) {
    return this.comments.list(actor, id, { cursor: q.cursor, limit: limit(q) });
  }
}

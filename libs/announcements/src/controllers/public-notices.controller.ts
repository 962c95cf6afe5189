import { Controller, Get, Header, Param, ParseUUIDPipe, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiProblems, Public, RateLimited } from '@app/core';
import { PublicNoticeDto, PublicNoticePageDto } from '../dto/announcements-views.dto';
import { contentDisposition } from '@app/documents';
import { PublicNoticeQueryDto } from '../dto/notice.dto';
import { PublicNoticesService } from '../public/public-notices.service';

@ApiTags('public 公开信息')
@Controller('public/notices')
export class PublicNoticesController {
  constructor(private readonly notices: PublicNoticesService) {}

  @Public()
  @RateLimited('search')
  @Get()
  @ApiOperation({ summary: 'Notices, newest first: filters, Chinese keyword search (q), cursor pagination' })
  @ApiOkResponse({ type: PublicNoticePageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'BAD_CURSOR', 'BAD_DATE'] })
  list(@Query() q: PublicNoticeQueryDto): Promise<PublicNoticePageDto> {
    const { limit, ...filters } = q;
    return this.notices.list({ ...filters, limit: limit ? Number(limit) : undefined });
  }

  @Public()
  @RateLimited('feed')
  @Get('feed.atom')
  @Header('Content-Type', 'application/atom+xml; charset=utf-8')
  @ApiProduces('application/atom+xml')
  @ApiOperation({ summary: 'Atom feed of the newest notices' })
  @ApiOkResponse({ description: 'an Atom 1.0 document', schema: { type: 'string' } })
  feed(@Req() req: Request) {
    return this.notices.feed(`${req.protocol}://${req.get('host')}`);
  }

  @Public()
  @Get(':id')
  @ApiOkResponse({ type: PublicNoticeDto })
  @ApiProblems({ 400: ['BAD_REQUEST'], 404: ['NOT_FOUND'] })
  detail(@Param('id', ParseUUIDPipe) id: string): Promise<PublicNoticeDto> {
    return this.notices.detail(id);
  }

  @Public()
  @Get(':id/attachments/:documentId')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the file (its SHA-256 in X-Content-SHA256)', schema: { type: 'string', format: 'binary' } })
  @ApiProblems({ 400: ['BAD_REQUEST'], 404: ['NOT_FOUND'] })
  @ApiOperation({ summary: "A notice's public attachment (tender documents need a bidder account: /notices/:id/documents/:documentId)" })
  async attachment(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { attachment, stream } = await this.notices.openAttachment(id, documentId);
    res.setHeader('X-Content-SHA256', attachment.sha256);
    return new StreamableFile(stream, { type: attachment.contentType, disposition: contentDisposition(attachment.name), length: attachment.size });
  }
}

import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, ApiProblems, CurrentActor, Public, Roles } from '@app/core';
import { contentDisposition, streamedUpload } from '@app/documents';
import { ContentService } from './content.service';
import { ContentFileDto, ContentFileNameDto, ContentPageDto, ContentPageListDto, PutContentPageDto, UpdateContentFileDto } from './content.dto';

@ApiTags('content 网站栏目')
@Controller()
export class ContentController {
  constructor(private readonly content: ContentService) {}

  @Public()
  @Get('public/content')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({ summary: "The public site's content pages (交易指南, 政策法规, 文件下载, 投诉电话): titles and headings" })
  @ApiOkResponse({ type: ContentPageListDto })
  async list(): Promise<ContentPageListDto> {
    return { items: await this.content.list() };
  }

  @Public()
  @Get('public/content/:slug')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({ summary: 'One content page: its title, its text (plain text with a few marks, never HTML) and its files for download' })
  @ApiOkResponse({ type: ContentPageDto })
  @ApiProblems({ 404: ['NOT_FOUND'] })
  get(@Param('slug') slug: string): Promise<ContentPageDto> {
    return this.content.get(slug);
  }

  @Roles('admin')
  @Put('admin/content/:slug')
  @ApiOperation({ summary: 'Create or replace a content page (administrators; audited as content.update)' })
  @ApiOkResponse({ type: ContentPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'CONTENT_SLUG_INVALID'], 422: ['CONTENT_LINK_UNSAFE'] })
  put(@CurrentActor() actor: Actor, @Param('slug') slug: string, @Body() dto: PutContentPageDto): Promise<ContentPageDto> {
    return this.content.put(actor, slug, dto);
  }

  @Roles('admin')
  @Post('admin/content/:slug/files')
  @ApiConsumes('application/octet-stream')
  @ApiOperation({
    summary:
      "Attach a file to a content page (administrators; audited as content.file_upload): the raw bytes as the body (streamed, hashed), ?name=投标函格式.docx; the types, size and refusals of tender documents",
  })
  @ApiCreatedResponse({ type: ContentFileDto })
  @ApiProblems({
    400: ['VALIDATION_FAILED', 'UPLOAD_FILE_NAME_INVALID', 'UPLOAD_INCOMPLETE', 'UPLOAD_SIZE_MISMATCH', 'UPLOAD_EMPTY'],
    404: ['NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE', 'UPLOAD_TOO_LARGE'],
    415: ['UNSUPPORTED_MEDIA_TYPE', 'UPLOAD_TYPE_NOT_ALLOWED', 'UPLOAD_EXTENSION_MISMATCH'],
  })
  attachFile(
    @CurrentActor() actor: Actor,
    @Param('slug') slug: string,
    @Query() q: ContentFileNameDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContentFileDto> {
    // every refusal, before the body or part way through it, is answered (libs/documents README)
    const upload = streamedUpload(req, res);
    return this.content.attachFile(actor, slug, { ...upload, name: upload.name ?? q.name, stream: upload.body });
  }

  @Roles('admin')
  @Patch('admin/content/:slug/files/:fileId')
  @ApiOperation({ summary: "Rename a content page's file and/or move it in the page's list (administrators; audited as content.file_update)" })
  @ApiOkResponse({ type: ContentFileDto })
  @ApiProblems({
    400: ['BAD_REQUEST', 'VALIDATION_FAILED', 'UPLOAD_FILE_NAME_INVALID'],
    404: ['NOT_FOUND', 'CONTENT_FILE_NOT_FOUND'],
    415: ['UPLOAD_EXTENSION_MISMATCH'],
  })
  updateFile(
    @CurrentActor() actor: Actor,
    @Param('slug') slug: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @Body() dto: UpdateContentFileDto,
  ): Promise<ContentFileDto> {
    return this.content.updateFile(actor, slug, fileId, dto);
  }

  @Roles('admin')
  @Delete('admin/content/:slug/files/:fileId')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove a file from a content page and delete it (administrators; audited as content.file_remove)" })
  @ApiNoContentResponse({ description: 'the file is removed' })
  @ApiProblems({ 400: ['BAD_REQUEST'], 404: ['NOT_FOUND', 'CONTENT_FILE_NOT_FOUND'] })
  async removeFile(@CurrentActor() actor: Actor, @Param('slug') slug: string, @Param('fileId', ParseUUIDPipe) fileId: string): Promise<void> {
    await this.content.removeFile(actor, slug, fileId);
  }

  @Public()
  @Get('public/content/:slug/files/:fileId')
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: "A content page's file, as stored (its SHA-256 in X-Content-SHA256, its name in Content-Disposition)" })
  @ApiOkResponse({ description: 'the file (its SHA-256 in X-Content-SHA256)', schema: { type: 'string', format: 'binary' } })
  @ApiProblems({ 400: ['BAD_REQUEST'], 404: ['NOT_FOUND', 'CONTENT_FILE_NOT_FOUND'] })
  async downloadFile(
    @Param('slug') slug: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { file, stream } = await this.content.openFile(slug, fileId);
    res.setHeader('X-Content-SHA256', file.sha256);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(stream, { type: file.contentType, disposition: contentDisposition(file.name), length: file.size });
  }
}

import { Body, Controller, Get, Header, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Public, Roles } from '@app/core';
import { ContentService } from './content.service';
import { ContentPageDto, ContentPageListDto, PutContentPageDto } from './content.dto';

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
  @ApiOperation({ summary: 'One content page: its title and its text (plain text with a few marks, never HTML)' })
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
}

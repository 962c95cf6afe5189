import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Actor, ApiProblems, CurrentActor, Roles } from '@app/core';
import { DownloadPageDto, HolderDto, QuestionDto, SectionDto, SectionWithProjectDto } from '../dto/announcements-views.dto';
import { AnnouncementErrors } from '../announcements.errors';
import { assertMayOversee } from '../common/access';
import { TextDto } from '../dto/notice.dto';
import { PageQueryDto, UpdateSectionDto } from '../dto/project.dto';
import { TenderDocumentsService } from '../downloads/tender-documents.service';
import { ProjectsService, sectionOutput } from '../projects/projects.service';
import { QuestionsService } from '../questions/questions.service';
import { SectionsService } from '../sections/sections.service';
import { TenderSection } from '../sections/tender-section.entity';

const limit = (q: { limit?: string }) => (q.limit ? Number(q.limit) : undefined);

@ApiTags('sections 标段')
@Controller('sections')
export class SectionsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectsService,
    private readonly sections: SectionsService,
    private readonly downloads: TenderDocumentsService,
    private readonly questions: QuestionsService,
  ) {}

  @Roles('staff', 'supervisor')
  @Get(':id')
  @ApiOkResponse({ type: SectionWithProjectDto })
  @ApiProblems({ 400: ['BAD_REQUEST'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'] })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<SectionWithProjectDto> {
    const section = await this.sections.get(id);
    assertMayOversee(actor, section.project);
    const row = await this.dataSource.manager.findOne(TenderSection, { where: { id } });
    if (!row) throw AnnouncementErrors.sectionNotFound();
    return { ...sectionOutput(row), project: { id: section.project.id, code: section.project.code, name: section.project.name, procedureType: section.project.procedureType } };
  }

  @Roles('staff')
  @Patch(':id')
  @ApiOperation({ summary: 'Change a draft section; a published one changes through a supplement' })
  @ApiOkResponse({ type: SectionDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'], 409: ['SECTION_NOT_DRAFT'], 422: ['ESTIMATED_PRICE_ZERO', 'BID_SECURITY_TOO_HIGH', 'OPENING_TIME_NOT_AT_DEADLINE', 'BID_DEADLINE_TOO_EARLY', 'BID_DEADLINE_IN_PAST'] })
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSectionDto): Promise<SectionDto> {
    return this.projects.updateSection(actor, id, dto);
  }

  @Roles('staff', 'supervisor')
  @Get(':id/downloads')
  @ApiOperation({ summary: "The download log of the section's tender documents (R13): the project's own staff; supervisors from 截止 on" })
  @ApiOkResponse({ type: DownloadPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'BAD_CURSOR'], 403: ['NOT_PROJECT_STAFF', 'DOWNLOAD_LIST_SEALED'], 404: ['NOT_FOUND'] })
  downloadsOf(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() q: PageQueryDto): Promise<DownloadPageDto> {
    return this.downloads.listDownloads(actor, id, { cursor: q.cursor, limit: limit(q) });
  }

  @Roles('staff', 'supervisor')
  @Get(':id/holders')
  @ApiOperation({ summary: "The organisations holding the section's tender documents (R13): the project's own staff; supervisors from 截止 on" })
  @ApiOkResponse({ type: [HolderDto] })
  @ApiProblems({ 400: ['BAD_REQUEST'], 403: ['NOT_PROJECT_STAFF', 'DOWNLOAD_LIST_SEALED'], 404: ['NOT_FOUND'] })
  holders(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<HolderDto[]> {
    return this.downloads.listHolders(actor, id);
  }

  @Roles('bidder', 'staff', 'supervisor')
  @Get(':id/questions')
  @ApiOperation({ summary: 'Questions (答疑): staff see all, bidders their own and the answered ones; the asker is never shown' })
  @ApiOkResponse({ type: [QuestionDto] })
  @ApiProblems({ 400: ['BAD_REQUEST'], 404: ['NOT_FOUND'] })
  questionsOf(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<QuestionDto[]> {
    return this.questions.list(actor, id);
  }

  @Roles('bidder')
  @Post(':id/questions')
  @ApiOperation({ summary: 'Ask a question about the tender documents (holders only, before 截止)' })
  @ApiCreatedResponse({ type: QuestionDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['NOT_DOCUMENT_HOLDER'], 404: ['NOT_FOUND'], 409: ['QUESTIONS_CLOSED'] })
  ask(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: TextDto): Promise<QuestionDto> {
    return this.questions.ask(actor, id, dto.text);
  }
}

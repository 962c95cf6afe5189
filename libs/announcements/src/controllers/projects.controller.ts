import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Roles } from '@app/core';
import { NoticeDto, ProjectDto, ProjectPageDto, SectionDto } from '../dto/announcements-views.dto';
import { CreateProjectDto, PageQueryDto, SectionInputDto, UpdateProjectDto } from '../dto/project.dto';
import { NoticesService } from '../notices/notices.service';
import { ProjectsService } from '../projects/projects.service';

const limit = (q: { limit?: string }) => (q.limit ? Number(q.limit) : undefined);

@ApiTags('projects 招标项目')
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly notices: NoticesService,
  ) {}

  @Roles('staff')
  @Post()
  @ApiOperation({ summary: 'Register a tender project with its sections (staff of a tenderer or agency)' })
  @ApiCreatedResponse({ type: ProjectDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['NOT_PROJECT_STAFF'], 422: ['ORGANISATION_KIND_INVALID', 'BID_DEADLINE_IN_PAST', 'ESTIMATED_PRICE_ZERO', 'BID_SECURITY_TOO_HIGH', 'OPENING_TIME_NOT_AT_DEADLINE', 'BID_DEADLINE_TOO_EARLY'] })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProjectDto): Promise<ProjectDto> {
    return this.projects.create(actor, dto);
  }

  @Roles('staff', 'supervisor')
  @Get()
  @ApiOperation({ summary: "Projects of the staff member's organisation (all of them for supervisors), newest first" })
  @ApiOkResponse({ type: ProjectPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'BAD_CURSOR'] })
  list(@CurrentActor() actor: Actor, @Query() q: PageQueryDto): Promise<ProjectPageDto> {
    return this.projects.list(actor, { cursor: q.cursor, limit: limit(q) });
  }

  @Roles('staff', 'supervisor')
  @Get(':id')
  @ApiOkResponse({ type: ProjectDto })
  @ApiProblems({ 400: ['BAD_REQUEST'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'] })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ProjectDto> {
    return this.projects.get(actor, id);
  }

  @Roles('staff')
  @Patch(':id')
  @ApiOperation({ summary: 'Change a project before any of its notices is published' })
  @ApiOkResponse({ type: ProjectDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'], 409: ['PROJECT_PUBLISHED'], 422: ['ORGANISATION_KIND_INVALID'] })
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateProjectDto): Promise<ProjectDto> {
    return this.projects.update(actor, id, dto);
  }

  @Roles('staff')
  @Post(':id/sections')
  @ApiOperation({ summary: 'Add a section (标段) to a project' })
  @ApiCreatedResponse({ type: SectionDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'], 409: ['PROJECT_PUBLISHED'], 422: ['BID_DEADLINE_IN_PAST', 'ESTIMATED_PRICE_ZERO', 'BID_SECURITY_TOO_HIGH', 'OPENING_TIME_NOT_AT_DEADLINE', 'BID_DEADLINE_TOO_EARLY'] })
  addSection(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SectionInputDto): Promise<SectionDto> {
    return this.projects.addSection(actor, id, dto);
  }

  @Roles('staff', 'supervisor')
  @Get(':id/notices')
  @ApiOperation({ summary: "The project's notices, drafts included" })
  @ApiOkResponse({ type: [NoticeDto] })
  @ApiProblems({ 400: ['BAD_REQUEST'], 403: ['NOT_PROJECT_STAFF'], 404: ['NOT_FOUND'] })
  listNotices(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<NoticeDto[]> {
    return this.notices.listForProject(actor, id);
  }
}

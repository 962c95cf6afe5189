import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@app/core';
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
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProjectDto) {
    return this.projects.create(actor, dto);
  }

  @Roles('staff', 'supervisor')
  @Get()
  @ApiOperation({ summary: "Projects of the staff member's organisation (all of them for supervisors), newest first" })
  list(@CurrentActor() actor: Actor, @Query() q: PageQueryDto) {
    return this.projects.list(actor, { cursor: q.cursor, limit: limit(q) });
  }

  @Roles('staff', 'supervisor')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.projects.get(actor, id);
  }

  @Roles('staff')
  @Patch(':id')
  @ApiOperation({ summary: 'Change a project before any of its notices is published' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateProjectDto) {
    return this.projects.update(actor, id, dto);
  }

  @Roles('staff')
  @Post(':id/sections')
  @ApiOperation({ summary: 'Add a section (标段) to a project' })
  addSection(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SectionInputDto) {
    return this.projects.addSection(actor, id, dto);
  }

  @Roles('staff', 'supervisor')
  @Get(':id/notices')
  @ApiOperation({ summary: "The project's notices, drafts included" })
  listNotices(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.notices.listForProject(actor, id);
  }
}

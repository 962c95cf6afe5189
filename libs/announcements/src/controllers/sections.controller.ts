import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Actor, CurrentActor, Roles } from '@app/core';
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
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    const section = await this.sections.get(id);
    assertMayOversee(actor, section.project);
    const row = await this.dataSource.manager.findOne(TenderSection, { where: { id } });
    if (!row) throw AnnouncementErrors.sectionNotFound();
    return { ...sectionOutput(row), project: { id: section.project.id, code: section.project.code, name: section.project.name, procedureType: section.project.procedureType } };
  }

  @Roles('staff')
  @Patch(':id')
  @ApiOperation({ summary: 'Change a draft section; a published one changes through a supplement' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSectionDto) {
    return this.projects.updateSection(actor, id, dto);
  }

  @Roles('staff', 'supervisor')
  @Get(':id/downloads')
  @ApiOperation({ summary: "The download log of the section's tender documents (R13): the project's own staff; supervisors from 截止 on" })
  downloadsOf(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() q: PageQueryDto) {
    return this.downloads.listDownloads(actor, id, { cursor: q.cursor, limit: limit(q) });
  }

  @Roles('staff', 'supervisor')
  @Get(':id/holders')
  @ApiOperation({ summary: "The organisations holding the section's tender documents (R13): the project's own staff; supervisors from 截止 on" })
  holders(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.downloads.listHolders(actor, id);
  }

  @Roles('bidder', 'staff', 'supervisor')
  @Get(':id/questions')
  @ApiOperation({ summary: 'Questions (答疑): staff see all, bidders their own and the answered ones; the asker is never shown' })
  questionsOf(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.questions.list(actor, id);
  }

  @Roles('bidder')
  @Post(':id/questions')
  @ApiOperation({ summary: 'Ask a question about the tender documents (holders only, before 截止)' })
  ask(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: TextDto) {
    return this.questions.ask(actor, id, dto.text);
  }
}

import { IdentityModule } from '@app/identity';
import { Module } from '@nestjs/common';
import { DEFAULT_RULES } from '@app/core';
import { ANNOUNCEMENT_RULES } from './announcements.tokens';
import { CommentsService } from './comments/comments.service';
import { InboxController } from './controllers/inbox.controller';
import { NoticesController } from './controllers/notices.controller';
import { ProjectsController } from './controllers/projects.controller';
import { SectionsController } from './controllers/sections.controller';
import { PublicNoticesController } from './controllers/public-notices.controller';
import { StaffConsoleController } from './controllers/staff-console.controller';
import { StaffConsoleService } from './staff/staff-console.service';
import { TenderDocumentsService } from './downloads/tender-documents.service';
import { InboxService } from './inbox/inbox.service';
import { NoticePublicationService } from './notices/notice-publication.service';
import { NoticesService } from './notices/notices.service';
import { ProjectsService } from './projects/projects.service';
import { PublicNoticesService } from './public/public-notices.service';
import { QuestionsService } from './questions/questions.service';
import { SectionsService } from './sections/sections.service';

/**
 * Tender projects, sections and their lifecycle, notices, tender documents and the download log, questions,
 * consultation comments, the inbox, and public reading. Needs CoreModule, IdentityModule, the global
 * DocumentsModule and ExchangeModule (OutboxService). Other modules use SectionsService.
 */
@Module({
  imports: [IdentityModule],
  controllers: [ProjectsController, SectionsController, NoticesController, InboxController, PublicNoticesController, StaffConsoleController],
  providers: [
    { provide: ANNOUNCEMENT_RULES, useValue: DEFAULT_RULES },
    SectionsService,
    ProjectsService,
    NoticesService,
    NoticePublicationService,
    TenderDocumentsService,
    QuestionsService,
    CommentsService,
    InboxService,
    PublicNoticesService,
    StaffConsoleService,
  ],
  exports: [SectionsService, ProjectsService, NoticesService, InboxService, TenderDocumentsService],
})
export class AnnouncementsModule {}

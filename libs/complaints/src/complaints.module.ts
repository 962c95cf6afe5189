import { Module } from '@nestjs/common';
import type { PurposeLimitsConfig } from '@app/documents';
import { ALL_FILE_TYPES } from '@app/documents';
import { IdentityModule } from '@app/identity';
import { AnnouncementsModule } from '@app/announcements';
import { CasesService, CASE_ATTACHMENT_PURPOSE } from './cases/cases.service';
import { CaseBoardController, CasesController, ComplaintsController, ObjectionsController } from './controllers/cases.controller';

/** The document purpose of case files, for `DocumentsModule.forRoot({ purposes })`. */
export function caseDocumentPurposes(maxSize = 200 * 1024 * 1024): Record<string, PurposeLimitsConfig> {
  return { [CASE_ATTACHMENT_PURPOSE]: { maxSize, types: ALL_FILE_TYPES } };
}

/**
 * Objections, complaints and the public case status board (R27–R35). Needs CoreModule, the global DocumentsModule
 * (with `caseDocumentPurposes()`), ExchangeModule (OutboxService) and AnnouncementsModule (SectionsService,
 * InboxService): the section is suspended and released only through SectionsService.
 */
@Module({
  imports: [IdentityModule, AnnouncementsModule],
  controllers: [ObjectionsController, ComplaintsController, CasesController, CaseBoardController],
  providers: [CasesService],
  exports: [CasesService],
})
export class ComplaintsModule {}


import { Module } from '@nestjs/common';
import { AnnouncementsModule } from '@app/announcements';
import { BidsModule } from '@app/bids';
import { ComplaintsModule } from '@app/complaints';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';

/**
 * The disclosure statistics: above the modules (libs/platform), it asks each for its own counts through its
 * service (NoticesService, TenderDocumentsService, BidSubmissionService, BidOpeningService, CasesService).
 */
@Module({
  imports: [AnnouncementsModule, BidsModule, ComplaintsModule],
  controllers: [StatisticsController],
  providers: [StatisticsService],
  exports: [StatisticsService],
})
export class StatisticsModule {}

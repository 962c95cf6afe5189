import { Module } from '@nestjs/common';
import { ExchangeModule } from '@app/exchange';
import { IdentityModule } from '@app/identity';
import { BidsCoreModule } from '@app/bids';
import { AnnouncementsModule } from '@app/announcements';
import { AwardsController, PublicAwardsController } from './awards.controller';
import { AwardsService } from './awards.service';
import { AwardDeadlineScheduler } from './scheduler/award-deadlines.scheduler';
import { AwardDeadlinesService } from './staff/award-deadlines.service';

/**
 * Awards in the API: evaluation result, candidate publicity, decision, result with the signed notices, contract and
 * supervisor report, the overdue list, the staff's award deadlines, the public publicity and result, and document verification. Needs the global
 * DocumentsModule configured with `awardDocumentPurposes()`.
 */
@Module({
  imports: [BidsCoreModule, AnnouncementsModule, ExchangeModule, IdentityModule],
  controllers: [AwardsController, PublicAwardsController],
  providers: [AwardsService, AwardDeadlinesService],
  exports: [AwardsService],
})
export class AwardsModule {}

/** The deadline pass (R24, R25 overdue flags): imported by the worker, and by the API on the embedded default. */
@Module({
  providers: [AwardDeadlineScheduler],
  exports: [AwardDeadlineScheduler],
})
export class AwardsSchedulerModule {}

import { Module } from '@nestjs/common';
import { ConfigError, PLATFORM_CONFIG, PlatformConfig } from '@app/core';
import { ExchangeModule } from '@app/exchange';
import { IdentityModule } from '@app/identity';
import { SectionsService } from '@app/announcements';
import { BidsController } from './bids.controller';
import { BIDS_OPTIONS, BidsOptions, loadBidsOptions } from './bids.options';
import { BidKeysService } from './opening/bid-keys.service';
import { BidOpeningService } from './opening/bid-opening.service';
import { OpeningCloseService } from './opening/opening-close.service';
import { OpeningObjectionsService } from './opening/opening-objections.service';
import { ReceiptSigner } from './receipts/receipt-signer';
import { ReceiptsController } from './receipts/receipts.controller';
import { BidDeadlineScheduler } from './scheduler/bid-deadline.scheduler';
import { BidSubmissionService } from './submission/bid-submission.service';

function receiptSigner(options: BidsOptions): ReceiptSigner {
  try {
    return ReceiptSigner.load(options.receiptKey);
  } catch (error) {
    const from = options.receiptKey.kind === 'pem' ? options.receiptKey.from : options.receiptKey.path;
    throw new ConfigError([`${from}: the receipt signing key cannot be used: ${(error as Error).message}`]);
  }
}

/**
 * What both the API and the worker need of the bids module: its options, the receipt signer, and the opening
 * (the section moves through SectionsService, which holds no state; this module keeps its own instance so
 * that the worker need not load the announcements module's controllers and documents).
 */
@Module({
  imports: [ExchangeModule],
  providers: [
    { provide: BIDS_OPTIONS, inject: [PLATFORM_CONFIG], useFactory: (config: PlatformConfig) => loadBidsOptions(config) },
    { provide: ReceiptSigner, inject: [BIDS_OPTIONS], useFactory: receiptSigner },
    SectionsService,
    BidOpeningService,
    OpeningCloseService,
    OpeningObjectionsService,
  ],
  exports: [BIDS_OPTIONS, ReceiptSigner, SectionsService, BidOpeningService],
})
export class BidsCoreModule {}

/**
 * Bids in the API: submission with receipts, withdrawal, the bidder's own bids, the keys and objections at
 * the opening, the published record, the receipt key. Needs the global DocumentsModule configured with
 * `bidDocumentPurposes()` (the sealed-container check of the purpose `bid`).
 */
@Module({
  imports: [BidsCoreModule, IdentityModule],
  controllers: [BidsController, ReceiptsController],
  providers: [BidSubmissionService, BidKeysService],
  exports: [BidSubmissionService, BidKeysService, BidsCoreModule],
})
export class BidsModule {}

/**
 * The deadline scheduler (opening at 截止, closing at the end of the decryption window). The worker imports
 * it; on the embedded default the API does.
 */
@Module({
  imports: [BidsCoreModule],
  providers: [BidDeadlineScheduler],
  exports: [BidDeadlineScheduler],
})
export class BidsSchedulerModule {}

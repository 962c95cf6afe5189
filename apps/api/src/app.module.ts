import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, PlatformConfig, SchedulerModule } from '@app/core';
import { IdentityModule } from '@app/identity';
import { ExchangeModule, ExchangeWorkerModule } from '@app/exchange';
import { DocumentsModule } from '@app/documents';
import { AnnouncementsModule } from '@app/announcements';
import { bidDocumentPurposes, BidsModule, BidsSchedulerModule } from '@app/bids';
import { AwardsModule, AwardsSchedulerModule, awardDocumentPurposes } from '@app/awards';
import { caseDocumentPurposes, ComplaintsModule } from '@app/complaints';
import { join } from 'node:path';
import { contentFilePurposes, ContentModule, platformSchema, StatisticsModule } from '@app/platform';

/** The HTTP API. On the embedded default it also carries the worker's jobs (one process, one PGlite). */
@Module({})
export class AppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    // Without a separate worker (embedded PGlite, or no Redis: the in-process transport) the API relays the outbox itself.
    const exchangeJobs = config.embedded.database || config.embedded.queue ? [ExchangeWorkerModule.forRoot(config)] : [];
    return {
      module: AppModule,
      imports: [CoreModule.forRoot({ config, schema: platformSchema, http: true }), IdentityModule, ExchangeModule.forRoot(config), ...exchangeJobs,
        DocumentsModule.forRoot({
          ...(config.s3 ? { driver: 'minio' as const, ...config.s3 } : { driver: 'local' as const, root: join(config.dataDir, 'objects'), linkSecret: config.linkSecret }),
          purposes: { ...bidDocumentPurposes(), ...awardDocumentPurposes(), ...caseDocumentPurposes(), ...contentFilePurposes() },
          uploadBufferBytes: config.uploadBufferMiB * 1024 * 1024,
        }),
        AnnouncementsModule,
        BidsModule,
        AwardsModule,
        ComplaintsModule,
        StatisticsModule,
        ContentModule,
        // the deadline scheduler runs in the worker; on the embedded default (PGlite, no worker) here
        ...(config.embedded.database ? [BidsSchedulerModule, AwardsSchedulerModule, SchedulerModule.forRoot(config)] : []),
      ],
    };
  }
}

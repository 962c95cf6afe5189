import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, PlatformConfig, SchedulerModule } from '@app/core';
import { ExchangeModuleOptions, ExchangeWorkerModule } from '@app/exchange';
import { platformSchema } from '@app/platform';
import { BidsSchedulerModule } from '@app/bids';
import { AwardsSchedulerModule } from '@app/awards';

/** The worker: no HTTP server. Outbox relay and provincial push (exchange), the periodic passes of every module (the one scheduler). */
@Module({})
export class WorkerModule {
  static forRoot(config: PlatformConfig, exchange: ExchangeModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot({ config, schema: platformSchema }), ExchangeWorkerModule.forRoot(config, exchange), BidsSchedulerModule, AwardsSchedulerModule, SchedulerModule.forRoot(config)],
    };
  }
}

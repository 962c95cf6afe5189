import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, PlatformConfig } from '@app/core';
import { platformSchema } from '@app/platform';

/** The worker: no HTTP server. Outbox relay, provincial push, deadline scheduler (added by their modules). */
@Module({})
export class WorkerModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return { module: WorkerModule, imports: [CoreModule.forRoot({ config, schema: platformSchema })] };
  }
}

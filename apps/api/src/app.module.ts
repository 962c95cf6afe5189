import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, PlatformConfig } from '@app/core';
import { IdentityModule } from '@app/identity';
import { platformSchema } from '@app/platform';

/** The HTTP API. On the embedded default it also carries the worker's jobs (one process, one PGlite). */
@Module({})
export class AppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot({ config, schema: platformSchema, http: true }), IdentityModule],
    };
  }
}

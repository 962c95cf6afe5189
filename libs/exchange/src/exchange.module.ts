import { DynamicModule, Global, Module } from '@nestjs/common';
import { PlatformConfig } from '@app/core';
import { QueueDashboard } from './dashboard/queue-dashboard';
import { ExchangeInfraModule, ExchangeModuleOptions } from './exchange-infra.module';
import { ExchangeMetricsService } from './metrics/exchange-metrics.service';
import { MetricsController } from './metrics/metrics.controller';
import { ExchangeAdminController } from './operator/exchange-admin.controller';
import { ExchangeOperatorService } from './operator/exchange-operator.service';
import { OutboxService } from './outbox/outbox.service';

/**
 * The exchange on the API side. Imported as is, it gives every module OutboxService (global). With
 * `forRoot(config)` (the API's app module) it adds the operators' endpoints, /metrics and, with BullMQ on
 * Redis, the queue dashboard.
 */
@Global()
@Module({
  providers: [OutboxService],
  exports: [OutboxService],
})
export class ExchangeModule {
  static forRoot(config: PlatformConfig, extra: ExchangeModuleOptions = {}): DynamicModule {
    return {
      module: ExchangeModule,
      global: true,
      imports: [ExchangeInfraModule.forRoot(config, extra)],
      controllers: [ExchangeAdminController, MetricsController],
      providers: [OutboxService, ExchangeOperatorService, ExchangeMetricsService, ...(config.redisUrl ? [QueueDashboard] : [])],
      exports: [OutboxService],
    };
  }
}

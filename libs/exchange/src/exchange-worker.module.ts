import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { PLATFORM_CONFIG, PlatformConfig, ScheduleRegistry } from '@app/core';
import { ProvincialClient } from './client/provincial.client';
import { ClaimHandoff } from './delivery/claim-handoff';
import { PushService } from './delivery/push.service';
import { ExchangeInfraModule, ExchangeModuleOptions } from './exchange-infra.module';
import { EXCHANGE_OPTIONS, ExchangeOptions } from './exchange.options';
import { PROVINCIAL_PUSH_QUEUE, RECONCILE_SCHEDULER_ID } from './queue/push-queue.constants';
import { PushJobHandlers } from './queue/push-job.handler';
import { ProvincialPushProcessor } from './queue/provincial-push.processor';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { assertNoEviction } from './redis/redis-policy';
import { OutboxRelay } from './relay/outbox-relay';
import { BullmqTransport } from './transport/bullmq.transport';
import { InProcessTransport } from './transport/in-process.transport';
import { PUSH_TRANSPORT } from './transport/push-transport';

/** Refuses to start against a Redis that may evict jobs. */
@Injectable()
class RedisGuard implements OnModuleInit {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  async onModuleInit(): Promise<void> {
    await assertNoEviction(this.config.redisUrl!);
  }
}

/**
 * The periodic reconciliation, declared to the one scheduler (`exchange.reconcile`): BullMQ job schedulers on
 * Redis, timers on the embedded default.
 */
@Injectable()
class ReconcileSchedule implements OnModuleInit {
  constructor(
    private readonly schedules: ScheduleRegistry,
    private readonly reconciliation: ReconciliationService,
    private readonly client: ProvincialClient,
    @Inject(EXCHANGE_OPTIONS) private readonly options: ExchangeOptions,
  ) {}

  onModuleInit(): void {
    if (this.options.reconcileIntervalMs > 0 && this.client.configured) {
      this.schedules.register({ name: 'exchange.reconcile', everyMs: this.options.reconcileIntervalMs, run: () => this.reconciliation.run() });
    }
  }
}

/** Earlier versions scheduled the reconciliation on the push queue itself; that scheduler is removed. */
@Injectable()
class LegacyReconcileSchedulerCleanup implements OnApplicationBootstrap {
  constructor(@InjectQueue(PROVINCIAL_PUSH_QUEUE) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.removeJobScheduler(RECONCILE_SCHEDULER_ID);
  }
}

/**
 * The sending side's jobs: the outbox relay, the transport (BullMQ with REDIS_URL, else in-process), the
 * push processor and the periodic reconciliation. Imported by the worker app, and by the API on the
 * embedded default (one process, one PGlite).
 */
@Module({})
export class ExchangeWorkerModule {
  static forRoot(config: PlatformConfig, extra: ExchangeModuleOptions = {}): DynamicModule {
    const bull = !!config.redisUrl;
    return {
      module: ExchangeWorkerModule,
      imports: [ExchangeInfraModule.forRoot(config, extra)],
      providers: [
        { provide: ClaimHandoff, useValue: new ClaimHandoff() },
        PushService,
        OutboxRelay,
        ...(bull
          ? [RedisGuard, BullmqTransport, { provide: PUSH_TRANSPORT, useExisting: BullmqTransport }, PushJobHandlers, ProvincialPushProcessor, LegacyReconcileSchedulerCleanup]
          : [InProcessTransport, { provide: PUSH_TRANSPORT, useExisting: InProcessTransport }]),
        ReconcileSchedule,
      ],
      exports: [OutboxRelay, PUSH_TRANSPORT],
    };
  }
}

import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { PLATFORM_CONFIG, PlatformConfig } from '@app/core';
import { ProvincialClient } from './client/provincial.client';
import { ClaimHandoff } from './delivery/claim-handoff';
import { PushService } from './delivery/push.service';
import { ExchangeInfraModule, ExchangeModuleOptions } from './exchange-infra.module';
import { EXCHANGE_OPTIONS, ExchangeOptions } from './exchange.options';
import { PROVINCIAL_PUSH_QUEUE, PUSH_JOB_NAMES, RECONCILE_SCHEDULER_ID } from './queue/push-queue.constants';
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

/** The periodic reconciliation: a BullMQ job scheduler (one run per interval across all workers). */
@Injectable()
class BullmqReconcileSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(PROVINCIAL_PUSH_QUEUE) private readonly queue: Queue,
    @Inject(EXCHANGE_OPTIONS) private readonly options: ExchangeOptions,
    private readonly client: ProvincialClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.reconcileIntervalMs > 0 && this.client.configured) {
      await this.queue.upsertJobScheduler(
        RECONCILE_SCHEDULER_ID,
        { every: this.options.reconcileIntervalMs },
        { name: PUSH_JOB_NAMES.reconcile, data: {}, opts: { attempts: 1, removeOnComplete: 50, removeOnFail: 50 } },
      );
    } else {
      await this.queue.removeJobScheduler(RECONCILE_SCHEDULER_ID);
    }
  }
}

/** The periodic reconciliation of the in-process transport: a timer in this one process. */
@Injectable()
class InProcessReconcileSchedule implements OnApplicationBootstrap {
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('Reconciliation');

  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly client: ProvincialClient,
    @Inject(EXCHANGE_OPTIONS) private readonly options: ExchangeOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.reconcileIntervalMs <= 0 || !this.client.configured) return;
    this.timer = setInterval(() => {
      this.reconciliation.run().catch((e: Error) => this.logger.warn(`reconciliation failed: ${e.message}`));
    }, this.options.reconcileIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
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
          ? [RedisGuard, BullmqTransport, { provide: PUSH_TRANSPORT, useExisting: BullmqTransport }, PushJobHandlers, ProvincialPushProcessor, BullmqReconcileSchedule]
          : [InProcessTransport, { provide: PUSH_TRANSPORT, useExisting: InProcessTransport }, InProcessReconcileSchedule]),
      ],
      exports: [OutboxRelay, PUSH_TRANSPORT],
    };
  }
}

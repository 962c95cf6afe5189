import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { DynamicModule, Global, Injectable, Module, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { HealthService, PlatformConfig } from '@app/core';
import { PROVINCIAL_TARGET, ProvincialClient, ProvincialTarget, provincialTargetOf } from './client/provincial.client';
import { EXCHANGE_OPTIONS, ExchangeOptions, loadExchangeOptions } from './exchange.options';
import { ExchangeStatusService } from './operator/exchange-status.service';
import { OutboxService } from './outbox/outbox.service';
import { PROVINCIAL_PUSH_QUEUE } from './queue/push-queue.constants';
import { ReconciliationService } from './reconciliation/reconciliation.service';

export interface ExchangeModuleOptions {
  /** Overrides of the EXCHANGE_* settings (tests, benchmark). */
  options?: Partial<ExchangeOptions>;
  /** Where to push instead of config.provincial (the embedded receiver's URL). */
  target?: Partial<ProvincialTarget>;
}

/** Default options of a push job: attempts with the custom exponential backoff with jitter; finished jobs kept. */
export function pushJobDefaults(o: ExchangeOptions) {
  return {
    attempts: o.jobAttempts,
    backoff: { type: 'exponential-jitter', delay: o.backoff.baseMs },
    // Completed jobs are kept well beyond the relay's retry window, so that a requeued row finds its job
    // (and the add is a no-op) instead of sending again; failed ones a week, for the dashboard.
    removeOnComplete: { age: Math.max(86_400, Math.ceil((o.requeueAfterMs * 4) / 1000)) },
    removeOnFail: { age: 7 * 86_400 },
  };
}

/** Redis in /health (api and worker) when the queue is BullMQ. */
@Injectable()
class QueueHealth implements OnModuleInit {
  constructor(
    @InjectQueue(PROVINCIAL_PUSH_QUEUE) private readonly queue: Queue,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    this.health.register('redis', async () => {
      await this.queue.getJobCounts('waiting');
    });
  }
}

const cache = new WeakMap<PlatformConfig, Map<string, DynamicModule>>();

/**
 * What the API side and the worker side share: the options, the outbox, the provincial client,
 * reconciliation, the status figures and (with REDIS_URL) the BullMQ connection and queue. One instance per configuration, so
 * that an application importing both sides gets one of each.
 */
@Global()
@Module({})
export class ExchangeInfraModule {
  static forRoot(config: PlatformConfig, extra: ExchangeModuleOptions = {}): DynamicModule {
    const key = JSON.stringify(extra);
    let byKey = cache.get(config);
    if (!byKey) cache.set(config, (byKey = new Map()));
    const hit = byKey.get(key);
    if (hit) return hit;

    const options = loadExchangeOptions(config, extra.options);
    const target: ProvincialTarget = { ...provincialTargetOf(config), ...extra.target };
    const queueImports = config.redisUrl
      ? [
          BullModule.forRoot({ connection: { url: config.redisUrl }, prefix: options.queuePrefix }),
          BullModule.registerQueue({ name: PROVINCIAL_PUSH_QUEUE, defaultJobOptions: pushJobDefaults(options) }),
        ]
      : [];
    const mod: DynamicModule = {
      module: ExchangeInfraModule,
      global: true,
      imports: queueImports,
      providers: [
        { provide: EXCHANGE_OPTIONS, useValue: options },
        { provide: PROVINCIAL_TARGET, useValue: target },
        ProvincialClient,
        ReconciliationService,
        ExchangeStatusService,
        OutboxService,
        ...(config.redisUrl ? [QueueHealth] : []),
      ],
      exports: [EXCHANGE_OPTIONS, PROVINCIAL_TARGET, ProvincialClient, ReconciliationService, ExchangeStatusService, OutboxService, ...queueImports],
    };
    byKey.set(key, mod);
    return mod;
  }
}

import { DynamicModule, Global, Module, OnModuleInit } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { AuditHolds } from './audit/audit-holds';
import { AuditSequencer } from './audit/audit-sequencer';
import { AuditService } from './audit/audit.service';
import { ClockService } from './clock/clock.service';
import { HealthService } from './health/health.service';
import { HealthController } from './health/health.controller';
import { ReadinessService } from './health/readiness.service';
import { TerminusModule } from '@nestjs/terminus';
import { ScheduleRegistry } from './scheduling/schedule-registry';
import { PlatformController } from './admin/platform-admin.controller';
import { CalendarController } from './calendar/calendar.controller';
import { CalendarService } from './calendar/calendar.service';
import { PLATFORM_CONFIG, PlatformConfig } from './config/platform-config';
import { ChangeService } from './database/change.service';
import { dataSourceOptions, ModuleSchema } from './database/data-source-options';
import { createDataSource } from './database/open-data-source';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { createValidationPipe } from './errors/validation';
import { LoggingModule } from './logging/logging.module';
import { RateLimitModule } from './http/rate-limit';

export interface CoreModuleOptions {
  config: PlatformConfig;
  schema: ModuleSchema;
  /** Register the global pipe and filter (HTTP apps). */
  http?: boolean;
}

/**
 * Configuration, the one DataSource, the clock, the audit chain, the change unit of work, and (for HTTP
 * apps) the global ValidationPipe and problem+json filter.
 */
@Global()
@Module({})
export class CoreModule implements OnModuleInit {
  constructor(private readonly clock: ClockService) {}

  static forRoot(options: CoreModuleOptions): DynamicModule {
    const { config, schema } = options;
    return {
      module: CoreModule,
      imports: [
        LoggingModule.forRoot(config, { http: !!options.http }),
        ...(options.http ? [RateLimitModule.forRoot(config), TerminusModule.forRoot({ logger: false })] : []),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config, schema),
          dataSourceFactory: async (opts) => {
            const ds = await createDataSource(config, opts as DataSourceOptions);
            await ds.initialize();
            if (config.migrationsRun) await ds.runMigrations({ transaction: 'each' });
            return ds;
          },
        }),
      ],
      controllers: options.http ? [PlatformController, CalendarController, HealthController] : [],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        ClockService,
        AuditSequencer,
        AuditHolds,
        AuditService,
        ChangeService,
        HealthService,
        ReadinessService,
        ScheduleRegistry,
        CalendarService,
        ...(options.http
          ? [
              { provide: APP_PIPE, useFactory: createValidationPipe },
              { provide: APP_FILTER, useClass: ProblemDetailsFilter },
            ]
          : []),
      ],
      exports: [PLATFORM_CONFIG, ClockService, AuditService, AuditHolds, AuditSequencer, ChangeService, HealthService, ReadinessService, CalendarService, ScheduleRegistry, TypeOrmModule],
    };
  }

  async onModuleInit(): Promise<void> {
    await this.clock.init();
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { AdminController, AdminTokenGuard } from './admin.controller';
import { Delays } from './delays';
import { ExchangeController } from './exchange.controller';
import { ExchangeReceiver } from './exchange-receiver';
import { FaultInjector } from './fault-injector';
import { HomeController } from './home.controller';
import { SIM_CONFIG, type SimConfig } from './provincial-sim.tokens';
import { RecordStore } from './record-store';
import { TrafficLog } from './traffic-log';

/** The reference receiver of docs/provincial-api.md. The store is opened before the module and closed after it. */
@Module({})
export class ProvincialSimModule {
  static forRoot(config: SimConfig, store: RecordStore, delays: Delays): DynamicModule {
    return {
      module: ProvincialSimModule,
      controllers: [ExchangeController, AdminController, HomeController],
      providers: [
        { provide: SIM_CONFIG, useValue: config },
        { provide: RecordStore, useValue: store },
        { provide: Delays, useValue: delays },
        { provide: FaultInjector, useValue: new FaultInjector(config.startupFaults, config.random) },
        { provide: TrafficLog, useValue: new TrafficLog() },
        ExchangeReceiver,
        AdminTokenGuard,
      ],
    };
  }
}

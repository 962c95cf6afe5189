import type { ModuleSchema } from '@app/core';
import { Exchange1764100200000 } from './migrations/1764100200000-exchange';
import { OutboxRecord } from './outbox/outbox-record.entity';

export const exchangeSchema: ModuleSchema = { entities: [OutboxRecord], migrations: [Exchange1764100200000] };

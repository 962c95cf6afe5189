import type { ModuleSchema } from '@app/core';
import { Exchange1764100200000 } from './migrations/1764100200000-exchange';
import { OutboxIndexes1764100500000 } from './migrations/1764100500000-outbox-indexes';
import { OutboxRequestId1764100590000 } from './migrations/1764100590000-outbox-request-id';
import { OutboxRecord } from './outbox/outbox-record.entity';

export const exchangeSchema: ModuleSchema = { entities: [OutboxRecord], migrations: [Exchange1764100200000, OutboxIndexes1764100500000, OutboxRequestId1764100590000] };

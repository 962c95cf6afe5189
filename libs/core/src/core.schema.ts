import type { ModuleSchema } from './database/data-source-options';
import { AuditEntry } from './audit/audit-entry.entity';
import { Core1764100000000 } from './migrations/1764100000000-core';
import { AuditSequencer1764100770000 } from './migrations/1764100770000-audit-sequencer';

export const coreSchema: ModuleSchema = { entities: [AuditEntry], migrations: [Core1764100000000, AuditSequencer1764100770000] };

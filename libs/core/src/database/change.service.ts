import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecord, AuditService } from '../audit/audit.service';
import { ClockService } from '../clock/clock.service';
import type { Actor } from '../http/actor';

/** What a state change gets to work with: one transaction's manager, the actor, the platform time. */
export interface ChangeContext {
  manager: EntityManager;
  actor: Actor;
  /** The platform time of this change (ClockService), the same for every row it writes. */
  at: Date;
  audit(record: AuditRecord): Promise<void>;
}

/**
 * Every state change of the platform is one transaction that writes the business rows, its audit entries
 * and its outbox rows together (docs/design.md "How a change flows"). Nothing leaves the process inside it.
 */
@Injectable()
export class ChangeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  run<T>(actor: Actor, work: (ctx: ChangeContext) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const at = this.clock.now();
      const ctx: ChangeContext = {
        manager,
        actor,
        at,
        audit: async (record) => {
          await this.audit.append(manager, actor, record, at);
        },
      };
      return work(ctx);
    });
  }
}

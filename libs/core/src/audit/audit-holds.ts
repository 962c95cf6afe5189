import { Injectable } from '@nestjs/common';

/**
 * Audit entries a module holds back from the audit log's readers for now: entries of `action` about the
 * entities `heldEntityIds()` names (R13: who downloaded a section's tender documents, until its 截止). The
 * entries are in the chain from the start (verify covers them); only GET /audit leaves them out.
 */
export interface AuditHold {
  action: string;
  heldEntityIds(): Promise<string[]>;
}

@Injectable()
export class AuditHolds {
  private readonly holds: AuditHold[] = [];

  register(hold: AuditHold): void {
    this.holds.push(hold);
  }

  async current(): Promise<{ action: string; entityIds: string[] }[]> {
    return Promise.all(this.holds.map(async (h) => ({ action: h.action, entityIds: await h.heldEntityIds() })));
  }
}

import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ChangeService, ClockService, ScheduleRegistry, SYSTEM_ACTOR } from '@app/core';

/** How often the pass looks for overdue contracts and reports. */
export const AWARD_DEADLINES_EVERY_MS = 60_000;

/**
 * The deadline pass of the awards module (`awards.deadlines`, on the one scheduler): flags each contract past R24 and
 * each supervisor report past R25 once, with an audit entry. The flag is a conditional update (… IS NULL), so a pass
 * that runs twice or on two workers flags nothing twice. The overdue list itself (GET /api/awards/overdue) is computed
 * from the due dates, so it is right between passes too.
 */
@Injectable()
export class AwardDeadlineScheduler implements OnModuleInit {
  private readonly logger = new Logger('AwardDeadlines');

  constructor(
    private readonly change: ChangeService,
    private readonly clock: ClockService,
    private readonly schedules: ScheduleRegistry,
  ) {}

  onModuleInit(): void {
    this.schedules.register({ name: 'awards.deadlines', everyMs: AWARD_DEADLINES_EVERY_MS, run: () => this.tick() });
  }

  /** One pass; returns how many items it flagged. Tests call it directly. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    let flagged = 0;
    const kinds = [
      { column: 'contract_overdue_at', due: 'contract_due_at', done: 'contract_signed_at', action: 'award.contract_overdue', rule: 'R24' },
      { column: 'report_overdue_at', due: 'report_due_at', done: 'report_submitted_at', action: 'award.report_overdue', rule: 'R25' },
    ] as const;
    for (const k of kinds) {
      flagged += await this.change.run(SYSTEM_ACTOR, async (ctx) => {
        const result = (await ctx.manager.query(
          `UPDATE award SET ${k.column} = $1 WHERE ${k.column} IS NULL AND ${k.done} IS NULL AND ${k.due} IS NOT NULL AND ${k.due} <= $1 RETURNING section_id, ${k.due} AS due_at`,
          [now],
        )) as unknown;
        const rows = returnedRows(result);
        for (const r of rows) {
          await ctx.audit({ action: k.action, entityType: 'award', entityId: r.section_id, data: { rule: k.rule, dueAt: new Date(r.due_at).toISOString() } });
          this.logger.warn(`section ${r.section_id}: ${k.rule} time limit passed (${new Date(r.due_at).toISOString()})`);
        }
        return rows.length;
      });
    }
    return flagged;
  }
}

type Row = { section_id: string; due_at: Date | string };

/** TypeORM answers an UPDATE … RETURNING with [rows, count] on pg and with the rows on some drivers. */
function returnedRows(result: unknown): Row[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as Row[];
  return Array.isArray(result) ? (result as Row[]) : [];
}

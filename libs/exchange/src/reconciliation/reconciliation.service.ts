import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, ChangeService, SYSTEM_ACTOR } from '@app/core';
import { ProvincialClient } from '../client/provincial.client';
import type { ReconciliationResponse } from '../contract';
import { notifyOutbox } from '../outbox/outbox.service';

export interface ProjectReconciliation {
  tenderProjectCode: string;
  /** Sequences we had marked delivered that the receiver does not hold: set back to pending. */
  resent: number[];
  receiverReceived: number;
  delivered: number;
}

export interface ReconciliationReport {
  startedAt: string;
  finishedAt: string;
  projectsChecked: number;
  recordsResent: number;
  /** Projects where something was re-sent (at most 100 listed). */
  projects: ProjectReconciliation[];
  errors: { tenderProjectCode: string; error: string }[];
}

const PAGE = 200;
const PARALLEL = 4;

/**
 * Reconciliation with the provincial platform (docs/provincial-api.md "Reconciliation"): asks the receiver, per
 * tender project, what it holds, and sets every record we had marked delivered but it lacks back to pending,
 * so the relay sends it again with the same serialNumber and bytes. Run periodically by the worker and on
 * demand by an administrator.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger('Reconciliation');
  private last?: ReconciliationReport;
  private running?: Promise<ReconciliationReport>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: ProvincialClient,
    private readonly change: ChangeService,
  ) {}

  get lastReport(): ReconciliationReport | undefined {
    return this.last;
  }

  /** One pass over every tender project (a pass already running in this process is joined, not repeated). */
  run(actor: Actor = SYSTEM_ACTOR): Promise<ReconciliationReport> {
    this.running ??= this.pass(actor).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(actor: Actor): Promise<ReconciliationReport> {
    if (!this.client.configured) throw new Error('no provincial platform URL is configured (PROVINCIAL_API_URL)');
    const report: ReconciliationReport = {
      startedAt: new Date().toISOString(),
      finishedAt: '',
      projectsChecked: 0,
      recordsResent: 0,
      projects: [],
      errors: [],
    };
    let after = '';
    for (;;) {
      const page: { code: string }[] = await this.dataSource.query(
        `SELECT tender_project_code AS code FROM outbox_project_sequence WHERE tender_project_code > $1 ORDER BY tender_project_code LIMIT $2`,
        [after, PAGE],
      );
      if (page.length === 0) break;
      after = page[page.length - 1].code;
      const codes = page.map((p) => p.code);
      for (let i = 0; i < codes.length; i += PARALLEL) {
        await Promise.all(
          codes.slice(i, i + PARALLEL).map(async (code) => {
            try {
              const r = await this.project(actor, code);
              report.projectsChecked++;
              if (r.resent.length > 0) {
                report.recordsResent += r.resent.length;
                if (report.projects.length < 100) report.projects.push(r);
              }
            } catch (e) {
              if (report.errors.length < 100) report.errors.push({ tenderProjectCode: code, error: (e as Error).message.slice(0, 300) });
            }
          }),
        );
      }
      if (page.length < PAGE) break;
    }
    report.finishedAt = new Date().toISOString();
    this.last = report;
    const summary = `checked ${report.projectsChecked} projects, re-sending ${report.recordsResent} records, ${report.errors.length} errors`;
    if (report.recordsResent > 0 || report.errors.length > 0) this.logger.warn(`reconciliation: ${summary}`);
    else this.logger.log(`reconciliation: ${summary}`);
    return report;
  }

  /**
   * Reconciles one project. Only records marked delivered before the receiver was asked can be missing from its
   * answer: the receiver stores a record before it answers 200 and the row is marked delivered after that
   * answer (delivered_at, the database's clock), so a row marked at or after `askedAt` was delivered while
   * the question was on its way and is not compared (the next pass sees it).
   */
  async project(actor: Actor, tenderProjectCode: string): Promise<ProjectReconciliation> {
    // (as text: microseconds, which a JavaScript Date would cut to milliseconds)
    const [{ asked_at: askedAt }]: { asked_at: string }[] = await this.dataSource.query(`SELECT clock_timestamp()::text AS asked_at`);
    const theirs: ReconciliationResponse = await this.client.project(tenderProjectCode);
    // Every sequence up to the highest the receiver holds is either received or listed missing, unless the
    // list was cut short: then only the listed ones are known to be missing.
    const receiverMax = theirs.missingTruncated ? null : theirs.received + theirs.missing.length;
    return this.change.run(actor, async (ctx) => {
      const rows: { id: string; sequence: number }[] = await ctx.manager.query(
        `SELECT id, sequence FROM outbox
          WHERE tender_project_code = $1 AND status = 'delivered' AND delivered_at < $4::timestamptz
            AND (sequence = ANY($2::int[]) OR ($3::int IS NOT NULL AND sequence > $3::int))
          ORDER BY sequence
          FOR UPDATE`,
        [tenderProjectCode, theirs.missing, receiverMax, askedAt],
      );
      const [{ n }]: { n: number }[] = await ctx.manager.query(
        `SELECT count(*)::int AS n FROM outbox WHERE tender_project_code = $1 AND status = 'delivered'`,
        [tenderProjectCode],
      );
      const resent = rows.map((r) => Number(r.sequence));
      if (rows.length > 0) {
        await ctx.manager.query(
          `UPDATE outbox SET status = 'pending', replays = replays + 1, attempts = 0, next_attempt_at = NULL,
                  last_error = 'missing at the receiver (reconciliation)'
            WHERE id = ANY($1::bigint[])`,
          [rows.map((r) => String(r.id))],
        );
        await notifyOutbox(ctx.manager);
        await ctx.audit({
          action: 'exchange.resend_missing',
          entityType: 'tender_project',
          entityId: tenderProjectCode,
          data: { sequences: resent.slice(0, 1000), count: resent.length, receiverReceived: theirs.received },
        });
      }
      return { tenderProjectCode, resent, receiverReceived: theirs.received, delivered: n };
    });
  }
}

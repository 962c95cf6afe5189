import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff dashboard's award time limits (GET /staff/award-deadlines, AwardDeadlinesService) read the awards of
 * one organisation, as tenderer or as agency, that still have something open: each side an index scan limited to
 * the open ones (a result to announce, a contract or a report to record), so the finished awards of past years
 * are never read.
 */
export class AwardOrganisationIndexes1764100820000 implements MigrationInterface {
  name = 'AwardOrganisationIndexes1764100820000';

  async up(q: QueryRunner): Promise<void> {
    const open = `result_published_at IS NULL OR contract_signed_at IS NULL OR (report_due_at IS NOT NULL AND report_submitted_at IS NULL)`;
    await q.query(`CREATE INDEX award_open_tenderer_idx ON award (tenderer_org_id) WHERE ${open}`);
    await q.query(`CREATE INDEX award_open_agency_idx ON award (agency_org_id) WHERE agency_org_id IS NOT NULL AND (${open})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX award_open_agency_idx`);
    await q.query(`DROP INDEX award_open_tenderer_idx`);
  }
}
